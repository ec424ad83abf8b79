// `head` command: parser and printer.
#include "compiler/commands/head.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_head_command(CommandContext& ctx) {
  auto cmd = std::make_unique<HeadCommand>();
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"limit", "null", "keeplast"}, &k)) {
      if (*key == "limit") {
        cmd->limit = ctx.int_value(*key, k, 0, int64_t{1} << 40);
      } else if (*key == "null") {
        cmd->null_option = ctx.bool_value(*key, k);
      } else {
        cmd->keeplast = ctx.bool_value(*key, k);
      }
      continue;
    }
    if (s.peek() == '(' && !cmd->condition) {
      uint32_t open = s.pos();
      s.advance();
      cmd->condition = ctx.eval_expression();
      s.skip_ws();
      if (s.peek() != ')') {
        if (s.eof()) ctx.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
        s.fail_unexpected("in head (expected ')')");
      }
      s.advance();
      continue;
    }
    if (is_digit(s.peek()) && !cmd->limit) {
      Token n = s.word("(");
      cmd->limit = ctx.to_int(n, "count", 0, int64_t{1} << 40);
      continue;
    }
    ctx.fail_unexpected();
  }
  return cmd;
}

void HeadCommand::print(AstPrinter& p) const {
  p.open("head");
  p.opt("limit", limit);
  if (condition) {
    p.key("while");
    p.eval(condition.get());
  }
  p.opt("null", null_option);
  p.opt("keeplast", keeplast);
  p.close();
}

}  // namespace rulejit::spl
