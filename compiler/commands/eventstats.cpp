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
  Scanner& s = ctx.s;
  while (parse_option(ctx, cmd.get())) {
  }
  cmd->aggs = parse_aggregations(ctx, {"by"});
  if (cmd->aggs.empty()) {
    if (s.at_end() || s.peek_keyword("by")) {
      ctx.fail(ctx.name_span(), "eventstats needs at least one statistical function");
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
