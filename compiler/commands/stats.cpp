// `stats` command: parser and printer.
#include "compiler/commands/stats.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

bool parse_option(CommandContext& ctx, StatsCommand* cmd) {
  Span k;
  auto key = ctx.s.option_key({"dedup_splitvals", "allnum", "delim", "partitions"}, &k);
  if (!key) return false;
  if (*key == "dedup_splitvals") {
    cmd->dedup_splitvals = ctx.bool_value(*key, k);
  } else if (*key == "allnum") {
    cmd->allnum = ctx.bool_value(*key, k);
  } else if (*key == "delim") {
    cmd->delim = ctx.value(*key, k).text;
  } else {
    cmd->partitions = ctx.int_value(*key, k, 1, 1 << 20);
  }
  return true;
}

}  // namespace

CommandPtr parse_stats_command(CommandContext& ctx) {
  auto cmd = std::make_unique<StatsCommand>();
  parse_aggregation_command(ctx, "stats", [&] { return parse_option(ctx, cmd.get()); }, &cmd->aggs, &cmd->by);
  return cmd;
}

void StatsCommand::print(AstPrinter& p) const {
  p.open("stats");
  p.opt("allnum", allnum);
  p.opt("delim", delim);
  p.opt("partitions", partitions);
  p.opt("dedup_splitvals", dedup_splitvals);
  print_aggregations(p, aggs);
  if (!by.empty()) {
    p.key("by");
    p.fields(by);
  }
  p.close();
}

}  // namespace rulejit::spl
