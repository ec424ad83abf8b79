// PlanRunner: the reference interpreter for one plan (compiler/ir/plan.h).
//
// Contract:
//  - push_event(row) receives a row whose event-input slots
//    (ir::event_input_slots) hold the event's values and every other slot is
//    null. It runs the per-event stages; a surviving row either updates the
//    first aggregation, is buffered for the row stages, or (no row stages)
//    is emitted at once.
//  - finish() ends the input: it runs the row stages over the aggregated or
//    buffered rows and emits the results. Buffered events are put in
//    Splunk's order (newest first) before order-sensitive stages see them.
//  - Errors inside one row's evaluation (EvalError) null the eval target
//    (eval) or drop the row (filter); they are counted, never fatal.
//  - Every accepted row gets an arrival number (row.seq, also the seq of its
//    aggregation update): the engine's line number when the engine gave a
//    source (set_arrival_source), else a counter of the runner's own. Ties
//    on _time are ordered by it, so shards of one stream numbered by global
//    line give the same results once merged (merge_state).
//  - One runner is used by one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "compiler/ir/plan.h"
#include "runtime/agg/group_table.h"
#include "runtime/interp/compiled_constants.h"
#include "runtime/interp/expr_eval.h"
#include "runtime/lookup/lookup_table.h"

namespace rulejit::rt {

struct RunnerStats {
  uint64_t events_in = 0;       // rows pushed
  uint64_t events_matched = 0;  // rows that survived the per-event stages
  uint64_t results = 0;         // rows emitted
  uint64_t eval_errors = 0;     // EvalErrors caught (target nulled / row dropped)
};

// A runner's aggregation state, for hot reload and merging shards
// (Engine::take_rule_states / merge_rule_states, partial_state.h): valid
// only for a runner of an identical plan.
struct RunnerState {
  std::optional<GroupTable> table;  // the first aggregation's groups
  std::vector<Row> buffered;        // rows waiting for the row stages, by seq
  uint64_t seq = 0;                 // one past the highest arrival number held
};

class PlanRunner {
 public:
  using Sink = std::function<void(const Row&)>;
  // Result rows of a hidden subsearch rule (join / append), by rule index;
  // nullptr when unknown. Set by the engine.
  using SubRows = std::function<const std::vector<Row>*(uint32_t rule)>;
  void set_sub_rows(SubRows f) { sub_rows_ = std::move(f); }

  // `lookups` resolves the plan's LookupRefs to loaded tables (may be null when
  // the plan has no lookup stage).
  PlanRunner(std::shared_ptr<const ir::Plan> plan, FunctionContext& functions, LookupCatalog* lookups,
             Sink sink);

  const ir::Plan& plan() const { return *plan_; }
  // Problems found while preparing (invalid regex, missing lookup file).
  const std::vector<std::string>& errors() const { return errors_; }

  bool push_event(Row row);
  void finish();

  // For executors that run the per-event stages themselves (the JIT):
  // count an event routed to the rule, then hand over a row that survived the
  // per-event stages (it updates the aggregation, is buffered or emitted).
  void note_event_in() { ++stats_.events_in; }
  // The row is moved from only when it must be kept (buffered or emitted);
  // an aggregating plan leaves it intact, so callers can reuse its storage.
  void accept_event(Row& row);
  // The same for a plan whose per-event part ends in `stats count by ...`,
  // given the text of each by-field's single value: false (nothing done)
  // when the plan or table does not take that shortcut (then: accept_event).
  bool accept_key_texts(std::span<const std::string_view> key_texts);
  // A plan that aggregates its events (every aggregate input a field or
  // none) also takes an event that passed its per-event stages as pointers
  // to its slots' values, without a row (accept_slots): slots[s] is plan
  // slot s's value after those stages (null for slots the event leaves
  // empty). key_texts / key_hashes: each by-field's single text and its
  // GroupTable::text_hash, or both empty when some by-field is not one text.
  bool aggregates_slots() const;
  void accept_slots(const Value* const* slots, std::span<const std::string_view> key_texts,
                    std::span<const uint64_t> key_hashes);
  void note_eval_error() { ++stats_.eval_errors; }
  // Runs one streaming stage of the plan on a row; false when it drops the row.
  bool apply_event_stage(size_t stage_index, Row& row) { return apply_streaming(plan_->stages[stage_index], row); }
  const CompiledConstants& constants() const { return constants_; }
  ExprEnv& env() { return env_; }
  FunctionContext& functions() { return functions_; }

  const RunnerStats& stats() const { return stats_; }
  size_t memory_bytes() const;
  size_t group_count() const { return table_ ? table_->group_count() : 0; }

  // The arrival number of the event being accepted is read from *line_seq
  // (the engine's current line); nullptr: the runner counts itself.
  void set_arrival_source(const uint64_t* line_seq) { arrival_ = line_seq; }

  // Moves the aggregation state out (this runner is left empty).
  RunnerState take_state();
  // Combines a state taken from a runner of an equal plan (the caller checks
  // equality, e.g. by ir::print_plan) with this runner's: groups merge
  // (GroupTable::merge), buffered rows interleave by seq. False, and nothing
  // changed, when the state does not fit this plan (other table definition,
  // rows of another width: hostile or stale input). `state` is consumed.
  bool merge_state(RunnerState&& state);
  // Hot reload: the same (the old state's rows were numbered before this
  // runner's, see EngineCore::adopt_rule_states).
  void adopt_state(RunnerState&& state) { merge_state(std::move(state)); }

 private:
  bool run_event_stages(Row& row);
  void run_row_stage(const ir::Stage& stage, std::vector<Row>& rows);
  bool apply_streaming(const ir::Stage& stage, Row& row);
  bool apply_streaming_rest(const ir::Stage& stage, Row& row);
  // Eval assignments, left to right (an EvalError nulls the target).
  void run_assigns(const std::vector<ir::Assign>& assigns, Row& row);
  // Moves the groups out of `table` (left empty).
  std::vector<Row> aggregate_rows(const ir::AggregateStage& s, GroupTable& table) const;
  double row_time(const Row& row) const;
  void emit(const Row& row);

  std::shared_ptr<const ir::Plan> plan_;
  FunctionContext& functions_;
  LookupCatalog* lookups_;
  Sink sink_;
  std::vector<std::string> errors_;  // before constants_: building them reports here
  CompiledConstants constants_;
  ExprEnv env_;
  ir::SlotId time_slot_;
  bool event_aggregate_;
  std::optional<GroupTable> table_;  // the first aggregation's state
  std::vector<Row> buffered_;
  SubRows sub_rows_;
  std::vector<const Value*> key_ptrs_, input_ptrs_;  // reused per event
  std::vector<Value> scratch_;
  uint64_t seq_ = 0;  // one past the highest arrival number accepted
  const uint64_t* arrival_ = nullptr;
  uint64_t next_arrival() {
    const uint64_t s = arrival_ ? *arrival_ : seq_;
    seq_ = std::max(seq_, s + 1);
    return s;
  }
  RunnerStats stats_;
};

// Build a GroupTable definition from IR aggregation specs.
std::vector<AggDef> agg_defs(const std::vector<ir::AggSpec>& aggs);

}  // namespace rulejit::rt
