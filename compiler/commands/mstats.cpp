// `mstats` command: parser and printer.
#include "compiler/commands/mstats.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

bool parse_option(CommandContext& ctx, MstatsCommand* cmd) {
  Span k;
  auto key = ctx.s.option_key({"prestats", "append", "backfill", "fillnull_value", "chunk_size",
                               "update_period", "allow_skew", "span"},
                              &k);
  if (!key) return false;
  if (*key == "prestats") {
    cmd->prestats = ctx.bool_value(*key, k);
  } else if (*key == "append") {
    cmd->append = ctx.bool_value(*key, k);
  } else if (*key == "backfill") {
    cmd->backfill = ctx.bool_value(*key, k);
  } else if (*key == "fillnull_value") {
    cmd->fillnull_value = ctx.value(*key, k).text;
  } else if (*key == "chunk_size") {
    cmd->chunk_size = ctx.int_value(*key, k, 1, int64_t{1} << 40);
  } else if (*key == "update_period") {
    cmd->update_period = ctx.span_value(*key, k);
  } else if (*key == "allow_skew") {
    cmd->allow_skew = ctx.bool_value(*key, k);
  } else {
    cmd->span = ctx.span_value(*key, k);
  }
  return true;
}

}  // namespace

CommandPtr parse_mstats_command(CommandContext& ctx) {
  auto cmd = std::make_unique<MstatsCommand>();
  Scanner& s = ctx.s;
  while (parse_option(ctx, cmd.get())) {
  }
  cmd->aggs = parse_aggregations(ctx, {"where", "by", "groupby"});
  if (cmd->aggs.empty()) {
    if (s.at_end() || s.peek_keyword("where") || s.peek_keyword("by")) {
      ctx.fail(ctx.name_span(), "mstats needs at least one statistical function");
    }
    ctx.fail_unexpected();
  }
  while (parse_option(ctx, cmd.get())) {
  }
  if (s.keyword("where")) {
    cmd->where = ctx.search_expression({"by", "groupby"});
    if (!cmd->where) s.fail_unexpected("after WHERE (expected a search expression)");
  }
  if (s.keyword("by") || s.keyword("groupby")) {
    for (;;) {
      s.skip_ws();
      while (s.peek() == ',') {
        s.advance();
        s.skip_ws();
      }
      if (s.eof()) break;
      if (parse_option(ctx, cmd.get())) continue;
      auto f = s.field_name();
      if (!f) break;
      cmd->by.push_back(CommandContext::to_field(*f));
    }
    if (cmd->by.empty()) s.fail_unexpected("after BY (expected field names)");
  }
  while (parse_option(ctx, cmd.get())) {
  }
  ctx.expect_end();
  return cmd;
}

void MstatsCommand::print(AstPrinter& p) const {
  p.open("mstats");
  p.opt("prestats", prestats);
  p.opt("append", append);
  p.opt("backfill", backfill);
  p.opt("fillnull_value", fillnull_value);
  p.opt("chunk_size", chunk_size);
  p.opt("update_period", update_period);
  p.opt("allow_skew", allow_skew);
  print_aggregations(p, aggs);
  if (where) {
    p.key("where");
    p.search(where.get());
  }
  if (!by.empty()) {
    p.key("by");
    p.fields(by);
  }
  p.opt("span", span);
  p.close();
}

}  // namespace rulejit::spl
