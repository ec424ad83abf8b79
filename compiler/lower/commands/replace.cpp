// replace ... IN f1 f2: one eval stage, each listed field = _replace_values(
// field, from1, to1, ...) (runtime/functions/replace_values.cpp). Without IN
// Splunk replaces in "all non-generated fields" (not those made by stats or
// eval), a distinction the plan does not keep: refused, as are wildcard
// field names. A replacement must have as many `*` as its pattern, or none.
#include "compiler/commands/replace.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

static size_t stars(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '*')); }

void lower_replace(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::ReplaceCommand&>(cmd);
  if (c.fields.empty()) {
    l.unsupported(cmd.span, "replace without IN <fields> (every field not made by stats or eval) is not supported");
    return;
  }
  for (const auto& pr : c.pairs) {
    if (stars(pr.to) != 0 && stars(pr.to) != stars(pr.from)) {
      l.error(pr.span, "replace: the replacement must have as many '*' as the value, or none");
      return;
    }
  }
  ir::EvalStage ev;
  for (const auto& f : c.fields) {
    if (has_wildcard(f.name)) {
      l.unsupported(f.span, "replace IN with a wildcard field name is not supported");
      return;
    }
    ir::SlotId s = l.slot(f.name);
    auto call = ir::Expr::make(ir::Op::Call);
    call->text = "_replace_values";
    call->args.push_back(build::field(s));
    for (const auto& pr : c.pairs) {
      call->args.push_back(build::str(pr.from));
      call->args.push_back(build::str(pr.to));
    }
    ev.assigns.push_back({s, std::move(call)});
  }
  l.add_stage(std::move(ev), true);
}

}  // namespace rulejit::lower
