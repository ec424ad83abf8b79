// Aggregation calls shared by the stats family (see aggregation.h).
#include "compiler/commands/aggregation.h"

#include <charconv>
#include <optional>

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {
namespace {

struct FunctionInfo {
  std::string_view name;
  std::string_view canonical;
  bool needs_argument;
};

constexpr FunctionInfo kFunctions[] = {
    {"count", "count", false},     {"c", "count", false},
    {"dc", "dc", true},            {"distinct_count", "dc", true},
    {"estdc", "estdc", true},      {"estdc_error", "estdc_error", true},
    {"values", "values", true},    {"list", "list", true},
    {"min", "min", true},          {"max", "max", true},
    {"sum", "sum", true},          {"sumsq", "sumsq", true},
    {"avg", "avg", true},          {"mean", "avg", true},
    {"median", "median", true},    {"mode", "mode", true},
    {"range", "range", true},      {"stdev", "stdev", true},
    {"stdevp", "stdevp", true},    {"var", "var", true},
    {"varp", "varp", true},        {"earliest", "earliest", true},
    {"latest", "latest", true},    {"earliest_time", "earliest_time", true},
    {"latest_time", "latest_time", true}, {"first", "first", true},
    {"last", "last", true},        {"rate", "rate", true},
    {"rate_avg", "rate_avg", true}, {"rate_sum", "rate_sum", true},
    {"per_second", "per_second", true}, {"per_minute", "per_minute", true},
    {"per_hour", "per_hour", true}, {"per_day", "per_day", true},
    {"sparkline", "sparkline", false},
};

struct Resolved {
  std::string_view canonical;
  bool needs_argument = true;
  double percentile = 0;
};

// perc95, p99.5, exactperc50, upperperc90.
std::optional<Resolved> resolve_percentile(std::string_view name) {
  struct Prefix {
    std::string_view prefix, canonical;
  };
  static constexpr Prefix kPrefixes[] = {
      {"exactperc", "exactperc"}, {"upperperc", "upperperc"}, {"perc", "perc"}, {"p", "perc"}};
  for (const auto& p : kPrefixes) {
    if (name.size() <= p.prefix.size() || !iequals(name.substr(0, p.prefix.size()), p.prefix)) {
      continue;
    }
    std::string_view num = name.substr(p.prefix.size());
    double v = 0;
    auto r = std::from_chars(num.data(), num.data() + num.size(), v);
    if (r.ec != std::errc() || r.ptr != num.data() + num.size() || !is_digit(num.front()) ||
        v < 0 || v > 100) {
      return std::nullopt;
    }
    return Resolved{p.canonical, true, v};
  }
  return std::nullopt;
}

std::optional<Resolved> resolve(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (iequals(f.name, name)) return Resolved{f.canonical, f.needs_argument, 0};
  }
  return resolve_percentile(name);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_aggregation_function(std::string_view name) { return resolve(name).has_value(); }

AggCall parse_aggregation(CommandContext& ctx) {
  Scanner& s = ctx.s;
  s.skip_ws();
  AggCall a;
  uint32_t b = s.pos();
  while (is_word_char(s.peek()) || (s.peek() == '.' && is_digit(s.peek(1)))) s.advance();
  Span name_span = make_span(b, s.pos());
  if (name_span.begin == name_span.end) {
    if (s.eof()) ctx.fail(name_span, "expected a statistical function in " + ctx.name());
    ctx.fail(s.current_word_span(), "expected a statistical function in " + ctx.name() +
                                        ", found " + quote_for_message(s.slice(s.current_word_span())));
  }
  a.written = std::string(s.slice(name_span));
  auto info = resolve(a.written);
  if (!info) {
    ctx.fail(name_span, "unknown statistical function " + quote_for_message(a.written) + " in " +
                            ctx.name());
  }
  a.function = std::string(info->canonical);
  a.percentile = info->percentile;
  a.default_name = a.written;

  // The argument list; whitespace before '(' only for functions that need one
  // (so `count (x)` is not mistaken for an argument of a bare count).
  uint32_t after_name = s.pos();
  if (info->needs_argument) s.skip_ws();
  if (a.function == "sparkline" && s.peek() == '(') {
    // sparkline(agg(field)[, span]): kept as raw text (display-only function).
    uint32_t open = s.pos();
    uint32_t close = s.matching_close(open, '(', ')');
    a.field = std::string(trim(s.slice(open + 1, close)));
    a.field_span = make_span(open + 1, close);
    a.default_name += "(" + a.field + ")";
    s.set_pos(close + 1);
  } else if (s.peek() == '(') {
    uint32_t open = s.pos();
    s.advance();
    s.skip_ws();
    if (s.at_keyword("eval", true, "(")) {
      uint32_t eval_kw = s.pos();
      s.advance(4);
      s.skip_ws();
      if (s.peek() != '(') ctx.fail(make_span(eval_kw, eval_kw + 4), "expected '(' after eval");
      uint32_t eval_open = s.pos();
      s.advance();
      a.eval_arg = ctx.eval_expression();
      s.skip_ws();
      if (s.peek() != ')') {
        if (s.eof()) ctx.fail(make_span(eval_open, eval_open + 1), "unbalanced '(': no matching ')'");
        s.fail_unexpected("in eval() argument of " + a.written);
      }
      s.advance();
    } else {
      auto f = s.field_name();
      if (!f) {
        if (s.peek() == ')') ctx.fail(make_span(open, s.pos() + 1), a.written + "() needs a field name");
        s.fail_unexpected("in " + a.written + "()");
      }
      a.field = f->text;
      a.field_span = f->span;
    }
    s.skip_ws();
    if (s.peek() != ')') {
      if (s.eof()) ctx.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
      s.fail_unexpected("in " + a.written + "() (expected ')')");
    }
    uint32_t close = s.pos();
    s.advance();
    std::string arg = a.eval_arg ? std::string(trim(s.slice(open + 1, close))) : a.field;
    a.default_name += "(" + arg + ")";
  } else {
    s.set_pos(after_name);
    if (info->needs_argument) {
      ctx.fail(name_span, a.written + " needs an argument, e.g. " + a.written + "(field)");
    }
  }
  a.output_name = a.default_name;
  if (s.keyword("as")) {
    auto n = s.field_name(true);
    if (!n) s.fail_unexpected("after AS (expected a field name)");
    a.output_name = n->text;
    a.renamed = true;
  }
  a.span = make_span(b, s.pos());
  return a;
}

std::vector<AggCall> parse_aggregations(CommandContext& ctx,
                                        std::initializer_list<std::string_view> stop_keywords) {
  std::vector<AggCall> out;
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof()) break;
    bool stop = false;
    for (std::string_view kw : stop_keywords) stop = stop || s.at_keyword(kw, true);
    if (stop || s.at_any_option()) break;
    out.push_back(parse_aggregation(ctx));
  }
  return out;
}

void print_aggregations(AstPrinter& p, const std::vector<AggCall>& aggs) {
  for (const auto& a : aggs) {
    p.open(a.function);
    if (a.percentile != 0 || a.function.find("perc") != std::string::npos) p.number(a.percentile);
    if (a.eval_arg) {
      p.open("eval");
      p.eval(a.eval_arg.get());
      p.close();
    } else if (!a.field.empty()) {
      p.name(a.field);
    }
    p.key("as");
    p.str(a.output_name);
    p.close();
  }
}

void parse_aggregation_command(CommandContext& ctx, std::string_view command, const std::function<bool()>& option,
                               std::vector<AggCall>* aggs, std::vector<FieldName>* by) {
  Scanner& s = ctx.s;
  while (option()) {
  }
  *aggs = parse_aggregations(ctx, {"by"});
  if (aggs->empty()) {
    if (s.at_end() || s.peek_keyword("by")) {
      ctx.fail(ctx.name_span(), std::string(command) + " needs at least one statistical function");
    }
    ctx.fail_unexpected();
  }
  if (s.keyword("by")) {
    *by = CommandContext::to_fields(s.field_list());
    if (by->empty()) s.fail_unexpected("after BY (expected field names)");
  }
  while (option()) {
  }
  ctx.expect_end();
}

}  // namespace rulejit::spl
