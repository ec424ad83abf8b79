// Comparison and conditional functions that evaluate eagerly
// (spl-semantics.md §2.4, §2.6-2.8): isnull, isnotnull, coalesce, nullif,
// like, match, in. (if/case/validate are special forms: special_forms.h.)
//
// Predicates over a null subject return null and over a multivalue subject
// test every value (policy.h kPredicateOnNullIsNull,
// kPredicateOnMultivalueIsAny).
#include <string>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/matchers.h"

namespace rulejit::rt {

namespace {

Value fn_isnull(std::span<const Value> a, FunctionContext&) { return Value::boolean(a[0].is_null()); }
Value fn_isnotnull(std::span<const Value> a, FunctionContext&) { return Value::boolean(!a[0].is_null()); }

Value fn_coalesce(std::span<const Value> a, FunctionContext&) {
  for (const Value& v : a) {
    if (!v.is_null()) return v;
  }
  return Value();
}

// nullif(a, b): null when a equals b (numerically when both are numbers,
// else as case-sensitive text), otherwise a.
Value fn_nullif(std::span<const Value> a, FunctionContext&) {
  const Value& x = a[0];
  const Value& y = a[1];
  if (x.is_null()) return Value();
  if (y.is_null()) return x;
  if (x.is_bool() || y.is_bool()) {
    if (x.is_bool() && y.is_bool()) return x.as_bool() == y.as_bool() ? Value() : x;
    args::bool_error("nullif");
  }
  auto nx = x.to_number(), ny = y.to_number();
  bool equal;
  if (nx && ny) {
    equal = *nx == *ny;
  } else {
    args::Text tx(x, "nullif"), ty(y, "nullif");
    equal = tx.view() == ty.view();
  }
  return equal ? Value() : x;
}

Value fn_like(std::span<const Value> a, FunctionContext&) {
  args::Text p(a[1], "like");
  if (p.null()) return Value();
  LikePattern pat(p.view());
  return args::predicate_any(a[0], "like", [&](std::string_view s) { return pat.match(s); });
}

Value fn_match(std::span<const Value> a, FunctionContext& ctx) {
  args::Text p(a[1], "match");
  if (p.null()) return Value();
  auto re = ctx.regex(p.view());
  return args::predicate_any(a[0], "match", [&](std::string_view s) {
    switch (re->search(s)) {
      case Regex::Status::kMatch:
        return true;
      case Regex::Status::kNoMatch:
        return false;
      default:
        throw EvalError("match: regex \"" + std::string(re->pattern()) + "\" exceeded its match limit");
    }
  });
}

// in(f, v1, ...): f equals one of the values as exact, case-sensitive text
// (no wildcards, no CIDR; numbers compare by their formatted text, which is
// what ir::Op::InList does too). Null list entries are ignored.
Value fn_in(std::span<const Value> a, FunctionContext&) {
  std::vector<std::string> items;
  std::string scratch;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].is_bool()) args::bool_error("in");
    for (size_t k = 0; k < a[i].count(); ++k) items.emplace_back(args::value_view(a[i], k, scratch));
  }
  return args::predicate_any(a[0], "in", [&](std::string_view s) {
    for (const auto& it : items) {
      if (it == s) return true;
    }
    return false;
  });
}

constexpr FunctionInfo kConditionalFunctions[] = {
    {"coalesce", 1, -1, fn_coalesce, true},
    {"in", 2, -1, fn_in, true},
    {"isnotnull", 1, 1, fn_isnotnull, true},
    {"isnull", 1, 1, fn_isnull, true},
    {"like", 2, 2, fn_like, true},
    {"match", 2, 2, fn_match, true},
    {"nullif", 2, 2, fn_nullif, true},
};

}  // namespace

std::span<const FunctionInfo> families::conditional_functions() { return kConditionalFunctions; }

}  // namespace rulejit::rt
