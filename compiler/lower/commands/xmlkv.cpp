// `xmlkv [<field>] [maxinputs=<int>]`: every leaf element <k>v</k> of the
// field (default _raw) becomes field k=v. Which names appear depends on the
// data, so like spath's extract-everything it is lowered per field name the
// rule uses (Lowerer::defer_extract_all with _xmlkv). maxinputs only bounds
// Splunk's batch size, not which events are read: accepted and ignored.
#include "compiler/commands/generic.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

void lower_xmlkv(const spl::Command& cmd, Lowerer& l) {
  const auto& g = static_cast<const spl::GenericCommand&>(cmd);
  std::string field = "_raw";
  bool have_field = false;
  for (const auto& a : g.args) {
    std::string_view raw = a.raw;
    if (raw.rfind("maxinputs=", 0) == 0) continue;
    if (raw.find('=') != std::string_view::npos || have_field) {
      l.error(a.span, "xmlkv takes one field and maxinputs=<int>");
      return;
    }
    if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') raw = raw.substr(1, raw.size() - 2);
    field = std::string(raw);
    have_field = true;
  }
  l.defer_extract_all(l.stage_count(), l.slot(field), "_xmlkv");
  l.add_stage(ir::EvalStage{}, true);
}

}  // namespace rulejit::lower
