// Eval-language expressions -> IR (spl-semantics.md §2).
//
// Decisions made here, once:
//  - Special forms become IR forms: if, case, coalesce, validate, mvfilter,
//    mvmap, null(), true(), false(), match() with a constant regex,
//    in() with constant values, like(), searchmatch() (lowered with search
//    semantics).
//  - An unquoted dotted name (`a.b`) reads the field `a.b` when it exists and
//    otherwise concatenates `a` and `b` (spl-semantics.md §2.1 UNCERTAIN,
//    documented recommendation); it draws a warning.
//  - An AND / OR chain, parenthesized chains of the same operator included,
//    is one n-ary node; string equalities of one field OR-ed become one in()
//    (value_lists.h).
//  - Every other function must exist in the runtime registry with a valid
//    number of arguments.
#include <algorithm>
#include <cctype>
#include <set>

#include "compiler/lower/lowerer.h"
#include "compiler/lower/value_lists.h"
#include "compiler/spl/parser.h"
#include "runtime/functions/registry.h"

namespace rulejit::lower {

using ir::Expr;
using ir::ExprPtr;
using ir::Op;

struct EvalLowering {
  Lowerer& l;

  static std::string lower_name(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  ExprPtr field(const spl::EvalExpr& e) {
    if (!l.bound_name_.empty() && e.text == l.bound_name_) return Expr::make(Op::Bound);
    if (e.ambiguous_dotted && !e.quoted && !l.env().dotted_names_are_fields) {
      // a.b: the field a.b if present, else a . b
      std::vector<ExprPtr> parts;
      size_t start = 0;
      bool concat_ok = true;
      while (start <= e.text.size()) {
        size_t dot = e.text.find('.', start);
        std::string part = e.text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty() || std::isdigit(static_cast<unsigned char>(part[0]))) concat_ok = false;
        parts.push_back(Expr::field(l.slot(part)));
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      auto whole = Expr::field(l.slot(e.text));
      if (!concat_ok || parts.size() < 2) return whole;
      l.warning(e.span, "unquoted dotted name '" + e.text +
                            "' is read as a field if it exists, else as concatenation; quote it as '" + e.text +
                            "' or use spaces around '.'");
      ExprPtr cat = std::move(parts[0]);
      for (size_t i = 1; i < parts.size(); ++i) {
        std::vector<ExprPtr> two;
        two.push_back(std::move(cat));
        two.push_back(std::move(parts[i]));
        cat = Expr::make(Op::Concat, std::move(two));
      }
      std::vector<ExprPtr> alts;
      alts.push_back(std::move(whole));
      alts.push_back(std::move(cat));
      return Expr::make(Op::Coalesce, std::move(alts));
    }
    return Expr::field(l.slot(e.text));
  }

  std::vector<ExprPtr> lower_args(const spl::EvalExpr& e, size_t from = 0) {
    std::vector<ExprPtr> out;
    for (size_t i = from; i < e.args.size(); ++i) out.push_back(lower(*e.args[i]));
    return out;
  }

  static const spl::EvalExpr* const_string(const spl::EvalExpr& e) {
    return e.kind == spl::EvalExpr::Kind::String ? &e : nullptr;
  }

  static void collect_fields(const spl::EvalExpr& e, std::set<std::string>& out) {
    if (e.kind == spl::EvalExpr::Kind::Field) out.insert(e.text);
    for (const auto& a : e.args) collect_fields(*a, out);
  }

  bool check_arity(const spl::EvalExpr& e, size_t lo, size_t hi) {
    if (e.args.size() >= lo && e.args.size() <= hi) return true;
    l.error(e.span, "function " + e.text + "() takes " +
                        (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
                        " arguments, got " + std::to_string(e.args.size()));
    return false;
  }

  ExprPtr bound_lambda(Op op, const spl::EvalExpr& source_field, const spl::EvalExpr& body) {
    std::string saved = l.bound_name_;
    auto src = field(source_field);
    l.bound_name_ = source_field.text;
    auto b = lower(body);
    l.bound_name_ = saved;
    std::vector<ExprPtr> args;
    args.push_back(std::move(src));
    args.push_back(std::move(b));
    return Expr::make(op, std::move(args));
  }

  ExprPtr call(const spl::EvalExpr& e) {
    const std::string name = lower_name(e.text);
    if (name == "if") {
      if (!check_arity(e, 3, 3)) return Expr::constant({});
      return Expr::make(Op::If, lower_args(e));
    }
    if (name == "case") {
      if (e.args.size() % 2 != 0) {
        l.error(e.span, "case() takes condition/value pairs");
        return Expr::constant({});
      }
      return Expr::make(Op::Case, lower_args(e));
    }
    if (name == "validate") {
      // validate(c1, v1, ...): the value of the first condition that is NOT true.
      if (e.args.size() % 2 != 0 || e.args.empty()) {
        l.error(e.span, "validate() takes condition/value pairs");
        return Expr::constant({});
      }
      std::vector<ExprPtr> args;
      for (size_t i = 0; i < e.args.size(); i += 2) {
        std::vector<ExprPtr> one;
        one.push_back(lower(*e.args[i]));
        args.push_back(Expr::make(Op::Not, std::move(one)));
        args.push_back(lower(*e.args[i + 1]));
      }
      return Expr::make(Op::Case, std::move(args));
    }
    if (name == "coalesce") {
      if (!check_arity(e, 1, SIZE_MAX)) return Expr::constant({});
      return Expr::make(Op::Coalesce, lower_args(e));
    }
    if (name == "null") return check_arity(e, 0, 0), Expr::constant({});
    if (name == "true") return check_arity(e, 0, 0), Expr::constant(rt::Value::boolean(true));
    if (name == "false") return check_arity(e, 0, 0), Expr::constant(rt::Value::boolean(false));
    if (name == "like") {
      if (!check_arity(e, 2, 2)) return Expr::constant({});
      return Expr::make(Op::Like, lower_args(e));
    }
    if (name == "match" && e.args.size() == 2 && const_string(*e.args[1])) {
      auto x = Expr::make(Op::RegexMatch);
      x->args.push_back(lower(*e.args[0]));
      x->index = l.add_regex(e.args[1]->text);
      return x;
    }
    if (name == "in" && e.args.size() >= 2 &&
        std::all_of(e.args.begin() + 1, e.args.end(), [](const auto& a) {
          return a->kind == spl::EvalExpr::Kind::String || a->kind == spl::EvalExpr::Kind::Number;
        })) {
      std::vector<std::string> items;
      for (size_t i = 1; i < e.args.size(); ++i) items.push_back(e.args[i]->text);
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      auto x = Expr::make(Op::InList);
      x->args.push_back(lower(*e.args[0]));
      x->index = l.add_set(std::move(items));
      return x;
    }
    if (name == "mvfilter") {
      if (!check_arity(e, 1, 1)) return Expr::constant({});
      std::set<std::string> names;
      collect_fields(*e.args[0], names);
      if (names.size() != 1) {
        l.error(e.span, "mvfilter() must reference exactly one field");
        return Expr::constant({});
      }
      spl::EvalExpr src;
      src.kind = spl::EvalExpr::Kind::Field;
      src.text = *names.begin();
      src.span = e.span;
      return bound_lambda(Op::MvFilter, src, *e.args[0]);
    }
    if (name == "mvmap") {
      if (!check_arity(e, 2, 2)) return Expr::constant({});
      if (e.args[0]->kind != spl::EvalExpr::Kind::Field) {
        l.error(e.args[0]->span, "mvmap() needs a field as its first argument");
        return Expr::constant({});
      }
      return bound_lambda(Op::MvMap, *e.args[0], *e.args[1]);
    }
    if (name == "searchmatch") {
      if (!check_arity(e, 1, 1)) return Expr::constant({});
      if (!const_string(*e.args[0])) {
        l.unsupported(e.span, "searchmatch() with a non-constant search");
        return Expr::constant({});
      }
      auto parsed = spl::parse_search_expression(e.args[0]->text);
      if (!parsed.expr || !parsed.errors.empty()) {
        l.error(e.args[0]->span, "searchmatch(): " +
                                     (parsed.errors.empty() ? std::string("empty search") : parsed.errors[0].message));
        return Expr::constant({});
      }
      return l.lower_search(*parsed.expr);
    }
    const rt::FunctionInfo* fn = rt::find_function(name);
    if (!fn) {
      l.error(e.span, "unknown eval function '" + e.text + "'");
      return Expr::constant({});
    }
    size_t hi = fn->max_args < 0 ? SIZE_MAX : static_cast<size_t>(fn->max_args);
    if (!check_arity(e, static_cast<size_t>(fn->min_args), hi)) return Expr::constant({});
    auto x = Expr::make(Op::Call, lower_args(e));
    x->text = name;
    return x;
  }

  ExprPtr lower(const spl::EvalExpr& e) {
    using K = spl::EvalExpr::Kind;
    switch (e.kind) {
      case K::Number: return Expr::constant(rt::Value::number(e.number));
      case K::String: return Expr::constant(rt::Value::string(e.text));
      case K::Field: return field(e);
      case K::Call: return call(e);
      case K::Unary: {
        std::vector<ExprPtr> a;
        a.push_back(lower(*e.args.at(0)));
        switch (e.unary_op) {
          case spl::EvalUnaryOp::Neg: return Expr::make(Op::Neg, std::move(a));
          case spl::EvalUnaryOp::Not: return Expr::make(Op::Not, std::move(a));
          case spl::EvalUnaryOp::Plus: return std::move(a[0]);
        }
        break;
      }
      case K::Binary: {
        if (e.binary_op == spl::EvalBinaryOp::And || e.binary_op == spl::EvalBinaryOp::Or) {
          // One node for the whole chain (value_lists.h).
          auto a = lower_eval_operands(l, e);
          if (a.size() == 1) return std::move(a[0]);
          return Expr::make(e.binary_op == spl::EvalBinaryOp::And ? Op::And : Op::Or, std::move(a));
        }
        auto a = lower_args(e);
        Op op = Op::Add;
        switch (e.binary_op) {
          case spl::EvalBinaryOp::Add: op = Op::Add; break;
          case spl::EvalBinaryOp::Sub: op = Op::Sub; break;
          case spl::EvalBinaryOp::Mul: op = Op::Mul; break;
          case spl::EvalBinaryOp::Div: op = Op::Div; break;
          case spl::EvalBinaryOp::Mod: op = Op::Mod; break;
          case spl::EvalBinaryOp::Concat: op = Op::Concat; break;
          case spl::EvalBinaryOp::Eq: op = Op::Eq; break;
          case spl::EvalBinaryOp::Ne: op = Op::Ne; break;
          case spl::EvalBinaryOp::Lt: op = Op::Lt; break;
          case spl::EvalBinaryOp::Le: op = Op::Le; break;
          case spl::EvalBinaryOp::Gt: op = Op::Gt; break;
          case spl::EvalBinaryOp::Ge: op = Op::Ge; break;
          case spl::EvalBinaryOp::Like: op = Op::Like; break;
          case spl::EvalBinaryOp::And: op = Op::And; break;
          case spl::EvalBinaryOp::Or: op = Op::Or; break;
          case spl::EvalBinaryOp::Xor: op = Op::Xor; break;
        }
        return Expr::make(op, std::move(a));
      }
    }
    return Expr::constant({});
  }
};

ExprPtr Lowerer::lower_eval(const spl::EvalExpr& e) { return EvalLowering{*this}.lower(e); }

}  // namespace rulejit::lower
