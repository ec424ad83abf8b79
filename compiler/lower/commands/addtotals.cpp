// addtotals: one eval stage, fieldname (default Total) = _addtotals(fields)
// (runtime/functions/math.cpp). The field list is expanded at compile time:
// wildcards and the implicit "all fields" need a fixed column list (after
// table/stats); over raw events which fields exist depends on the event, so
// that is refused. The implicit list leaves out internal fields (_time, ...)
// and the total itself. col=true appends a summary row: not supported yet.
#include "compiler/commands/addtotals.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

void lower_addtotals(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::AddtotalsCommand&>(cmd);
  if (c.col.value_or(false)) {
    l.unsupported(cmd.span, "addtotals col=true (a summary row) is not supported yet");
    return;
  }
  if (!c.row.value_or(true)) return;  // neither row nor column totals: nothing to do
  const std::string total = c.fieldname ? c.fieldname->name : "Total";
  std::vector<ir::SlotId> inputs;
  auto add = [&](ir::SlotId s) {
    if (l.plan().slots[s] == total) return;
    if (std::find(inputs.begin(), inputs.end(), s) == inputs.end()) inputs.push_back(s);
  };
  bool needs_columns = c.fields.empty();
  for (const auto& f : c.fields) needs_columns |= has_wildcard(f.name);
  if (needs_columns && l.columns_dynamic()) {
    l.unsupported(cmd.span, "addtotals over raw events needs a field list without wildcards (which fields an event has is known only when it is read)");
    return;
  }
  if (c.fields.empty()) {
    for (ir::SlotId s : l.columns())
      if (l.plan().slots[s].rfind('_', 0) != 0) add(s);
  }
  for (const auto& f : c.fields) {
    if (!has_wildcard(f.name)) {
      add(l.slot(f.name));
      continue;
    }
    for (ir::SlotId s : l.columns())
      if (wildcard_captures(f.name, l.plan().slots[s])) add(s);
  }
  auto sum = ir::Expr::make(ir::Op::Call);
  sum->text = "_addtotals";
  for (ir::SlotId s : inputs) sum->args.push_back(build::field(s));
  ir::SlotId out = l.slot(total);
  ir::EvalStage ev;
  ev.assigns.push_back({out, std::move(sum)});
  l.touch_column(out);
  l.add_stage(std::move(ev), true);
}

}  // namespace rulejit::lower
