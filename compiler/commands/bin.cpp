// `bin` / `bucket` command: parser and printer.
#include "compiler/commands/bin.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_bin_command(CommandContext& ctx) {
  auto cmd = std::make_unique<BinCommand>();
  Scanner& s = ctx.s;
  bool have_field = false;
  while (!s.at_end()) {
    Span k;
    if (auto key = s.option_key({"span", "bins", "minspan", "aligntime", "start", "end"}, &k)) {
      if (*key == "span") {
        Token v = ctx.value(*key, k);
        if (v.text.find("log") != std::string::npos) {
          ctx.fail_unsupported(v.span, "logarithmic bin spans (span=" + v.text + ") are not supported");
        }
        cmd->span = ctx.to_time_span(v, *key);
      } else if (*key == "bins") {
        cmd->bins = ctx.int_value(*key, k, 1, 1000000);
      } else if (*key == "minspan") {
        cmd->minspan = ctx.span_value(*key, k);
      } else if (*key == "aligntime") {
        cmd->aligntime = ctx.value(*key, k).text;
      } else if (*key == "start") {
        cmd->start = ctx.to_number(ctx.value(*key, k), *key);
      } else {
        cmd->end = ctx.to_number(ctx.value(*key, k), *key);
      }
      continue;
    }
    if (have_field && s.keyword("as")) {
      cmd->as = ctx.expect_field("a field name after AS");
      continue;
    }
    if (have_field) ctx.fail_unexpected();
    cmd->field = ctx.expect_field("a field to bin");
    have_field = true;
  }
  if (!have_field) ctx.fail(ctx.name_span(), "bin needs a field (e.g. bin _time span=5m)");
  return cmd;
}

void BinCommand::print(AstPrinter& p) const {
  p.open("bin");
  p.field(field);
  p.opt("as", as);
  p.opt("span", span);
  p.opt("bins", bins);
  p.opt("minspan", minspan);
  p.opt("aligntime", aligntime);
  p.opt("start", start);
  p.opt("end", end);
  p.close();
}

}  // namespace rulejit::spl
