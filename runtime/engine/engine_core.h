// EngineCore: what every executor shares — reading and routing events,
// computing field-map derived fields once per event, building each rule's
// input row, the per-rule PlanRunners (aggregation, row stages, output) and
// the statistics. An executor only decides how a routed event runs through
// the rules bound to its field map (process()).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/derive_needs.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/routing.h"
#include "runtime/events/event_extractor.h"
#include "runtime/interp/plan_runner.h"

namespace rulejit::rt {

class EngineCore : public Engine {
 public:
  EngineCore(std::shared_ptr<const ir::Pack> pack, EngineOptions options, ResultSink sink);

  void push(const Line& line) override;
  void push_text(std::string_view json) override;
  void finish() override;
  const EngineStats& stats() const override;
  void set_timing(bool on) override { timing_ = on; }
  const std::vector<std::string>& setup_errors() const override { return setup_errors_; }

  // ---- embedding hooks (engine.h), the same for every executor.
  // Full read of the event, routed to the field map of `sourcetype`.
  void push_routed(const Line& line, std::string_view sourcetype) override;
  std::vector<RuleState> take_rule_states() override;
  size_t adopt_rule_states(std::vector<RuleState>& states) override;
  void set_sequence(uint64_t next) override { next_seq_ = next; }
  uint64_t next_sequence() const override { return next_seq_; }
  size_t merge_rule_states(std::vector<RuleState>& states) override;
  size_t memory_bytes() const override;
  size_t group_count() const override;

 protected:
  struct FieldMapState {
    uint32_t index = 0;
    const ir::FieldMapProgram* fm = nullptr;
    int presence_slot = -1;                       // -1: the "*" fallback
    std::string match_top;                        // match_key up to its first dot
    std::vector<std::pair<ir::SlotId, int>> raw;  // derive slot <- path slot
    std::vector<const ir::Assign*> assigns;       // needed derived fields, in order
    std::unique_ptr<CompiledConstants> constants;
    std::unique_ptr<ExprEnv> env;
    std::vector<const ir::RuleBinding*> bindings;
    Row derive_row;
    // Set to false for each new event; derived fields are then computed on
    // demand, each at most once per event (slot_gen[s] == gen: s is current).
    bool derived_ready = false;
    uint64_t gen = 0;
    std::vector<uint64_t> slot_gen;
    struct Needs : DeriveNeeds {
      std::vector<ir::SlotId> other_slots;  // rule slots no input fills (per binding)
      // The FieldMapState::gen whose derive_row holds all of these: hundreds
      // of rules ask for their needs on one event; after the first, the
      // answer is known without walking the list again.
      mutable uint64_t ready_gen = 0;
    };
    Needs all;                    // every binding's needs
    std::vector<Needs> per_binding;  // parallel to bindings
  };

  // Runs the rules bound to `st` for the current event (fields_ holds it).
  virtual void process(FieldMapState& st) = 0;

  // Every push entry point calls this first, once per line: the line's
  // arrival number (set_sequence), which the runners read (line_seq_).
  void begin_line() { line_seq_ = next_seq_++; }

  // The field map an event belongs to (routing.h), judged from `f` with the
  // router built for f's path set; nullptr when no field map claims it.
  FieldMapState* choose_fieldmap(const EventFields& f, const Router& router);
  // The field map with this sourcetype (nullptr when none). Several maps can
  // share one (cisco:isovalent: kprobe and exit events): then the one that
  // claims the event by its key (choose_fieldmap) wins, else the first.
  FieldMapState* fieldmap_by_sourcetype(std::string_view sourcetype, const EventFields& f, const Router& router);
  // Counts the event and runs the rules bound to `chosen` (nullptr: unrouted).
  void dispatch(FieldMapState* chosen);
  // Bookkeeping after each routed event (memory budget checks).
  void after_event();

  // The current event's raw and derived values in st.derive_row: every field
  // any bound rule needs (derive_row) or one binding's (via build_row).
  const Row& derive_row(FieldMapState& st);
  void ensure_derived(FieldMapState& st, const FieldMapState::Needs& needs);
  // The same computation into another row, from another read of the event:
  // `needs` names path slots of `source`; slot_gen/gen as in FieldMapState.
  void derive_into(FieldMapState& st, const DeriveNeeds& needs, const EventFields& source, Row& d,
                   std::vector<uint64_t>& slot_gen, uint64_t gen);
  // The input row of a rule for the current event.
  Row build_row(FieldMapState& st, const ir::RuleBinding& b);
  // The same into an existing row, reusing its storage.
  void fill_row(FieldMapState& st, const ir::RuleBinding& b, Row& r);
  // Where binding b sits in st.bindings (st.bindings.size() when it is not
  // bound to st); O(1): packs bind hundreds of rules to one field map.
  size_t binding_position(const FieldMapState& st, const ir::RuleBinding& b) const {
    const auto i = static_cast<size_t>(&b - pack_->bindings.data());
    const size_t pos = i < binding_pos_.size() ? binding_pos_[i] : SIZE_MAX;
    return pos < st.bindings.size() && st.bindings[pos] == &b ? pos : st.bindings.size();
  }
  // One input of a rule's row from the derived row `d` of the current event.
  void assign_input(const ir::InputBinding& in, const Row& d, Row& r) const;
  void run_rule_interpreted(const ir::RuleBinding& b, Row row);

  double now_seconds() const { return functions_.now; }
  // Executors that count per-rule events themselves add them here.
  virtual void adjust_stats(EngineStats& /*stats*/) const {}
  static double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  std::shared_ptr<const ir::Pack> pack_;
  EngineOptions options_;
  ResultSink sink_;
  FunctionContext functions_;
  LookupCatalog lookups_;
  FieldPathSet paths_;
  Router router_;  // over paths_
  EventFields fields_;
  EventExtractor extractor_;
  std::vector<std::unique_ptr<PlanRunner>> runners_;
  std::vector<std::vector<Row>> captured_;  // rows of hidden (subsearch) rules
  std::vector<FieldMapState> fieldmaps_;
  mutable EngineStats stats_;
  std::vector<std::string> setup_errors_;
  std::string direct_buf_;  // derive_into: a direct text being built
  bool timing_ = false;

 private:
  uint64_t next_seq_ = 0;  // arrival number of the next line
  uint64_t line_seq_ = 0;  // of the line being processed (runners read it)
  // Merges `states` into the matching rules; `adopting`: hot reload.
  size_t merge_states(std::vector<RuleState>& states, bool adopting);
  void prepare_fieldmap(uint32_t index);
  void route();
  void check_memory();
  void collect_stats() const;
  bool memory_warned_ = false;
  std::vector<uint32_t> binding_pos_;  // per binding: its index in its field map's bindings
};

}  // namespace rulejit::rt
