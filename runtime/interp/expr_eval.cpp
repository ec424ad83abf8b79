#include "runtime/interp/expr_eval.h"

#include "runtime/functions/eval_error.h"
#include "runtime/functions/registry.h"
#include "runtime/interp/eval_ops.h"

namespace rulejit::rt {
namespace {

using ir::Op;

bool is_literal_string(const ir::Expr& e) { return e.op == Op::Const && e.value.is_string(); }

}  // namespace

int compare_values(const Value& a, bool a_literal, const Value& b, bool b_literal) {
  return ops::compare_values(a, a_literal, b, b_literal);
}

Value evaluate(const ir::Expr& e, const Row& row, ExprEnv& env, const Value* bound) {
  auto arg = [&](size_t i) { return evaluate(*e.args[i], row, env, bound); };
  auto lit = [&](size_t i) { return is_literal_string(*e.args[i]); };
  switch (e.op) {
    case Op::Const: return e.value;
    case Op::Field: return row.slots[e.slot];
    case Op::Bound: return bound ? *bound : Value();
    case Op::MatchAny:
      return Value::boolean(ops::match_any(env.constants.matchers[e.index], row.slots[e.slot]));
    case Op::Exists: return Value::boolean(!row.slots[e.slot].is_null());
    case Op::RawTerm: {
      ir::SlotId raw = e.slot != ir::kNoSlot ? e.slot : env.raw_slot;
      if (raw == ir::kNoSlot) return Value::boolean(false);
      return Value::boolean(ops::raw_term(row.slots[raw], e.text, e.index));
    }
    case Op::And: {
      bool unknown = false;
      for (const auto& a : e.args) {
        auto t = ops::truth(evaluate(*a, row, env, bound));
        if (t && !*t) return Value::boolean(false);
        if (!t) unknown = true;
      }
      return unknown ? Value() : Value::boolean(true);
    }
    case Op::Or: {
      bool unknown = false;
      for (const auto& a : e.args) {
        auto t = ops::truth(evaluate(*a, row, env, bound));
        if (t && *t) return Value::boolean(true);
        if (!t) unknown = true;
      }
      return unknown ? Value() : Value::boolean(false);
    }
    case Op::Xor: {
      bool acc = false;
      for (const auto& a : e.args) {
        auto t = ops::truth(evaluate(*a, row, env, bound));
        if (!t) return Value();
        acc = acc != *t;
      }
      return Value::boolean(acc);
    }
    case Op::Not: {
      auto t = ops::truth(arg(0));
      return t ? Value::boolean(!*t) : Value();
    }
    case Op::Neg: return ops::negate(arg(0), lit(0));
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod:
      return ops::arithmetic(e.op, arg(0), lit(0), arg(1), lit(1));
    case Op::Concat: return ops::concat(arg(0), arg(1));
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
      return ops::compare(e.op, arg(0), lit(0), arg(1), lit(1));
    case Op::Like: return ops::like(arg(0), arg(1));
    case Op::If: {
      auto t = ops::truth(arg(0));
      return (t && *t) ? arg(1) : arg(2);
    }
    case Op::Case:
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        auto t = ops::truth(arg(i));
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
      return ops::regex_match(*re, arg(0));
    }
    case Op::InList: return ops::in_list(env.constants.sets[e.index], arg(0));
    case Op::Call: {
      const FunctionInfo* fn = find_function(e.text);
      if (!fn) throw EvalError("unknown function " + e.text);
      // Most calls take a few arguments, mostly fields and constants: those
      // are passed by address (no temporary Value), the rest through
      // temporaries on the stack; call_function copies them into buffers
      // that keep their capacity, so nothing is allocated per call.
      constexpr size_t kInline = 6;
      if (e.args.size() <= kInline) {
        const Value* ptrs[kInline];
        Value temps[kInline];
        for (size_t i = 0; i < e.args.size(); ++i) {
          const ir::Expr& a = *e.args[i];
          if (a.op == Op::Field) {
            ptrs[i] = &row.slots[a.slot];
          } else if (a.op == Op::Const) {
            ptrs[i] = &a.value;
          } else {
            temps[i] = arg(i);
            ptrs[i] = &temps[i];
          }
        }
        return call_function(*fn, ptrs, e.args.size(), env.functions);
      }
      std::vector<Value> args;
      args.reserve(e.args.size());
      for (size_t i = 0; i < e.args.size(); ++i) args.push_back(arg(i));
      return call_function(*fn, args, env.functions);
    }
  }
  return Value();
}

}  // namespace rulejit::rt
