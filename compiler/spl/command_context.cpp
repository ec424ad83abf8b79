// Argument helpers for command modules (see command_context.h).
#include "compiler/spl/command_context.h"

#include <charconv>

#include "compiler/spl/eval_parser.h"
#include "compiler/spl/search_parser.h"

namespace rulejit::spl {

void CommandContext::expect_end() {
  if (!s.at_end()) fail_unexpected();
}

void CommandContext::fail_unexpected() const { s.fail_unexpected("in " + name_); }

SearchExprPtr CommandContext::search_expression(std::initializer_list<std::string_view> stop_words) {
  return parse_search_expr(session_, s, stop_words);
}

EvalExprPtr CommandContext::eval_expression() { return parse_eval_expr(session_, s); }

bool CommandContext::at_bracket() {
  s.skip_ws();
  return s.peek() == '[';
}

std::unique_ptr<Pipeline> CommandContext::bracketed_pipeline(PipelineStart start) {
  s.skip_ws();
  uint32_t open = s.pos();
  if (s.peek() != '[') fail(s.current_word_span(), "expected '[' in " + name_);
  ParseSession::Nesting guard(session_, make_span(open, open + 1));
  uint32_t close = s.matching_close(open, '[', ']');
  auto p = session_.parse_pipeline(open + 1, close, start);
  s.set_pos(close + 1);
  return p;
}

FieldName CommandContext::expect_field(std::string_view what, bool allow_parens) {
  auto t = s.field_name(allow_parens);
  if (!t) {
    s.skip_ws();
    if (s.eof()) fail(make_span(s.pos(), s.pos()), "expected " + std::string(what) + " in " + name_);
    fail(s.current_word_span(), "expected " + std::string(what) + " in " + name_ + ", found " +
                                    quote_for_message(s.slice(s.current_word_span())));
  }
  return to_field(*t);
}

std::vector<FieldName> CommandContext::to_fields(const std::vector<Token>& ts) {
  std::vector<FieldName> out;
  out.reserve(ts.size());
  for (const auto& t : ts) out.push_back(to_field(t));
  return out;
}

bool CommandContext::to_bool(const Token& v, std::string_view key) const {
  for (std::string_view t : {"true", "t", "1", "yes", "y"}) {
    if (iequals(v.text, t)) return true;
  }
  for (std::string_view f : {"false", "f", "0", "no", "n"}) {
    if (iequals(v.text, f)) return false;
  }
  fail(v.span, "invalid boolean " + quote_for_message(v.text) + " for option '" + std::string(key) +
                   "' (expected true or false)");
}

int64_t CommandContext::to_int(const Token& v, std::string_view key, int64_t min,
                               int64_t max) const {
  int64_t out = 0;
  const char* b = v.text.data();
  const char* e = b + v.text.size();
  auto r = std::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr != e || out < min || out > max) {
    fail(v.span, "invalid value " + quote_for_message(v.text) + " for option '" + std::string(key) +
                     "' (expected an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ")");
  }
  return out;
}

double CommandContext::to_number(const Token& v, std::string_view key) const {
  double out = 0;
  const char* b = v.text.data();
  const char* e = b + v.text.size();
  auto r = std::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr != e) {
    fail(v.span, "invalid number " + quote_for_message(v.text) + " for option '" +
                     std::string(key) + "'");
  }
  return out;
}

TimeSpan CommandContext::to_time_span(const Token& v, std::string_view key) const {
  auto ts = parse_time_span(v.text);
  if (!ts) {
    fail(v.span, "invalid time span " + quote_for_message(v.text) + " for option '" +
                     std::string(key) + "' (expected e.g. 30s, 5m, 1h, 1d)");
  }
  return *ts;
}

}  // namespace rulejit::spl
