// `where` command: parser and printer.
#include "compiler/commands/where.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_where_command(CommandContext& ctx) {
  auto cmd = std::make_unique<WhereCommand>();
  if (ctx.s.at_end()) ctx.fail(ctx.name_span(), "where needs an expression");
  cmd->condition = ctx.eval_expression();
  ctx.expect_end();
  return cmd;
}

void WhereCommand::print(AstPrinter& p) const {
  p.open("where");
  p.eval(condition.get());
  p.close();
}

}  // namespace rulejit::spl
