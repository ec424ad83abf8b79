// `replace` command: parser and printer.
#include "compiler/commands/replace.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_replace_command(CommandContext& ctx) {
  auto cmd = std::make_unique<ReplaceCommand>();
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    if (!cmd->pairs.empty()) {
      if (s.keyword("IN")) {
        for (auto& f : CommandContext::to_fields(s.field_list({}, false))) cmd->fields.push_back(std::move(f));
        if (cmd->fields.empty()) ctx.fail(s.current_word_span(), "replace: expected field names after IN");
        ctx.expect_end();
        break;
      }
      if (!s.consume(",")) ctx.fail_unexpected();
      s.skip_ws();
    }
    Token from = s.word_or_quoted(",");
    if (from.span.begin == from.span.end) ctx.fail(s.current_word_span(), "replace: expected a value to replace");
    if (!s.keyword("WITH")) ctx.fail(s.current_word_span(), "replace: expected WITH after " + quote_for_message(from.text));
    s.skip_ws();
    Token to = s.word_or_quoted(",");
    if (to.span.begin == to.span.end) ctx.fail(s.current_word_span(), "replace: expected a replacement after WITH");
    cmd->pairs.push_back({from.text, to.text, make_span(from.span.begin, to.span.end)});
  }
  if (cmd->pairs.empty()) ctx.fail(ctx.name_span(), "replace needs <value> WITH <replacement>");
  return cmd;
}

void ReplaceCommand::print(AstPrinter& p) const {
  p.open("replace");
  for (const auto& pr : pairs) {
    p.open("with");
    p.str(pr.from);
    p.str(pr.to);
    p.close();
  }
  if (!fields.empty()) {
    p.key("in");
    p.fields(fields);
  }
  p.close();
}

}  // namespace rulejit::spl
