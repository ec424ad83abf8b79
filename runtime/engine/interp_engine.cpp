// The interpreter-backed Engine: simple and obviously correct; the reference
// the JIT engine is tested against. Every rule bound to the event's field map
// gets its full input row and runs through PlanRunner.
#include <map>

#include "runtime/engine/engine_core.h"

namespace rulejit::rt {
namespace {

std::string rule_key(const ir::PackRule& r) { return r.id.empty() ? r.name : r.id; }

class InterpreterEngine final : public EngineCore {
 public:
  using EngineCore::EngineCore;

  // ---- embedding hooks (engine.h). They use only EngineCore members, so
  // another EngineCore executor can share them as they are.
  bool push_routed(const Line& line, std::string_view sourcetype) override {
    if (!extractor_.extract(line, paths_, fields_).ok()) return true;
    ++stats_.events;
    FieldMapState* chosen = nullptr;
    for (auto& f : fieldmaps_)
      if (f.fm->sourcetype == sourcetype) {
        chosen = &f;
        break;
      }
    if (!chosen) {
      ++stats_.unrouted;
      return true;
    }
    if (chosen->bindings.empty()) return true;
    chosen->derived_ready = false;
    process(*chosen);
    return true;
  }

  std::vector<RuleState> take_rule_states() override {
    std::vector<RuleState> out;
    for (size_t r = 0; r < runners_.size(); ++r) {
      const auto& rule = pack_->rules[r];
      out.push_back({rule_key(rule), ir::print_plan(*rule.plan),
                     std::make_shared<RunnerState>(runners_[r]->take_state())});
    }
    return out;
  }

  size_t adopt_rule_states(std::vector<RuleState>& states) override {
    std::multimap<std::string, RuleState*> by_key;
    for (auto& s : states)
      if (s.state) by_key.emplace(s.rule_key, &s);
    size_t adopted = 0;
    for (size_t r = 0; r < runners_.size(); ++r) {
      const auto& rule = pack_->rules[r];
      auto [lo, hi] = by_key.equal_range(rule_key(rule));
      if (lo == hi) continue;
      std::string text = ir::print_plan(*rule.plan);
      for (auto it = lo; it != hi; ++it) {
        RuleState* s = it->second;
        if (!s->state || s->plan_text != text) continue;
        runners_[r]->adopt_state(std::move(*s->state));
        s->state.reset();
        ++adopted;
        break;
      }
    }
    return adopted;
  }

  size_t memory_bytes() const override {
    size_t total = 0;
    for (const auto& r : runners_) total += r->memory_bytes();
    return total;
  }

 private:
  void process(FieldMapState& st) override {
    for (const auto* b : st.bindings) run_rule_interpreted(*b, build_row(st, *b));
  }
};

}  // namespace

std::unique_ptr<Engine> make_interpreter_engine(std::shared_ptr<const ir::Pack> pack, EngineOptions options,
                                                ResultSink sink) {
  return std::make_unique<InterpreterEngine>(std::move(pack), options, std::move(sink));
}

std::vector<ir::SlotId> result_columns(const ir::Plan& plan, const Row& row) {
  if (!plan.columns_dynamic) return plan.columns;
  std::vector<ir::SlotId> cols;
  ir::SlotId t = plan.slot_of("_time");
  if (t != ir::kNoSlot && !row.slots[t].is_null()) cols.push_back(t);
  for (ir::SlotId s = 0; s < plan.slots.size(); ++s)
    if (!plan.slots[s].empty() && plan.slots[s][0] != '_' && !row.slots[s].is_null()) cols.push_back(s);
  return cols;
}

}  // namespace rulejit::rt
