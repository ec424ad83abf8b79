// `foreach` command: parser and printer.
#include "compiler/commands/foreach.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

const char* mode_name(ForeachCommand::Mode m) {
  switch (m) {
    case ForeachCommand::Mode::Multifield: return "multifield";
    case ForeachCommand::Mode::Multivalue: return "multivalue";
    case ForeachCommand::Mode::JsonArray: return "json_array";
    case ForeachCommand::Mode::AutoCollections: return "auto_collections";
  }
  return "?";
}

}  // namespace

CommandPtr parse_foreach_command(CommandContext& ctx) {
  auto cmd = std::make_unique<ForeachCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof() || s.peek() == '[') break;
    Span k;
    if (auto key = s.option_key({"mode", "fieldstr", "matchstr", "matchseg1", "matchseg2",
                                 "matchseg3"},
                                &k)) {
      Token v = ctx.value(*key, k);
      if (*key == "mode") {
        bool ok = false;
        for (auto m : {ForeachCommand::Mode::Multifield, ForeachCommand::Mode::Multivalue,
                       ForeachCommand::Mode::JsonArray, ForeachCommand::Mode::AutoCollections}) {
          if (iequals(v.text, mode_name(m))) {
            cmd->mode = m;
            ok = true;
          }
        }
        if (!ok) ctx.fail(v.span, "invalid foreach mode " + quote_for_message(v.text));
      } else if (*key == "fieldstr") {
        cmd->fieldstr = v.text;
      } else if (*key == "matchstr") {
        cmd->matchstr = v.text;
      } else if (*key == "matchseg1") {
        cmd->matchseg1 = v.text;
      } else if (*key == "matchseg2") {
        cmd->matchseg2 = v.text;
      } else {
        cmd->matchseg3 = v.text;
      }
      continue;
    }
    cmd->fields.push_back(ctx.expect_field("a field name or pattern"));
  }
  if (!ctx.at_bracket()) ctx.fail(ctx.name_span(), "foreach needs a template in [...]");
  uint32_t open = s.pos();
  uint32_t close = s.matching_close(open, '[', ']');
  cmd->template_span = make_span(open + 1, close);
  cmd->template_text = std::string(s.slice(cmd->template_span));
  s.set_pos(close + 1);
  ctx.expect_end();
  if (cmd->fields.empty() && cmd->mode.value_or(ForeachCommand::Mode::Multifield) ==
                                 ForeachCommand::Mode::Multifield) {
    ctx.fail(ctx.name_span(), "foreach needs field names (wildcards allowed)");
  }
  return cmd;
}

void ForeachCommand::print(AstPrinter& p) const {
  p.open("foreach");
  if (mode) {
    p.key("mode");
    p.atom(mode_name(*mode));
  }
  p.opt("fieldstr", fieldstr);
  p.opt("matchstr", matchstr);
  p.opt("matchseg1", matchseg1);
  p.opt("matchseg2", matchseg2);
  p.opt("matchseg3", matchseg3);
  p.fields(fields);
  p.key("template");
  p.str(template_text);
  p.close();
}

}  // namespace rulejit::spl
