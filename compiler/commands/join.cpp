// `join` command: parser and printer.
#include "compiler/commands/join.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_join_command(CommandContext& ctx) {
  auto cmd = std::make_unique<JoinCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof() || s.peek() == '[') break;
    Span k;
    if (auto key = s.option_key({"type", "usetime", "earlier", "overwrite", "max"}, &k)) {
      if (*key == "type") {
        Token v = ctx.value(*key, k);
        if (iequals(v.text, "inner")) {
          cmd->type = JoinCommand::Type::Inner;
        } else if (iequals(v.text, "outer")) {
          cmd->type = JoinCommand::Type::Outer;
        } else if (iequals(v.text, "left")) {
          cmd->type = JoinCommand::Type::Left;
        } else {
          ctx.fail(v.span, "invalid join type " + quote_for_message(v.text) +
                               " (expected inner, outer or left)");
        }
      } else if (*key == "max") {
        cmd->max = ctx.int_value(*key, k, 0, int64_t{1} << 40);
      } else {
        bool v = ctx.bool_value(*key, k);
        if (*key == "usetime") {
          cmd->usetime = v;
        } else if (*key == "earlier") {
          cmd->earlier = v;
        } else {
          cmd->overwrite = v;
        }
      }
      continue;
    }
    cmd->fields.push_back(ctx.expect_field("a join field"));
  }
  if (!ctx.at_bracket()) ctx.fail(ctx.name_span(), "join needs a subsearch in [...]");
  cmd->subsearch = ctx.bracketed_pipeline(PipelineStart::ImplicitSearch);
  ctx.expect_end();
  return cmd;
}

void JoinCommand::print(AstPrinter& p) const {
  p.open("join");
  if (type) {
    p.key("type");
    p.atom(*type == Type::Inner ? "inner" : *type == Type::Outer ? "outer" : "left");
  }
  p.opt("usetime", usetime);
  p.opt("earlier", earlier);
  p.opt("overwrite", overwrite);
  p.opt("max", max);
  p.fields(fields);
  p.pipeline(subsearch.get());
  p.close();
}

}  // namespace rulejit::spl
