// `table` command: parser and printer.
#include "compiler/commands/table.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_table_command(CommandContext& ctx) {
  auto cmd = std::make_unique<TableCommand>();
  cmd->fields = CommandContext::to_fields(ctx.s.field_list({}, false, true));
  if (cmd->fields.empty() && ctx.s.at_end()) ctx.fail(ctx.name_span(), "table needs field names");
  ctx.expect_end();
  return cmd;
}

void TableCommand::print(AstPrinter& p) const {
  p.open("table");
  p.fields(fields);
  p.close();
}

}  // namespace rulejit::spl
