// | from <type>:<name>, a generating command (first in the search):
//  - datamodel:M.D — the events of the sourcetypes mapped to dataset M.D
//    (Source::Kind::DatamodelEvents). As `datamodel M D search`, the events
//    keep their own fields and gain the dataset's, named D-root.field
//    (UNCERTAIN: Splunk's reference does not say how `from` names them);
//  - lookup:name — the rows of the lookup, as `| inputlookup name`;
//  - savedsearch:name — a saved search a rule pack does not have: refused.
#include "compiler/commands/from.h"
#include "compiler/commands/inputlookup.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

void lower_from(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::FromCommand&>(cmd);
  if (l.command_index != 0) {
    l.unsupported(cmd.span, "from is supported only as the first command");
    return;
  }
  if (c.type == "lookup") {
    spl::InputlookupCommand il;
    il.span = cmd.span;
    il.table = c.dataset;
    lower_inputlookup(il, l);
    return;
  }
  if (c.type == "savedsearch") {
    l.unsupported(cmd.span, "from savedsearch: saved searches are not part of a rule pack");
    return;
  }
  const std::string& dataset = c.dataset.name;
  auto dot = dataset.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == dataset.size()) {
    l.unsupported(c.dataset.span, "from datamodel needs a dataset (datamodel:Model.Dataset)");
    return;
  }
  l.plan().source = {ir::Source::Kind::DatamodelEvents, dataset};
}

}  // namespace rulejit::lower
