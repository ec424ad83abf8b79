// `mvexpand` command: parser and printer.
#include "compiler/commands/mvexpand.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_mvexpand_command(CommandContext& ctx) {
  auto cmd = std::make_unique<MvexpandCommand>();
  Scanner& s = ctx.s;
  bool have_field = false;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"limit"}, &k)) {
      cmd->limit = ctx.int_value(*key, k, 0, int64_t{1} << 40);
      continue;
    }
    if (have_field) ctx.fail_unexpected();
    cmd->field = ctx.expect_field("a field name");
    have_field = true;
  }
  if (!have_field) ctx.fail(ctx.name_span(), "mvexpand needs a field");
  return cmd;
}

void MvexpandCommand::print(AstPrinter& p) const {
  p.open("mvexpand");
  p.field(field);
  p.opt("limit", limit);
  p.close();
}

}  // namespace rulejit::spl
