// `rex` command: parser and printer.
#include "compiler/commands/rex.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_rex_command(CommandContext& ctx) {
  auto cmd = std::make_unique<RexCommand>();
  Scanner& s = ctx.s;
  bool have_regex = false;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"field", "max_match", "offset_field", "mode"}, &k)) {
      Token v = ctx.value(*key, k);
      if (*key == "field") {
        cmd->field = CommandContext::to_field(v);
      } else if (*key == "max_match") {
        cmd->max_match = ctx.to_int(v, *key, 0, 1000000);
      } else if (*key == "offset_field") {
        cmd->offset_field = CommandContext::to_field(v);
      } else {
        if (!iequals(v.text, "sed")) ctx.fail(v.span, "invalid rex mode " + quote_for_message(v.text) + " (only mode=sed exists)");
        cmd->mode = RexCommand::Mode::Sed;
      }
      continue;
    }
    if (s.peek() == '"') {
      Token t = s.quoted_string();
      if (have_regex) ctx.fail(t.span, "rex takes one regular expression");
      cmd->regex = std::move(t.text);
      cmd->regex_span = t.span;
      have_regex = true;
      continue;
    }
    s.fail_unexpected("in rex (the regular expression must be in double quotes)");
  }
  if (!have_regex) ctx.fail(ctx.name_span(), "rex needs a regular expression in double quotes");
  return cmd;
}

void RexCommand::print(AstPrinter& p) const {
  p.open("rex");
  p.opt("field", field);
  p.opt("max_match", max_match);
  p.opt("offset_field", offset_field);
  if (mode == Mode::Sed) {
    p.key("mode");
    p.atom("sed");
  }
  p.str(regex);
  p.close();
}

}  // namespace rulejit::spl
