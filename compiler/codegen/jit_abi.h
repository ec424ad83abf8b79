// The contract between generated code and the C++ runtime: the data layouts
// JIT code reads directly, and the C-ABI helpers it calls for everything
// that is not a hot, tiny operation. Kept free of LLVM headers.
//
// Generated code never embeds process addresses: every runtime object it
// needs (constant values, compiled matchers, regexes, sets, function entries)
// is loaded from a per-engine pointer table (JitCtx::objects) by index, and
// helpers are referenced by symbol name. So an object file compiled once can
// be cached on disk and linked into another process.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::jit {

// One field's values for the current event, as (length, pointer) pairs with
// std::string_view's layout (checked in jit_helpers.cpp).
struct RjStr {
  uint64_t len;
  const char* ptr;
};
struct RjSpan {
  const RjStr* data;
  uint64_t count;
};

struct JitEngineState;  // opaque to generated code

// The context every generated function receives. Generated code reads only
// `objects`, `counters` and `candidates` (by offset); the rest is for helpers.
struct JitCtx {
  const void* const* objects;  // pointer table, indexed by codegen
  uint64_t* counters;          // per binding: events routed to the rule
  JitEngineState* state;
  const uint8_t* candidates;   // per binding: 0 when the raw-line prefilter ruled it out for this event
};

// Names of the helpers (extern "C" in jit_helpers.cpp), for codegen.
namespace helper {
inline constexpr const char* kTruth = "rj_truth";
inline constexpr const char* kIsNull = "rj_is_null";
inline constexpr const char* kMakeBool = "rj_make_bool";
inline constexpr const char* kCompare = "rj_op_compare";
inline constexpr const char* kArith = "rj_op_arith";
inline constexpr const char* kNeg = "rj_op_neg";
inline constexpr const char* kConcat = "rj_op_concat";
inline constexpr const char* kLike = "rj_op_like";
inline constexpr const char* kRegex = "rj_op_regex";
inline constexpr const char* kInList = "rj_op_inlist";
inline constexpr const char* kMatch = "rj_op_match";
inline constexpr const char* kRawTerm = "rj_op_rawterm";
inline constexpr const char* kCall = "rj_op_call";
inline constexpr const char* kLambda = "rj_op_lambda";
inline constexpr const char* kAssign = "rj_assign";
inline constexpr const char* kAssignNull = "rj_assign_null";
inline constexpr const char* kStage = "rj_stage";
inline constexpr const char* kRow = "rj_row";
inline constexpr const char* kRowEarly = "rj_row_early";
inline constexpr const char* kRowRest = "rj_row_rest";
inline constexpr const char* kAccept = "rj_accept";
inline constexpr const char* kCountKeys = "rj_count_keys";
inline constexpr const char* kEvalError = "rj_eval_error";
inline constexpr const char* kDerivedSpan = "rj_derived_span";
inline constexpr const char* kRawSpan = "rj_raw_span";
inline constexpr const char* kGlob = "rj_glob_view";
inline constexpr const char* kSearchMatch = "rj_search_match_view";
inline constexpr const char* kEqCi = "rj_eq_ci_view";
inline constexpr const char* kRawTermView = "rj_rawterm_view";
inline constexpr const char* kLazyView = "rj_lazy_view";
inline constexpr const char* kRegexView = "rj_regex_view";
}  // namespace helper

// Registers every helper's address under its name (for the JIT's symbol table).
std::vector<std::pair<std::string, void*>> helper_symbols();

}  // namespace rulejit::jit
