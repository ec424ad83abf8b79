// lower_pipeline: the command table and the walk over a pipeline.
#include <map>

#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/lowerer.h"

namespace rulejit::lower {

CommandLowering find_command_lowering(std::string_view name) {
  static const std::map<std::string_view, CommandLowering> table = {
      {"search", &lower_search},
      {"where", &lower_where},
      {"eval", &lower_eval},
  };
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

LowerOutput lower_pipeline(const spl::Pipeline& pipeline, const LowerEnv& env) {
  Lowerer l(env);
  for (const auto& cmd : pipeline.commands) {
    CommandLowering fn = find_command_lowering(cmd->name);
    if (!fn) {
      l.unsupported(cmd->span, "command '" + cmd->name + "' is not supported yet");
      continue;
    }
    fn(*cmd, l);
  }
  LowerOutput out;
  ir::Plan plan = l.finish();
  out.issues = l.issues();
  if (!l.failed()) out.plan = std::move(plan);
  return out;
}

}  // namespace rulejit::lower
