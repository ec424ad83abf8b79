// `makemv` command: parser and printer.
#include "compiler/commands/makemv.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_makemv_command(CommandContext& ctx) {
  auto cmd = std::make_unique<MakemvCommand>();
  Scanner& s = ctx.s;
  bool have_field = false;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"delim", "tokenizer", "allowempty", "setsv"}, &k)) {
      if (*key == "delim") {
        cmd->delim = ctx.value(*key, k).text;
      } else if (*key == "tokenizer") {
        cmd->tokenizer = ctx.value(*key, k).text;
      } else if (*key == "allowempty") {
        cmd->allowempty = ctx.bool_value(*key, k);
      } else {
        cmd->setsv = ctx.bool_value(*key, k);
      }
      continue;
    }
    if (have_field) ctx.fail_unexpected();
    cmd->field = ctx.expect_field("a field name");
    have_field = true;
  }
  if (!have_field) ctx.fail(ctx.name_span(), "makemv needs a field");
  if (cmd->delim && cmd->tokenizer) ctx.fail(ctx.name_span(), "makemv takes delim= or tokenizer=, not both");
  return cmd;
}

void MakemvCommand::print(AstPrinter& p) const {
  p.open("makemv");
  p.opt("delim", delim);
  p.opt("tokenizer", tokenizer);
  p.opt("allowempty", allowempty);
  p.opt("setsv", setsv);
  p.field(field);
  p.close();
}

}  // namespace rulejit::spl
