#include "runtime/interp/expr_eval.h"

#include <cmath>

#include "runtime/events/raw_search.h"
#include "runtime/functions/eval_error.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/registry.h"

namespace rulejit::rt {
namespace {

using ir::Op;

bool is_literal_string(const ir::Expr& e) { return e.op == Op::Const && e.value.is_string(); }

// Numeric view of an operand: numbers, and field text that parses as a number.
// String literals stay strings (spl-semantics.md §2.3).
std::optional<double> numeric(const Value& v, bool literal) {
  if (v.is_number()) return v.as_number();
  if (literal || v.is_bool() || v.is_null()) return std::nullopt;
  return v.to_number();
}

// Three-valued truth of an operand: true/false, or nullopt for null and for
// values that are not booleans.
std::optional<bool> truth(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  return std::nullopt;
}

// Apply a scalar predicate to every value of a possibly multivalue operand:
// true if any value satisfies it (policy kPredicateOnMultivalueIsAny).
template <typename Pred>
Value any_value(const Value& v, Pred&& pred) {
  if (v.is_null()) return Value();
  if (v.is_multi()) {
    for (const auto& t : v.as_multi())
      if (pred(Value::string(t))) return Value::boolean(true);
    return Value::boolean(false);
  }
  return Value::boolean(pred(v));
}

Value arithmetic(Op op, const Value& a, bool a_lit, const Value& b, bool b_lit) {
  auto x = numeric(a, a_lit), y = numeric(b, b_lit);
  if (op == Op::Add && !(x && y)) {
    // `+` concatenates two strings (§2.3).
    if (a.is_string() && b.is_string()) return Value::string(a.as_string() + b.as_string());
    return Value();
  }
  if (!x || !y) return Value();
  switch (op) {
    case Op::Add: return Value::number(*x + *y);
    case Op::Sub: return Value::number(*x - *y);
    case Op::Mul: return Value::number(*x * *y);
    case Op::Div: return *y == 0 ? Value() : Value::number(*x / *y);
    case Op::Mod: return *y == 0 ? Value() : Value::number(std::fmod(*x, *y));
    default: return Value();
  }
}

}  // namespace

int compare_values(const Value& a, bool a_literal, const Value& b, bool b_literal) {
  auto x = numeric(a, a_literal), y = numeric(b, b_literal);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  int c = a.to_text().compare(b.to_text());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

static Value compare(Op op, const Value& a, bool a_lit, const Value& b, bool b_lit) {
  if (a.is_null() || b.is_null()) return Value();
  auto test = [&](const Value& x, const Value& y) {
    int c = compare_values(x, a_lit, y, b_lit);
    switch (op) {
      case Op::Eq: return c == 0;
      case Op::Ne: return c != 0;
      case Op::Lt: return c < 0;
      case Op::Le: return c <= 0;
      case Op::Gt: return c > 0;
      case Op::Ge: return c >= 0;
      default: return false;
    }
  };
  // Multivalue operands: true if any value satisfies the comparison
  // (spl-semantics.md §2.5 recommendation).
  if (a.is_multi()) return any_value(a, [&](const Value& x) { return test(x, b.is_multi() ? Value::string(b.as_multi()[0]) : b); });
  if (b.is_multi()) return any_value(b, [&](const Value& y) { return test(a, y); });
  return Value::boolean(test(a, b));
}

Value evaluate(const ir::Expr& e, const Row& row, ExprEnv& env, const Value* bound) {
  auto arg = [&](size_t i) { return evaluate(*e.args[i], row, env, bound); };
  switch (e.op) {
    case Op::Const: return e.value;
    case Op::Field: return row.slots[e.slot];
    case Op::Bound: return bound ? *bound : Value();
    case Op::MatchAny: {
      const Value& v = row.slots[e.slot];
      const SearchMatcher& m = env.constants.matchers[e.index];
      if (v.is_null()) return Value::boolean(false);
      if (v.is_multi()) {
        for (const auto& t : v.as_multi())
          if (m.matches(t)) return Value::boolean(true);
        return Value::boolean(false);
      }
      if (v.is_string()) return Value::boolean(m.matches(v.as_string()));
      return Value::boolean(m.matches(v.to_text()));
    }
    case Op::Exists: return Value::boolean(!row.slots[e.slot].is_null());
    case Op::RawTerm: {
      if (env.raw_slot == ir::kNoSlot || row.slots[env.raw_slot].is_null()) return Value::boolean(false);
      std::string raw = row.slots[env.raw_slot].to_text();
      bool hit = (e.index & ir::kRawTermTERM)     ? raw_has_exact_term(raw, e.text)
                 : (e.index & ir::kRawTermPhrase) ? raw_has_phrase(raw, e.text)
                                                  : raw_has_term(raw, e.text);
      // CASE(): the token must also occur with exactly this case.
      if (hit && (e.index & ir::kRawTermCase)) hit = raw.find(e.text) != std::string::npos;
      return Value::boolean(hit);
    }
    case Op::And: {
      bool unknown = false;
      for (const auto& a : e.args) {
        auto t = truth(evaluate(*a, row, env, bound));
        if (t && !*t) return Value::boolean(false);
        if (!t) unknown = true;
      }
      return unknown ? Value() : Value::boolean(true);
    }
    case Op::Or: {
      bool unknown = false;
      for (const auto& a : e.args) {
        auto t = truth(evaluate(*a, row, env, bound));
        if (t && *t) return Value::boolean(true);
        if (!t) unknown = true;
      }
      return unknown ? Value() : Value::boolean(false);
    }
    case Op::Xor: {
      bool acc = false;
      for (const auto& a : e.args) {
        auto t = truth(evaluate(*a, row, env, bound));
        if (!t) return Value();
        acc = acc != *t;
      }
      return Value::boolean(acc);
    }
    case Op::Not: {
      auto t = truth(arg(0));
      return t ? Value::boolean(!*t) : Value();
    }
    case Op::Neg: {
      auto n = numeric(arg(0), is_literal_string(*e.args[0]));
      return n ? Value::number(-*n) : Value();
    }
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod:
      return arithmetic(e.op, arg(0), is_literal_string(*e.args[0]), arg(1), is_literal_string(*e.args[1]));
    case Op::Concat: {
      // `.` with a null operand is null (spl-semantics.md §2.4 recommendation).
      Value a = arg(0), b = arg(1);
      if (a.is_null() || b.is_null() || a.is_bool() || b.is_bool()) return Value();
      return Value::string(a.to_text() + b.to_text());
    }
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
      return compare(e.op, arg(0), is_literal_string(*e.args[0]), arg(1), is_literal_string(*e.args[1]));
    case Op::Like: {
      Value pat = arg(1);
      if (pat.is_null()) return Value();
      std::string p = pat.to_text();
      return any_value(arg(0), [&](const Value& v) { return like_match(p, v.to_text()); });
    }
    case Op::If: {
      auto t = truth(arg(0));
      return (t && *t) ? arg(1) : arg(2);
    }
    case Op::Case:
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        auto t = truth(arg(i));
        if (t && *t) return arg(i + 1);
      }
      return Value();
    case Op::Coalesce:
      for (size_t i = 0; i < e.args.size(); ++i) {
        Value v = arg(i);
        if (!v.is_null()) return v;
      }
      return Value();
    case Op::MvFilter:
    case Op::MvMap: {
      Value src = arg(0);
      std::vector<std::string> out;
      for (const auto& t : src.texts()) {
        Value b = Value::string(t);
        Value r = evaluate(*e.args[1], row, env, &b);
        if (e.op == Op::MvFilter) {
          if (is_true(r)) out.push_back(t);
        } else {
          for (auto& x : r.texts()) out.push_back(std::move(x));
        }
      }
      return Value::make_multi(std::move(out));
    }
    case Op::RegexMatch: {
      const auto& re = env.constants.regexes[e.index];
      if (!re) throw EvalError(env.constants.regex_errors[e.index]);
      return any_value(arg(0), [&](const Value& v) {
        auto st = re->search(v.is_string() ? std::string_view(v.as_string()) : std::string_view(v.to_text()));
        if (st == Regex::Status::kLimit) throw EvalError("regular expression exceeded its match limit");
        return st == Regex::Status::kMatch;
      });
    }
    case Op::InList: {
      const auto& set = env.constants.sets[e.index];
      return any_value(arg(0), [&](const Value& v) { return set.count(v.to_text()) > 0; });
    }
    case Op::Call: {
      const FunctionInfo* fn = find_function(e.text);
      if (!fn) throw EvalError("unknown function " + e.text);
      std::vector<Value> args;
      args.reserve(e.args.size());
      for (size_t i = 0; i < e.args.size(); ++i) args.push_back(arg(i));
      return call_function(*fn, args, env.functions);
    }
  }
  return Value();
}

}  // namespace rulejit::rt
