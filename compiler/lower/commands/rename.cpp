#include <algorithm>

#include "compiler/commands/rename.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

// rename a AS b: b takes a's value (erased when a is absent, §3.9); with
// wildcards only existing fields move. Over aggregated rows the field names
// are known, so wildcards resolve now; over raw events they resolve at the
// end of lowering against every name the pipeline uses.
void lower_rename(const spl::Command& cmd, Lowerer& l) {
  const auto& r = static_cast<const spl::RenameCommand&>(cmd);
  ir::RenameStage st;
  std::vector<std::pair<std::string, std::string>> deferred;
  for (const auto& p : r.pairs) {
    bool wf = has_wildcard(p.from.name), wt = has_wildcard(p.to.name);
    if (!wf && !wt) {
      ir::SlotId from = l.slot(p.from.name), to = l.slot(p.to.name);
      st.pairs.push_back({from, to, false});
      l.rename_column(from, to);
      continue;
    }
    auto count = [](const std::string& s) { return std::count(s.begin(), s.end(), '*'); };
    if (count(p.from.name) != count(p.to.name)) {
      l.error(p.to.span, "rename: '" + p.from.name + "' and '" + p.to.name + "' must have the same number of *");
      continue;
    }
    if (!l.columns_dynamic()) {
      for (ir::SlotId c : std::vector<ir::SlotId>(l.columns())) {
        auto caps = wildcard_captures(p.from.name, l.plan().slots[c]);
        if (!caps) continue;
        ir::SlotId to = l.slot(wildcard_substitute(p.to.name, *caps));
        if (to == c) continue;
        st.pairs.push_back({c, to, true});
        l.rename_column(c, to);
      }
    } else {
      deferred.emplace_back(p.from.name, p.to.name);
    }
  }
  size_t index = l.stage_count();
  bool has_deferred = !deferred.empty();
  if (st.pairs.empty() && !has_deferred) return;
  l.add_stage(std::move(st), true);
  for (auto& [from, to] : deferred) l.defer_wildcard_rename(index, from, to);
}

}  // namespace rulejit::lower
