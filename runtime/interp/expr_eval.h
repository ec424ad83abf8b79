// The reference interpreter for expression IR (compiler/ir/expr.h).
//
// Contract: evaluate(e, row) returns the SPL value of e for that row.
// Booleans are Value::boolean; three-valued logic uses Null for "unknown".
// Search-language nodes never return Null. Function errors (EvalError)
// propagate to the caller, which nulls the eval target (spl-semantics §2).
#pragma once

#include "compiler/ir/plan.h"
#include "runtime/functions/context.h"
#include "runtime/interp/compiled_constants.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

struct ExprEnv {
  const ir::Plan& plan;
  const CompiledConstants& constants;
  FunctionContext& functions;
  ir::SlotId raw_slot = ir::kNoSlot;  // `_raw`, for bare terms
};

Value evaluate(const ir::Expr& e, const Row& row, ExprEnv& env, const Value* bound = nullptr);

// True only when v is the boolean true (where/search keep such rows).
inline bool is_true(const Value& v) { return v.is_bool() && v.as_bool(); }

// Eval comparison of two values (§2.3): numeric when both are numeric
// (string literals never count as numeric), else bytewise string order.
// Returns <0, 0, >0.
int compare_values(const Value& a, bool a_literal, const Value& b, bool b_literal);

}  // namespace rulejit::rt
