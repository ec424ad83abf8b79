// `iplocation` command: parser and printer.
#include "compiler/commands/iplocation.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_iplocation_command(CommandContext& ctx) {
  auto cmd = std::make_unique<IplocationCommand>();
  Scanner& s = ctx.s;
  bool have_field = false;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"prefix", "allfields", "lang"}, &k)) {
      if (*key == "prefix") {
        cmd->prefix = ctx.value(*key, k).text;
      } else if (*key == "allfields") {
        cmd->allfields = ctx.bool_value(*key, k);
      } else {
        cmd->lang = ctx.value(*key, k).text;
      }
      continue;
    }
    if (have_field) ctx.fail_unexpected();
    cmd->field = ctx.expect_field("an IP address field");
    have_field = true;
  }
  if (!have_field) ctx.fail(ctx.name_span(), "iplocation needs an IP address field");
  return cmd;
}

void IplocationCommand::print(AstPrinter& p) const {
  p.open("iplocation");
  p.opt("prefix", prefix);
  p.opt("allfields", allfields);
  p.opt("lang", lang);
  p.field(field);
  p.close();
}

}  // namespace rulejit::spl
