// `tstats` command: parser and printer.
#include "compiler/commands/tstats.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

bool parse_option(CommandContext& ctx, TstatsCommand* cmd) {
  Span k;
  auto key = ctx.s.option_key({"summariesonly", "allow_old_summaries", "fillnull_value",
                               "chunk_size", "prestats", "local", "append",
                               "include_reduced_buckets"},
                              &k);
  if (!key) return false;
  if (*key == "summariesonly") {
    cmd->summariesonly = ctx.bool_value(*key, k);
  } else if (*key == "allow_old_summaries") {
    cmd->allow_old_summaries = ctx.bool_value(*key, k);
  } else if (*key == "fillnull_value") {
    cmd->fillnull_value = ctx.value(*key, k).text;
  } else if (*key == "chunk_size") {
    cmd->chunk_size = ctx.int_value(*key, k, 1, int64_t{1} << 40);
  } else if (*key == "prestats") {
    cmd->prestats = ctx.bool_value(*key, k);
  } else if (*key == "local") {
    cmd->local = ctx.bool_value(*key, k);
  } else if (*key == "append") {
    cmd->append = ctx.bool_value(*key, k);
  } else {
    cmd->include_reduced_buckets = ctx.bool_value(*key, k);
  }
  return true;
}

// Moves a top-level `nodename=X` comparison out of the where clause.
void extract_nodename(TstatsCommand* cmd) {
  SearchExpr* w = cmd->where.get();
  if (!w) return;
  auto is_nodename = [](const SearchExpr& e) {
    return e.kind == SearchExpr::Kind::Compare && e.op == CompareOp::Eq &&
           iequals(e.field, "nodename") && e.values.size() == 1;
  };
  if (is_nodename(*w)) {
    cmd->nodename = w->values[0].text;
    cmd->where.reset();
    return;
  }
  if (w->kind != SearchExpr::Kind::And) return;
  for (size_t i = 0; i < w->children.size(); ++i) {
    if (!is_nodename(*w->children[i])) continue;
    cmd->nodename = w->children[i]->values[0].text;
    w->children.erase(w->children.begin() + static_cast<std::ptrdiff_t>(i));
    if (w->children.size() == 1) {
      SearchExprPtr only = std::move(w->children[0]);
      cmd->where = std::move(only);
    } else if (w->children.empty()) {
      cmd->where.reset();
    }
    return;
  }
}

}  // namespace

CommandPtr parse_tstats_command(CommandContext& ctx) {
  auto cmd = std::make_unique<TstatsCommand>();
  Scanner& s = ctx.s;
  // Options may sit before, between and after the aggregations: macros
  // expand to them anywhere (`count `summariesonly` values(x) as y`).
  for (;;) {
    while (parse_option(ctx, cmd.get())) {
    }
    auto more = parse_aggregations(ctx, {"from", "where", "by", "groupby"});
    if (more.empty()) break;
    for (auto& a : more) cmd->aggs.push_back(std::move(a));
  }
  if (cmd->aggs.empty()) {
    if (s.at_end() || s.peek_keyword("from") || s.peek_keyword("where") || s.peek_keyword("by")) {
      ctx.fail(ctx.name_span(), "tstats needs at least one statistical function");
    }
    ctx.fail_unexpected();
  }
  if (s.keyword("from")) {
    Span k;
    s.skip_ws();
    if (s.option_key({"datamodel"}, &k)) {
      Token v = ctx.value("datamodel", k);
      cmd->datamodel = v.text;
      cmd->datamodel_span = v.span;
    } else if (s.at_keyword("datamodel:", true, "\"")) {
      // Older form: from datamodel:"Endpoint.Processes"
      s.advance(10);
      Token v = s.word_or_quoted("");
      if (v.text.empty()) ctx.fail(v.span, "expected a data model name after datamodel:");
      cmd->datamodel = v.text;
      cmd->datamodel_span = v.span;
    } else {
      auto ns = s.field_name();
      if (!ns) s.fail_unexpected("after FROM (expected datamodel=<name>)");
      cmd->from_namespace = ns->text;
    }
  }
  if (s.keyword("where")) {
    cmd->where = ctx.search_expression({"by", "groupby"});
    if (!cmd->where) s.fail_unexpected("after WHERE (expected a search expression)");
    extract_nodename(cmd.get());
  }
  if (s.keyword("by") || s.keyword("groupby")) {
    for (;;) {
      s.skip_ws();
      while (s.peek() == ',') {
        s.advance();
        s.skip_ws();
      }
      if (s.eof()) break;
      Span k;
      if (auto key = s.option_key({"span"}, &k)) {
        // The by-list is comma-separated: `by _time span=1h, host`.
        cmd->span = ctx.to_time_span(s.option_value(*key, k, ","), *key);
        continue;
      }
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

void TstatsCommand::print(AstPrinter& p) const {
  p.open("tstats");
  p.opt("summariesonly", summariesonly);
  p.opt("allow_old_summaries", allow_old_summaries);
  p.opt("fillnull_value", fillnull_value);
  p.opt("chunk_size", chunk_size);
  p.opt("prestats", prestats);
  p.opt("local", local);
  p.opt("append", append);
  p.opt("include_reduced_buckets", include_reduced_buckets);
  print_aggregations(p, aggs);
  if (!datamodel.empty()) {
    p.key("datamodel");
    p.str(datamodel);
  }
  if (!from_namespace.empty()) {
    p.key("from");
    p.str(from_namespace);
  }
  if (!nodename.empty()) {
    p.key("nodename");
    p.str(nodename);
  }
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
