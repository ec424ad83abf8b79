// `eventstats` command: parser and printer.
#include "compiler/commands/eventstats.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

bool parse_option(CommandContext& ctx, EventstatsCommand* cmd) {
  Span k;
  auto key = ctx.s.option_key({"allnum"}, &k);
  if (!key) return false;
  cmd->allnum = ctx.bool_value(*key, k);
  return true;
}

}  // namespace

CommandPtr parse_eventstats_command(CommandContext& ctx) {
  auto cmd = std::make_unique<EventstatsCommand>();
  parse_aggregation_command(ctx, "eventstats", [&] { return parse_option(ctx, cmd.get()); }, &cmd->aggs, &cmd->by);
  return cmd;
}

void EventstatsCommand::print(AstPrinter& p) const {
  p.open("eventstats");
  p.opt("allnum", allnum);
  print_aggregations(p, aggs);
  if (!by.empty()) {
    p.key("by");
    p.fields(by);
  }
  p.close();
}

}  // namespace rulejit::spl
