// `transaction` command: parser and printer.
#include "compiler/commands/transaction.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"
#include "compiler/spl/search_parser.h"

namespace rulejit::spl {

namespace {

TransactionFilter parse_filter(CommandContext& ctx, std::string_view key, Span key_span) {
  Scanner& s = ctx.s;
  s.skip_ws();
  TransactionFilter f;
  uint32_t b = s.pos();
  if (s.at_keyword("eval", true, "(")) {
    s.advance(4);
    s.skip_ws();
    if (s.peek() != '(') ctx.fail(make_span(b, b + 4), "expected '(' after eval");
    uint32_t open = s.pos();
    s.advance();
    f.eval = ctx.eval_expression();
    s.skip_ws();
    if (s.peek() != ')') {
      if (s.eof()) ctx.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
      s.fail_unexpected("in " + std::string(key) + " (expected ')')");
    }
    s.advance();
  } else if (s.peek() == '(') {
    // `startswith=(op=a op2=b)`: a search expression in parentheses; it may
    // hold spaces and quoted values, so it is not one option word.
    uint32_t open = s.pos();
    ParseSession::Nesting guard(ctx.session(), make_span(open, open + 1));
    uint32_t close = s.matching_close(open, '(', ')');
    Scanner inner(s.text(), open + 1, close);
    f.expr = parse_search_expr(ctx.session(), inner);
    if (!inner.at_end()) inner.fail_unexpected("in " + std::string(key));
    if (!f.expr) ctx.fail(make_span(open, close + 1), "empty search expression in " + std::string(key));
    std::string_view body = s.slice(open + 1, close);
    while (!body.empty() && is_space(body.front())) body.remove_prefix(1);
    while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
    f.search = std::string(body);
    s.set_pos(close + 1);
  } else {
    Token v = ctx.value(key, key_span);
    f.search = v.text;
  }
  f.span = make_span(b, s.pos());
  return f;
}

void print_filter(AstPrinter& p, std::string_view key, const std::optional<TransactionFilter>& f) {
  if (!f) return;
  p.key(key);
  if (f->eval) {
    p.open("eval");
    p.eval(f->eval.get());
    p.close();
  } else if (f->expr) {
    p.search(f->expr.get());
  } else {
    p.str(f->search);
  }
}

}  // namespace

CommandPtr parse_transaction_command(CommandContext& ctx) {
  auto cmd = std::make_unique<TransactionCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof()) break;
    Span k;
    auto key = s.option_key({"name", "maxspan", "maxpause", "maxevents", "maxopentxn",
                             "maxopenevents", "startswith", "endswith", "connected", "unifyends",
                             "keeporphans", "keepevicted", "mvlist", "mvraw", "delim", "nullstr"},
                            &k);
    if (!key) {
      cmd->fields.push_back(ctx.expect_field("a field name"));
      continue;
    }
    std::string_view kk = *key;
    if (kk == "name") {
      cmd->txn_name = ctx.value(kk, k).text;
    } else if (kk == "maxspan" || kk == "maxpause") {
      // -1 means "no limit", the same as leaving the option out.
      Token v = ctx.value(kk, k);
      if (v.text != "-1") (kk == "maxspan" ? cmd->maxspan : cmd->maxpause) = ctx.to_time_span(v, kk);
    } else if (kk == "maxevents") {
      cmd->maxevents = ctx.int_value(kk, k, -1, int64_t{1} << 40);
    } else if (kk == "maxopentxn") {
      cmd->maxopentxn = ctx.int_value(kk, k, -1, int64_t{1} << 40);
    } else if (kk == "maxopenevents") {
      cmd->maxopenevents = ctx.int_value(kk, k, -1, int64_t{1} << 40);
    } else if (kk == "startswith") {
      cmd->startswith = parse_filter(ctx, kk, k);
    } else if (kk == "endswith") {
      cmd->endswith = parse_filter(ctx, kk, k);
    } else if (kk == "delim") {
      cmd->delim = ctx.value(kk, k).text;
    } else if (kk == "nullstr") {
      cmd->nullstr = ctx.value(kk, k).text;
    } else {
      bool v = ctx.bool_value(kk, k);
      if (kk == "connected") {
        cmd->connected = v;
      } else if (kk == "unifyends") {
        cmd->unifyends = v;
      } else if (kk == "keeporphans") {
        cmd->keeporphans = v;
      } else if (kk == "keepevicted") {
        cmd->keepevicted = v;
      } else if (kk == "mvlist") {
        cmd->mvlist = v;
      } else {
        cmd->mvraw = v;
      }
    }
  }
  return cmd;
}

void TransactionCommand::print(AstPrinter& p) const {
  p.open("transaction");
  p.fields(fields);
  p.opt("name", txn_name);
  p.opt("maxspan", maxspan);
  p.opt("maxpause", maxpause);
  p.opt("maxevents", maxevents);
  p.opt("maxopentxn", maxopentxn);
  p.opt("maxopenevents", maxopenevents);
  print_filter(p, "startswith", startswith);
  print_filter(p, "endswith", endswith);
  p.opt("connected", connected);
  p.opt("unifyends", unifyends);
  p.opt("keeporphans", keeporphans);
  p.opt("keepevicted", keepevicted);
  p.opt("mvlist", mvlist);
  p.opt("mvraw", mvraw);
  p.opt("delim", delim);
  p.opt("nullstr", nullstr);
  p.close();
}

}  // namespace rulejit::spl
