// Internal: argument conversions shared by the function families.
//
// Contract (spl-semantics.md §2.3-2.5, policy.h):
//  - Null stays null: text()/number() report it as "absent".
//  - A Number used as text is formatted with format_number().
//  - A Multi used where one value is expected gives its first value
//    (policy::kScalarFunctionUsesFirstValue).
//  - A Bool where text or a number is needed is an EvalError: Splunk rejects
//    it at type-check time ("... requires a string").
//  - A String used as a number must parse completely (parse_number); if it
//    does not, the number is absent and the function returns null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/core/value.h"
#include "runtime/functions/eval_error.h"

namespace rulejit::rt::args {

// A text view of one argument; owns the formatted text when the argument is
// a number. Not copyable (the view may point into the owned buffer).
class Text {
 public:
  Text(const Value& v, std::string_view fn);
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;
  bool null() const { return null_; }
  std::string_view view() const { return view_; }
  std::string str() const { return std::string(view_); }

 private:
  std::string owned_;
  std::string_view view_;
  bool null_ = false;
};

[[noreturn]] void bool_error(std::string_view fn);

// Number of a scalar argument; nullopt when null or not numeric.
std::optional<double> number(const Value& v, std::string_view fn);
// Integer argument (truncated toward zero); nullopt when null/non-numeric or
// not finite / out of int64 range.
std::optional<int64_t> integer(const Value& v, std::string_view fn);

// Text of value i of `v` (0 <= i < v.count()).
std::string_view value_view(const Value& v, size_t i, std::string& scratch);

// Eval-language truthiness: only Bool true is true.
inline bool is_true(const Value& v) { return v.is_bool() && v.as_bool(); }

// Result of a predicate evaluated over the values of `v` with `test`:
// null for null `v` (policy::kPredicateOnNullIsNull), else Bool(any value
// passes) — or first value only when kPredicateOnMultivalueIsAny is false.
template <class Test>
Value predicate_any(const Value& v, std::string_view fn, Test&& test);

}  // namespace rulejit::rt::args

#include "runtime/functions/args_inl.h"
