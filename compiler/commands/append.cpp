// `append` command: parser and printer.
#include "compiler/commands/append.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_append_command(CommandContext& ctx) {
  auto cmd = std::make_unique<AppendCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    Span k;
    auto key = s.option_key({"extendtimerange", "maxtime", "maxout", "timeout"}, &k);
    if (!key) break;
    if (*key == "extendtimerange") {
      cmd->extendtimerange = ctx.bool_value(*key, k);
    } else if (*key == "maxtime") {
      cmd->maxtime = ctx.int_value(*key, k, 0, int64_t{1} << 40);
    } else if (*key == "maxout") {
      cmd->maxout = ctx.int_value(*key, k, 0, int64_t{1} << 40);
    } else {
      cmd->timeout = ctx.int_value(*key, k, 0, int64_t{1} << 40);
    }
  }
  if (!ctx.at_bracket()) {
    if (s.at_end()) ctx.fail(ctx.name_span(), "append needs a subsearch in [...]");
    ctx.fail_unexpected();
  }
  cmd->subsearch = ctx.bracketed_pipeline(PipelineStart::ImplicitSearch);
  ctx.expect_end();
  return cmd;
}

void AppendCommand::print(AstPrinter& p) const {
  p.open("append");
  p.opt("extendtimerange", extendtimerange);
  p.opt("maxtime", maxtime);
  p.opt("maxout", maxout);
  p.opt("timeout", timeout);
  p.pipeline(subsearch.get());
  p.close();
}

}  // namespace rulejit::spl
