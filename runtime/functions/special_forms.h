// Eager helpers for the eval special forms (registry.h is_special_form):
// if, case, validate, mvfilter, mvmap, and the boolean/null constants.
//
// The compiler lowers these itself (ir::Op If/Case/MvFilter/MvMap) because
// they evaluate arguments lazily or bind a variable; the interpreter and JIT
// can call these helpers once the needed arguments are evaluated, so the
// semantics live in one place:
//  - if(p, a, b) is a unless p is exactly true (false or null -> b) (§2.4).
//  - case(p1, v1, ...) is the first vi whose pi is true; none -> null.
//  - validate(p1, s1, ...) is the first si whose pi is NOT true; none -> null.
//  - mvfilter keeps the values for which the predicate is exactly true;
//    mvmap collects every non-null result (a multivalue result contributes
//    all its values). Both give null for a null input or an empty result.
#pragma once

#include <functional>
#include <span>

#include "runtime/core/value.h"

namespace rulejit::rt {

bool is_true(const Value& v);

inline const Value& eval_if(const Value& cond, const Value& then_value, const Value& else_value) {
  return is_true(cond) ? then_value : else_value;
}

// `pairs` = p1, v1, p2, v2, ...; an odd count throws EvalError.
Value eval_case(std::span<const Value> pairs);
Value eval_validate(std::span<const Value> pairs);

// Calls `pred`/`fn` with each value of `field` as a String Value.
Value mv_filter(const Value& field, const std::function<Value(const Value&)>& pred);
Value mv_map(const Value& field, const std::function<Value(const Value&)>& fn);

}  // namespace rulejit::rt
