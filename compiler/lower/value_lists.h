// Value lists: many values of one field tested in one boolean expression.
//
// Detections list values: `f IN (v1, ..., vn)`, `f=v1 OR f=v2 OR ...`,
// exclusions `f!=v1 f!=v2 ...` or `NOT f=v1 NOT f=v2 ...`, and in `where`
// `f="v1" OR f="v2" OR ...`. Lowered term by term they become one test per
// value: the interpreter scans the field once per value and the JIT emits a
// loop per value, which LLVM's loop passes optimize in superlinear time
// (2,000 terms: 100 s). Here each field's list becomes at most one set
// matcher (exact values) and one glob-list matcher (wildcard values), so a
// list costs one test whatever its length.
//
// Results are those of the terms one by one:
//  - search predicates are two-valued and cannot fail, so an OR (AND) of
//    them may be regrouped freely; `f!=v` is `f=* AND NOT f=v`
//    (search_lower.cpp), so exclusions become `f=* AND NOT f IN (...)`;
//  - in eval, `f="v"` with a string literal compares text exactly, which is
//    what in() does, with the same null (null) and multivalue (any value)
//    rules (eval_ops.cpp); an OR is regrouped only when none of its operands
//    can fail, so no evaluation error is skipped or added by the new order.
#pragma once

#include <vector>

#include "compiler/lower/lowerer.h"

namespace rulejit::lower {

// The test `field = v` of one search value alone: exists for `*`, else a
// glob (case-insensitive, or CASE() sensitive) or CIDR matcher.
ir::ExprPtr lower_value_match(Lowerer& l, ir::SlotId slot, const spl::SearchValue& v);

// `field IN (values)`: the exact values as one set matcher, the wildcard
// values as one glob-list matcher, CIDR / CASE() / `*` values each alone;
// OR-ed (false when there are no values).
ir::ExprPtr lower_value_list(Lowerer& l, ir::SlotId slot, const std::vector<const spl::SearchValue*>& values);

// The operands of a search OR / AND node (nested ORs / ANDs flattened), with
// the comparisons of a field that occurs more than once merged into one
// value list: `f=a OR f IN (b, c)` -> `f IN (a, b, c)`; in an AND,
// `NOT f=a f!=b` -> `f=* AND NOT f IN (a, b)`.
std::vector<ir::ExprPtr> lower_search_operands(Lowerer& l, const spl::SearchExpr& e);

// The operands of an eval AND / OR chain, with parenthesized chains of the
// same operator flattened in, left to right; in an OR, string equalities of
// one field merged into in().
std::vector<ir::ExprPtr> lower_eval_operands(Lowerer& l, const spl::EvalExpr& e);

}  // namespace rulejit::lower
