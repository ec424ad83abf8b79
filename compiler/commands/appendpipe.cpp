// `appendpipe` command: parser and printer.
#include "compiler/commands/appendpipe.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_appendpipe_command(CommandContext& ctx) {
  auto cmd = std::make_unique<AppendpipeCommand>();
  Scanner& s = ctx.s;
  Span k;
  if (auto key = s.option_key({"run_in_preview"}, &k)) cmd->run_in_preview = ctx.bool_value(*key, k);
  if (!ctx.at_bracket()) {
    if (s.at_end()) ctx.fail(ctx.name_span(), "appendpipe needs a subpipeline in [...]");
    ctx.fail_unexpected();
  }
  cmd->subpipeline = ctx.bracketed_pipeline(PipelineStart::Command);
  ctx.expect_end();
  return cmd;
}

void AppendpipeCommand::print(AstPrinter& p) const {
  p.open("appendpipe");
  p.opt("run_in_preview", run_in_preview);
  p.pipeline(subpipeline.get());
  p.close();
}

}  // namespace rulejit::spl
