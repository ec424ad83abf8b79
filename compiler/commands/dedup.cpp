// `dedup` command: parser and printer.
#include "compiler/commands/dedup.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_dedup_command(CommandContext& ctx) {
  auto cmd = std::make_unique<DedupCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof()) break;
    Span k;
    if (auto key = s.option_key({"keepevents", "keepempty", "consecutive"}, &k)) {
      bool v = ctx.bool_value(*key, k);
      if (*key == "keepevents") {
        cmd->keepevents = v;
      } else if (*key == "keepempty") {
        cmd->keepempty = v;
      } else {
        cmd->consecutive = v;
      }
      continue;
    }
    if (s.keyword("sortby")) {
      while (!s.at_end()) {
        while (s.peek() == ',') {
          s.advance();
          s.skip_ws();
        }
        if (s.eof()) break;
        cmd->sortby.push_back(parse_sort_key(ctx));
      }
      if (cmd->sortby.empty()) s.fail_unexpected("after sortby (expected fields)");
      break;
    }
    FieldName f = ctx.expect_field("a field name");
    bool numeric = !f.quoted && !f.name.empty() &&
                   f.name.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && cmd->fields.empty() && !cmd->count) {
      cmd->count = ctx.to_int(Token{f.name, f.span, false}, "count", 1, int64_t{1} << 40);
      continue;
    }
    cmd->fields.push_back(std::move(f));
  }
  if (cmd->fields.empty()) ctx.fail(ctx.name_span(), "dedup needs at least one field");
  ctx.expect_end();
  return cmd;
}

void DedupCommand::print(AstPrinter& p) const {
  p.open("dedup");
  p.opt("count", count);
  p.fields(fields);
  p.opt("keepevents", keepevents);
  p.opt("keepempty", keepempty);
  p.opt("consecutive", consecutive);
  if (!sortby.empty()) {
    p.key("sortby");
    for (const auto& k : sortby) print_sort_key(p, k);
  }
  p.close();
}

}  // namespace rulejit::spl
