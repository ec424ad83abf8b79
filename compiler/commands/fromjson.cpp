// `fromjson` command: parser and printer.
#include "compiler/commands/fromjson.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_fromjson_command(CommandContext& ctx) {
  auto cmd = std::make_unique<FromjsonCommand>();
  Scanner& s = ctx.s;
  bool have_field = false;
  while (!s.at_end()) {
    Span k;
    if (s.option_key({"prefix"}, &k)) {
      cmd->prefix = ctx.value("prefix", k).text;
      continue;
    }
    if (have_field) ctx.fail_unexpected();
    cmd->field = ctx.expect_field("a field holding JSON");
    have_field = true;
  }
  if (!have_field) ctx.fail(ctx.name_span(), "fromjson needs a field holding JSON");
  return cmd;
}

void FromjsonCommand::print(AstPrinter& p) const {
  p.open("fromjson");
  p.opt("prefix", prefix);
  p.field(field);
  p.close();
}

}  // namespace rulejit::spl
