// `inputlookup` command: parser and printer.
#include "compiler/commands/inputlookup.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_inputlookup_command(CommandContext& ctx) {
  auto cmd = std::make_unique<InputlookupCommand>();
  Scanner& s = ctx.s;
  // Options may come before or after the table name.
  auto options = [&] {
    for (;;) {
      Span k;
      auto key = s.option_key({"append", "strict", "start", "max"}, &k);
      if (!key) break;
      if (*key == "append") {
        cmd->append = ctx.bool_value(*key, k);
      } else if (*key == "strict") {
        cmd->strict = ctx.bool_value(*key, k);
      } else if (*key == "start") {
        cmd->start = ctx.int_value(*key, k, 0, int64_t{1} << 40);
      } else {
        cmd->max = ctx.int_value(*key, k, 0, int64_t{1} << 40);
      }
    }
  };
  options();
  if (s.at_end()) ctx.fail(ctx.name_span(), "inputlookup needs a lookup table name");
  cmd->table = ctx.expect_field("a lookup table name");
  options();
  if (s.keyword("where")) {
    cmd->where = ctx.search_expression();
    if (!cmd->where) s.fail_unexpected("after WHERE (expected a search expression)");
  }
  ctx.expect_end();
  return cmd;
}

void InputlookupCommand::print(AstPrinter& p) const {
  p.open("inputlookup");
  p.opt("append", append);
  p.opt("strict", strict);
  p.opt("start", start);
  p.opt("max", max);
  p.field(table);
  if (where) {
    p.key("where");
    p.search(where.get());
  }
  p.close();
}

}  // namespace rulejit::spl
