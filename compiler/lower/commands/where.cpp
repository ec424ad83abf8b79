#include "compiler/commands/where.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

void lower_where(const spl::Command& cmd, Lowerer& l) {
  const auto& w = static_cast<const spl::WhereCommand&>(cmd);
  if (!w.condition) return;
  l.add_stage(ir::FilterStage{l.lower_eval(*w.condition)}, true);
}

}  // namespace rulejit::lower
