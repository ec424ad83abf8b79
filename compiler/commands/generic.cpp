// Generic (unmodelled) commands: tokenizer and printer.
#include "compiler/commands/generic.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_generic_command(CommandContext& ctx) {
  auto cmd = std::make_unique<GenericCommand>(ctx.name());
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    uint32_t b = s.pos();
    while (!s.eof() && !is_space(s.peek())) {
      char c = s.peek();
      if (c == '\\' && s.peek(1) != '\0') {
        s.advance(2);
      } else if (c == '"') {
        s.set_pos(s.skip_quoted(s.pos()));
      } else if (c == '[') {
        s.set_pos(s.matching_close(s.pos(), '[', ']') + 1);
      } else {
        s.advance();
      }
    }
    cmd->args.push_back(GenericArg{std::string(s.slice(b, s.pos())), make_span(b, s.pos())});
  }
  return cmd;
}

void GenericCommand::print(AstPrinter& p) const {
  p.open(name);
  p.key("generic");
  for (const auto& a : args) p.str(a.raw);
  p.close();
}

}  // namespace rulejit::spl
