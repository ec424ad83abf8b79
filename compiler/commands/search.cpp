// `search` command: parser and printer.
#include "compiler/commands/search.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_search_command(CommandContext& ctx) {
  auto cmd = std::make_unique<SearchCommand>();
  cmd->implicit = ctx.name_span().begin == ctx.name_span().end;
  cmd->expr = ctx.search_expression();
  ctx.expect_end();
  return cmd;
}

void SearchCommand::print(AstPrinter& p) const {
  p.open("search");
  if (expr) p.search(expr.get());
  p.close();
}

}  // namespace rulejit::spl
