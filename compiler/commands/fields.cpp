// `fields` command: parser and printer.
#include "compiler/commands/fields.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_fields_command(CommandContext& ctx) {
  auto cmd = std::make_unique<FieldsCommand>();
  Scanner& s = ctx.s;
  s.skip_ws();
  if (s.peek() == '-' || s.peek() == '+') {
    // `fields - a b` and `fields -a b` both set the mode for the whole list.
    cmd->remove = s.peek() == '-';
    s.advance();
  }
  cmd->fields = CommandContext::to_fields(s.field_list({}, false, true));
  if (cmd->fields.empty() && s.at_end()) ctx.fail(ctx.name_span(), "fields needs field names");
  ctx.expect_end();
  return cmd;
}

void FieldsCommand::print(AstPrinter& p) const {
  p.open("fields");
  if (remove) p.atom("-");
  p.fields(fields);
  p.close();
}

}  // namespace rulejit::spl
