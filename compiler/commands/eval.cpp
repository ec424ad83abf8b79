// `eval` command: parser and printer.
#include "compiler/commands/eval.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

// The assignment target: "name", 'name', {field}, or a bare name (which may
// contain '-', '.', '{}', e.g. `eval low-user=...`).
EvalAssignment parse_target(CommandContext& ctx) {
  Scanner& s = ctx.s;
  s.skip_ws();
  EvalAssignment a;
  uint32_t b = s.pos();
  if (s.peek() == '"') {
    Token t = s.quoted_string();
    a.target = std::move(t.text);
  } else if (s.peek() == '\'') {
    Token t = s.single_quoted();
    a.target = std::move(t.text);
  } else {
    Token t = s.word("=,()\"'");
    if (t.text.empty()) {
      if (s.eof()) ctx.fail(make_span(b, b), "expected a field name to assign in eval");
      ctx.fail(s.current_char_span(), "expected a field name to assign in eval, found " +
                                          quote_for_message(s.slice(s.current_char_span())));
    }
    a.target = std::move(t.text);
    if (a.target.size() > 2 && a.target.front() == '{' && a.target.back() == '}' &&
        a.target.find_first_of("{}", 1) == a.target.size() - 1) {
      a.indirect = true;
      a.target = a.target.substr(1, a.target.size() - 2);
    }
  }
  a.target_span = make_span(b, s.pos());
  return a;
}

}  // namespace

CommandPtr parse_eval_command(CommandContext& ctx) {
  auto cmd = std::make_unique<EvalCommand>();
  Scanner& s = ctx.s;
  if (s.at_end()) ctx.fail(ctx.name_span(), "eval needs an assignment (field=expression)");
  for (;;) {
    EvalAssignment a = parse_target(ctx);
    s.skip_ws();
    if (s.peek() != '=' || s.peek(1) == '=') {
      ctx.fail(a.target_span, "expected '=' after " + quote_for_message(s.slice(a.target_span)) +
                                  " in eval");
    }
    uint32_t eq = s.pos();
    s.advance();
    if (s.at_end() || s.peek() == ',') ctx.fail(make_span(eq, eq + 1), "missing expression after '='");
    a.value = ctx.eval_expression();
    cmd->assignments.push_back(std::move(a));
    if (s.at_end()) break;
    if (s.peek() != ',') {
      s.fail_unexpected("in eval (expected ',' between assignments)");
    }
    s.advance();
  }
  return cmd;
}

void EvalCommand::print(AstPrinter& p) const {
  p.open("eval");
  for (const auto& a : assignments) {
    p.open(a.indirect ? "set-indirect" : "set");
    p.name(a.target);
    p.eval(a.value.get());
    p.close();
  }
  p.close();
}

}  // namespace rulejit::spl
