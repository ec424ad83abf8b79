// JitEngineState: what the JIT helpers need from the engine for the event
// being processed. Implemented by the JIT engine (jit_engine.cpp).
#pragma once

#include "compiler/codegen/jit_abi.h"
#include "runtime/core/value.h"
#include "runtime/interp/expr_eval.h"

namespace rulejit::jit {

struct JitEngineState {
  virtual ~JitEngineState() = default;
  // The input row of binding `b` for the current event, freshly built (one
  // Value per plan slot); *temps receives the binding's scratch values for
  // intermediate results. For a rule that aggregates after stages that only
  // filter and eval, the row holds what those stages read (accept() finds
  // the other inputs in the field map's derived row).
  virtual rt::Value* row(int32_t b, rt::Value** temps) = 0;
  // The row in two steps, for a rule whose first per-event stages (plan
  // stages [from, end)) may drop the event: row_early fills only what those
  // stages read or write (from a partial read of the event when it can);
  // row_rest, once they kept the event, fills the rest (false: the full
  // read found the line malformed, drop it).
  virtual rt::Value* row_early(int32_t b, rt::Value** temps, int32_t from, int32_t end) = 0;
  virtual bool row_rest(int32_t b) = 0;
  // The row survived the per-event stages: aggregate / buffer / emit it.
  virtual void accept(int32_t b) = 0;
  // The event passed binding b's filters and its plan goes straight to
  // `stats count by ...`: `keys` holds the views of each by-field. Counts the
  // event by their texts when each has one value, else builds the row and
  // accepts it (nulls drop the event, multivalues split it).
  virtual void count_keys(int32_t b, const RjSpan* keys, int32_t n) = 0;
  // Runs streaming stage `stage` of binding b's plan on its row.
  virtual bool stage(int32_t b, int32_t stage) = 0;
  // Values of a field-map derived field for the current event.
  virtual void derived_span(int32_t derive_slot, RjSpan* out) = 0;
  // Fills views[index] (a lazy view, FieldMapCode::eager_views) for the
  // current event, once; later calls leave it as it is.
  virtual void lazy_view(int64_t index, RjSpan* view) = 0;
  // The raw event line as a one-value span.
  virtual void raw_span(RjSpan* out) = 0;
  virtual void eval_error(int32_t b) = 0;
  // Interpreter environment of binding b's plan (for lambdas).
  virtual rt::ExprEnv& env(int32_t b) = 0;
  virtual rt::FunctionContext& functions() = 0;
};

}  // namespace rulejit::jit
