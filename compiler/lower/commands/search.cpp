#include "compiler/commands/search.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

void lower_search(const spl::Command& cmd, Lowerer& l) {
  const auto& s = static_cast<const spl::SearchCommand&>(cmd);
  if (!s.expr) return;  // no terms: everything passes
  auto cond = l.lower_search(*s.expr);
  if (cond->op == ir::Op::Const && cond->value.is_bool() && cond->value.as_bool()) return;  // `search *`
  l.add_stage(ir::FilterStage{std::move(cond)}, true);
}

}  // namespace rulejit::lower
