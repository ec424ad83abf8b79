// Function registry: every eagerly evaluated SPL eval function, by name.
//
// Contract:
//  - find_function(name) returns the entry for an eager function or nullptr.
//    Names match ASCII case-insensitively (policy.h: Splunk accepts CASE(),
//    LIKE()). Special forms (is_special_form) are NOT in this table: they
//    need lazy evaluation, a bound variable or compile-time handling, and the
//    compiler lowers them itself (ir::Op If/Case/Coalesce/MvFilter/MvMap);
//    special_forms.h has eager helpers for them.
//  - An implementation receives already-evaluated arguments, whose count is
//    within [min_args, max_args] (max_args == -1: variadic). call_function()
//    checks the count; calling impl directly skips the check.
//  - Implementations return a Value (null for "no value") and throw only
//    EvalError (eval_error.h). They never keep references to the arguments.
//  - deterministic == false for functions whose result depends on more than
//    their arguments and the run's fixed time zone (now, time, strptime,
//    which reads now() when the format has no year): the compiler must not
//    fold them.
//  - Families: string.cpp, conversion.cpp, conditional.cpp, hash.cpp,
//    multivalue.cpp, math.cpp, time.cpp, network.cpp each contribute one
//    table (families.h).
#pragma once

#include <span>
#include <string_view>

#include "runtime/core/value.h"
#include "runtime/functions/context.h"

namespace rulejit::rt {

using FunctionImpl = Value (*)(std::span<const Value> args, FunctionContext& ctx);

struct FunctionInfo {
  std::string_view name;  // canonical lower-case name
  int min_args;
  int max_args;  // -1 = variadic
  FunctionImpl impl;
  bool deterministic;
};

const FunctionInfo* find_function(std::string_view name);

// True for names the compiler must handle itself: if, case, validate,
// mvfilter, mvmap, searchmatch, null, true, false. (coalesce is registered as
// an eager function; the IR may still lower it lazily as Op::Coalesce.)
bool is_special_form(std::string_view name);

// All registered functions, sorted by name.
std::span<const FunctionInfo> all_functions();

// Checks the argument count, then calls the implementation. Throws EvalError
// ("mvindex takes 2 to 3 arguments, got 1").
Value call_function(const FunctionInfo& fn, std::span<const Value> args, FunctionContext& ctx);
// The same for arguments held elsewhere: they are copied into per-thread
// buffers that keep their string capacity from call to call, so a call
// allocates nothing for its arguments in steady state.
Value call_function(const FunctionInfo& fn, const Value* const* args, size_t n, FunctionContext& ctx);

}  // namespace rulejit::rt
