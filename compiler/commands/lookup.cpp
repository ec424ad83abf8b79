// `lookup` command: parser and printer.
#include "compiler/commands/lookup.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

bool at_output_keyword(Scanner& s) { return s.peek_keyword("output") || s.peek_keyword("outputnew"); }

std::vector<LookupFieldMap> field_maps(CommandContext& ctx, bool stop_at_output) {
  std::vector<LookupFieldMap> out;
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof() || (stop_at_output && at_output_keyword(s))) break;
    LookupFieldMap m;
    m.lookup_field = ctx.expect_field("a lookup field");
    m.event_field = m.lookup_field;
    if (s.keyword("as")) m.event_field = ctx.expect_field("a field name after AS");
    out.push_back(std::move(m));
  }
  return out;
}

void print_maps(AstPrinter& p, const std::vector<LookupFieldMap>& maps) {
  p.open("");
  for (const auto& m : maps) {
    if (m.lookup_field.name == m.event_field.name) {
      p.field(m.lookup_field);
    } else {
      p.open("");
      p.field(m.lookup_field);
      p.atom("->");
      p.field(m.event_field);
      p.close();
    }
  }
  p.close();
}

}  // namespace

CommandPtr parse_lookup_command(CommandContext& ctx) {
  auto cmd = std::make_unique<LookupCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    Span k;
    auto key = s.option_key({"local", "update", "event_time_field"}, &k);
    if (!key) break;
    if (*key == "local") {
      cmd->local = ctx.bool_value(*key, k);
    } else if (*key == "update") {
      cmd->update = ctx.bool_value(*key, k);
    } else {
      cmd->event_time_field = CommandContext::to_field(ctx.value(*key, k));
    }
  }
  if (s.at_end()) ctx.fail(ctx.name_span(), "lookup needs a lookup table name");
  cmd->table = ctx.expect_field("a lookup table name");
  cmd->inputs = field_maps(ctx, true);
  if (cmd->inputs.empty()) {
    ctx.fail(cmd->table.span, "lookup needs at least one input field after the table name");
  }
  if (s.keyword("outputnew")) {
    cmd->mode = LookupCommand::OutputMode::OutputNew;
  } else if (s.keyword("output")) {
    cmd->mode = LookupCommand::OutputMode::Output;
  }
  if (cmd->mode != LookupCommand::OutputMode::AllColumns) {
    uint32_t kw_end = s.pos();
    cmd->outputs = field_maps(ctx, false);
    if (cmd->outputs.empty()) ctx.fail(make_span(kw_end, kw_end), "expected output fields");
  }
  ctx.expect_end();
  return cmd;
}

void LookupCommand::print(AstPrinter& p) const {
  p.open("lookup");
  p.opt("local", local);
  p.opt("update", update);
  p.opt("event_time_field", event_time_field);
  p.field(table);
  print_maps(p, inputs);
  if (mode != OutputMode::AllColumns) {
    p.key(mode == OutputMode::Output ? "output" : "outputnew");
    print_maps(p, outputs);
  }
  p.close();
}

}  // namespace rulejit::spl
