#include "runtime/engine/derive_needs.h"

#include "compiler/ir/analysis.h"
#include "runtime/engine/direct_text.h"

namespace rulejit::rt {

DeriveNeeds derive_needs(const ir::FieldMapProgram& fm, const std::set<ir::SlotId>& wanted, FieldPathSet& paths) {
  const ir::EvalStage* ev =
      fm.derive.stages.empty() ? nullptr : std::get_if<ir::EvalStage>(&fm.derive.stages[0]);
  std::set<ir::SlotId> needed = wanted;
  std::set<ir::SlotId> assigned;
  DeriveNeeds n;
  if (ev) {
    for (auto it = ev->assigns.rbegin(); it != ev->assigns.rend(); ++it)
      if (needed.count(it->target)) ir::for_each_slot_read(*it->expr, [&](ir::SlotId s) { needed.insert(s); });
    for (const auto& a : ev->assigns) {
      assigned.insert(a.target);
      if (!needed.count(a.target)) continue;
      n.assigns.push_back(&a);
      n.direct_text.push_back(direct_text_shape(*a.expr) ? 1 : 0);
    }
  }
  for (ir::SlotId s : needed)
    if (!assigned.count(s)) n.raw.emplace_back(s, paths.add(fm.derive.slots[s]));
  return n;
}

}  // namespace rulejit::rt
