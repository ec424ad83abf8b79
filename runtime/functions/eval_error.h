// EvalError: the one exception type the function library throws.
//
// Contract: a function throws EvalError when evaluating it for THIS row
// fails in a way Splunk reports as an error rather than a null value: an
// invalid regular expression, a regex that exceeds its match limit, a bad
// argument type (a boolean where text is needed), an out-of-range base for
// tonumber(), an mvrange() that would be too large. The interpreter catches
// it and leaves the eval target null (spl-semantics.md §2: "If evaluation
// fails for a result, eval leaves the target field empty"); the compiler can
// call the same function on constant arguments to report the message as a
// diagnostic. Data that merely does not parse (tonumber("abc"),
// strptime of a non-date) yields a null Value, not an exception.
#pragma once

#include <stdexcept>
#include <string>

namespace rulejit::rt {

class EvalError : public std::runtime_error {
 public:
  explicit EvalError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rulejit::rt
