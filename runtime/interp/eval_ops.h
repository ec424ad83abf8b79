// The semantics of each expression IR operation on runtime values, as plain
// functions. The interpreter (expr_eval.cpp) and the JIT's helpers
// (compiler/codegen/jit_helpers.cpp) both call these, so the two executors
// cannot disagree on what an operation means.
//
// `literal` flags say whether an operand is a string literal of the
// expression: string literals never count as numbers (spl-semantics.md §2.3).
#pragma once

#include <optional>
#include <string_view>
#include <unordered_set>

#include "compiler/ir/expr.h"
#include "runtime/core/value.h"
#include "runtime/functions/regex.h"
#include "runtime/interp/search_matcher.h"

namespace rulejit::rt::ops {

// Three-valued truth: true/false for booleans, nullopt for null and non-booleans.
inline std::optional<bool> truth(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  return std::nullopt;
}

// Search-language tests (two-valued).
bool match_any(const SearchMatcher& m, const Value& v);
bool raw_term(const Value& raw, std::string_view term, uint32_t flags);

// Eval operators.
Value compare(ir::Op op, const Value& a, bool a_literal, const Value& b, bool b_literal);
Value arithmetic(ir::Op op, const Value& a, bool a_literal, const Value& b, bool b_literal);
Value negate(const Value& a, bool a_literal);
Value concat(const Value& a, const Value& b);
Value like(const Value& subject, const Value& pattern);
// match() with a precompiled regex; throws EvalError on a match-limit hit.
Value regex_match(const Regex& re, const Value& subject);
// One value against a regex: true on a match; a search that hits PCRE2's
// limit is an EvalError. The per-value rule of regex_match (the JIT's inline
// regex uses it too).
bool regex_matches(const Regex& re, std::string_view s);
Value in_list(const std::unordered_set<std::string>& set, const Value& subject);

// Numeric comparison helper shared by compare(): <0, 0, >0.
int compare_values(const Value& a, bool a_literal, const Value& b, bool b_literal);

}  // namespace rulejit::rt::ops
