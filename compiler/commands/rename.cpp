// `rename` command: parser and printer.
#include "compiler/commands/rename.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_rename_command(CommandContext& ctx) {
  auto cmd = std::make_unique<RenameCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof()) break;
    RenamePair pair;
    pair.from = ctx.expect_field("a field to rename", true);
    if (!s.keyword("as")) {
      s.skip_ws();
      ctx.fail(s.eof() ? pair.from.span : s.current_word_span(),
               "expected AS after " + quote_for_message(pair.from.name) + " in rename");
    }
    pair.to = ctx.expect_field("the new field name after AS", true);
    cmd->pairs.push_back(std::move(pair));
  }
  if (cmd->pairs.empty()) ctx.fail(ctx.name_span(), "rename needs <field> AS <new name>");
  return cmd;
}

void RenameCommand::print(AstPrinter& p) const {
  p.open("rename");
  for (const auto& r : pairs) {
    p.open("");
    p.field(r.from);
    p.atom("->");
    p.field(r.to);
    p.close();
  }
  p.close();
}

}  // namespace rulejit::spl
