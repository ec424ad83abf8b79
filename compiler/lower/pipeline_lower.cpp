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
      {"stats", &lower_stats},
      {"eventstats", &lower_eventstats},
      {"streamstats", &lower_streamstats},
      {"tstats", &lower_tstats},
      {"rename", &lower_rename},
      {"regex", &lower_regex},
      {"rex", &lower_rex},
      {"table", &lower_table},
      {"fields", &lower_fields},
      {"convert", &lower_convert},
      {"bin", &lower_bin},
      {"bucket", &lower_bin},
      {"fillnull", &lower_fillnull},
      {"dedup", &lower_dedup},
      {"sort", &lower_sort},
      {"head", &lower_head},
      {"mvexpand", &lower_mvexpand},
      {"makemv", &lower_makemv},
      {"lookup", &lower_lookup},
      {"inputlookup", &lower_inputlookup},
      {"spath", &lower_spath},
      {"foreach", &lower_foreach},
      {"iplocation", &lower_iplocation},
      {"mstats", &lower_unsupported},
      {"transaction", &lower_transaction},
      {"join", &lower_join},
      {"append", &lower_append},
      {"appendpipe", &lower_unsupported},
      {"xmlkv", &lower_xmlkv},
      {"cyberchef", &lower_cyberchef},
      {"extract", &lower_extract},
      {"fromjson", &lower_fromjson},
      {"from", &lower_from},
      {"addtotals", &lower_addtotals},
      {"replace", &lower_replace},
  };
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

LowerOutput lower_pipeline(const spl::Pipeline& pipeline, const LowerEnv& env) {
  Lowerer l(env);
  for (const auto& cmd : pipeline.commands) {
    CommandLowering fn = find_command_lowering(cmd->name);
    if (!fn) fn = &lower_unsupported;
    fn(*cmd, l);
    ++l.command_index;
  }
  LowerOutput out;
  ir::Plan plan = l.finish();
  out.issues = l.issues();
  if (!l.failed()) out.plan = std::move(plan);
  return out;
}

}  // namespace rulejit::lower
