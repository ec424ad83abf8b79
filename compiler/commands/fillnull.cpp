// `fillnull` command: parser and printer.
#include "compiler/commands/fillnull.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_fillnull_command(CommandContext& ctx) {
  auto cmd = std::make_unique<FillnullCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    Span k;
    if (auto key = s.option_key({"value"}, &k)) {
      cmd->value = ctx.value(*key, k).text;
      continue;
    }
    auto more = CommandContext::to_fields(s.field_list());
    if (more.empty()) break;
    for (auto& f : more) cmd->fields.push_back(std::move(f));
  }
  ctx.expect_end();
  return cmd;
}

void FillnullCommand::print(AstPrinter& p) const {
  p.open("fillnull");
  p.opt("value", value);
  p.fields(fields);
  p.close();
}

}  // namespace rulejit::spl
