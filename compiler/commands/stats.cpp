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
  Scanner& s = ctx.s;
  while (parse_option(ctx, cmd.get())) {
  }
  cmd->aggs = parse_aggregations(ctx, {"by"});
  if (cmd->aggs.empty()) {
    if (s.at_end() || s.peek_keyword("by")) {
      ctx.fail(ctx.name_span(), "stats needs at least one statistical function");
    }
    ctx.fail_unexpected();
  }
  if (s.keyword("by")) {
    cmd->by = CommandContext::to_fields(s.field_list());
    if (cmd->by.empty()) s.fail_unexpected("after BY (expected field names)");
  }
  while (parse_option(ctx, cmd.get())) {
  }
  ctx.expect_end();
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
