// `spath` command: parser and printer.
#include "compiler/commands/spath.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_spath_command(CommandContext& ctx) {
  auto cmd = std::make_unique<SpathCommand>();
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"input", "output", "path"}, &k)) {
      Token v = ctx.value(*key, k);
      if (*key == "input") {
        cmd->input = CommandContext::to_field(v);
      } else if (*key == "output") {
        cmd->output = CommandContext::to_field(v);
      } else {
        if (cmd->path) ctx.fail(k, "spath takes one path");
        cmd->path = v.text;
        cmd->path_span = v.span;
      }
      continue;
    }
    if (cmd->path) ctx.fail_unexpected();
    Token t = s.word_or_quoted("");
    cmd->path = t.text;
    cmd->path_span = t.span;
  }
  return cmd;
}

void SpathCommand::print(AstPrinter& p) const {
  p.open("spath");
  p.opt("input", input);
  p.opt("output", output);
  p.opt("path", path);
  p.close();
}

}  // namespace rulejit::spl
