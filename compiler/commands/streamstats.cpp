// `streamstats` command: parser and printer.
#include "compiler/commands/streamstats.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

// reset_before=(expr): the value is a parenthesised eval expression.
EvalExprPtr parenthesised_eval(CommandContext& ctx, std::string_view key, Span key_span) {
  Scanner& s = ctx.s;
  s.skip_ws();
  if (s.peek() != '(') ctx.fail(key_span, "expected (expression) after " + std::string(key) + "=");
  uint32_t open = s.pos();
  s.advance();
  EvalExprPtr e = ctx.eval_expression();
  s.skip_ws();
  if (s.peek() != ')') {
    if (s.eof()) ctx.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
    s.fail_unexpected("in " + std::string(key) + " (expected ')')");
  }
  s.advance();
  return e;
}

bool parse_option(CommandContext& ctx, StreamstatsCommand* cmd) {
  Span k;
  auto key = ctx.s.option_key({"current", "window", "global", "allnum", "time_window",
                               "reset_on_change", "reset_before", "reset_after"},
                              &k);
  if (!key) return false;
  if (*key == "current") {
    cmd->current = ctx.bool_value(*key, k);
  } else if (*key == "window") {
    cmd->window = ctx.int_value(*key, k, 0, 10000000);
  } else if (*key == "global") {
    cmd->global = ctx.bool_value(*key, k);
  } else if (*key == "allnum") {
    cmd->allnum = ctx.bool_value(*key, k);
  } else if (*key == "time_window") {
    cmd->time_window = ctx.span_value(*key, k);
  } else if (*key == "reset_on_change") {
    cmd->reset_on_change = ctx.bool_value(*key, k);
  } else if (*key == "reset_before") {
    cmd->reset_before = parenthesised_eval(ctx, *key, k);
  } else {
    cmd->reset_after = parenthesised_eval(ctx, *key, k);
  }
  return true;
}

}  // namespace

CommandPtr parse_streamstats_command(CommandContext& ctx) {
  auto cmd = std::make_unique<StreamstatsCommand>();
  parse_aggregation_command(ctx, "streamstats", [&] { return parse_option(ctx, cmd.get()); }, &cmd->aggs, &cmd->by);
  return cmd;
}

void StreamstatsCommand::print(AstPrinter& p) const {
  p.open("streamstats");
  p.opt("current", current);
  p.opt("window", window);
  p.opt("global", global);
  p.opt("allnum", allnum);
  p.opt("time_window", time_window);
  p.opt("reset_on_change", reset_on_change);
  if (reset_before) {
    p.key("reset_before");
    p.eval(reset_before.get());
  }
  if (reset_after) {
    p.key("reset_after");
    p.eval(reset_after.get());
  }
  print_aggregations(p, aggs);
  if (!by.empty()) {
    p.key("by");
    p.fields(by);
  }
  p.close();
}

}  // namespace rulejit::spl
