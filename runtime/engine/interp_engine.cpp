// The interpreter-backed Engine: simple and obviously correct; the reference
// the JIT engine is tested against. Every rule bound to the event's field map
// gets its full input row and runs through PlanRunner.
#include "runtime/engine/engine_core.h"

namespace rulejit::rt {
namespace {

class InterpreterEngine final : public EngineCore {
 public:
  using EngineCore::EngineCore;

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
