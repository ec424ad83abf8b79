// `regex` command: parser and printer.
#include "compiler/commands/regex.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_regex_command(CommandContext& ctx) {
  auto cmd = std::make_unique<RegexCommand>();
  Scanner& s = ctx.s;
  if (s.at_end()) ctx.fail(ctx.name_span(), "regex needs a regular expression");
  uint32_t b = s.pos();
  // Either `"re"`, `re`, or `<field>(=|!=)<re>`.
  Token first = s.peek() == '"' ? s.quoted_string() : s.word("=!\"");
  uint32_t after_first = s.pos();
  s.skip_ws();
  bool eq = s.peek() == '=';
  bool ne = s.peek() == '!' && s.peek(1) == '=';
  if ((eq || ne) && !first.text.empty()) {
    cmd->field = CommandContext::to_field(first);
    cmd->field_given = true;
    cmd->negated = ne;
    uint32_t op = s.pos();
    s.advance(ne ? 2 : 1);
    s.skip_ws();
    Token re = s.peek() == '"' ? s.quoted_string() : s.word("");
    if (re.span.begin == re.span.end) {
      ctx.fail(make_span(op, op + (ne ? 2 : 1)), "missing regular expression after '" +
                                                     std::string(ne ? "!=" : "=") + "'");
    }
    cmd->pattern = std::move(re.text);
    cmd->pattern_span = re.span;
  } else if (first.quoted) {
    s.set_pos(after_first);
    cmd->pattern = std::move(first.text);
    cmd->pattern_span = first.span;
  } else {
    // An unquoted regex runs to the next whitespace.
    s.set_pos(b);
    Token re = s.word("");
    cmd->pattern = std::move(re.text);
    cmd->pattern_span = re.span;
  }
  ctx.expect_end();
  return cmd;
}

void RegexCommand::print(AstPrinter& p) const {
  p.open("regex");
  p.field(field);
  p.atom(negated ? "!=" : "=");
  p.str(pattern);
  p.close();
}

}  // namespace rulejit::spl
