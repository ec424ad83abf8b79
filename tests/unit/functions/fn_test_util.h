// Helpers for the function-library tests: build Values tersely and call
// registered functions by name with arity checking.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/core/value.h"
#include "runtime/functions/eval_error.h"
#include "runtime/functions/registry.h"

namespace rulejit::rt {
// gtest failure messages show Values in their debug form.
inline void PrintTo(const Value& v, std::ostream* os) { *os << v.debug(); }
}  // namespace rulejit::rt

namespace rulejit::rt::testing {

inline Value S(const char* s) { return Value::string(s); }
inline Value S(const std::string& s) { return Value::string(s); }
inline Value N(double d) { return Value::number(d); }
inline Value B(bool b) { return Value::boolean(b); }
inline Value M(std::initializer_list<const char*> vals) {
  std::vector<std::string> v;
  for (const char* s : vals) v.emplace_back(s);
  return Value::make_multi(std::move(v));
}
inline const Value kNull = Value();

// 2023-11-14T22:13:20Z, a Tuesday.
inline constexpr double kNow = 1700000000;

inline FunctionContext& test_ctx() {
  thread_local FunctionContext ctx = [] {
    FunctionContext c;
    c.now = kNow;
    return c;
  }();
  return ctx;
}

inline Value call(const char* name, std::vector<Value> args, FunctionContext& ctx = test_ctx()) {
  const FunctionInfo* fn = find_function(name);
  if (!fn) throw EvalError(std::string("test: no function ") + name);
  return call_function(*fn, args, ctx);
}

}  // namespace rulejit::rt::testing
