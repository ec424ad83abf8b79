// `from` command: parser and printer.
#include "compiler/commands/from.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_from_command(CommandContext& ctx) {
  auto cmd = std::make_unique<FromCommand>();
  Scanner& s = ctx.s;
  s.skip_ws();
  Token type = s.word(":");
  if (type.text.empty()) ctx.fail(ctx.name_span(), "from needs <dataset_type>:<dataset_name>");
  cmd->type = to_lower(type.text);
  cmd->type_span = type.span;
  if (cmd->type != "datamodel" && cmd->type != "lookup" && cmd->type != "savedsearch")
    ctx.fail(type.span, "invalid dataset type '" + type.text + "' (expected datamodel, lookup or savedsearch)");
  if (!s.consume(":")) s.skip_ws();
  if (s.at_end()) ctx.fail(type.span, "from needs a dataset name after '" + type.text + "'");
  cmd->dataset = ctx.expect_field("a dataset name");
  ctx.expect_end();
  return cmd;
}

void FromCommand::print(AstPrinter& p) const {
  p.open("from");
  p.atom(type);
  p.field(dataset);
  p.close();
}

}  // namespace rulejit::spl
