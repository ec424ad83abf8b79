// What a command module (compiler/commands/<name>.cpp) gets while parsing
// its arguments: a Scanner over the argument text, nested expression and
// pipeline parsing, and typed option-value conversions.
//
// Contract: every helper reports problems by throwing SyntaxError (caught by
// the pipeline parser, one error per command). Spans are offsets into the
// whole expanded text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"
#include "compiler/spl/parse_session.h"
#include "compiler/spl/scanner.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class CommandContext {
 public:
  CommandContext(ParseSession& session, std::string_view canonical_name, Span name_span,
                 uint32_t args_begin, uint32_t end)
      : s(session.text(), args_begin, end), session_(session), name_(canonical_name),
        name_span_(name_span) {}

  Scanner s;  // window: the argument text after the command name

  ParseSession& session() { return session_; }
  const std::string& name() const { return name_; }
  Span name_span() const { return name_span_; }

  [[noreturn]] void fail(Span where, std::string message) const { s.fail(where, std::move(message)); }
  // Valid SPL that rulejit does not parse (ParseError::unsupported).
  [[noreturn]] void fail_unsupported(Span where, std::string message) const {
    throw SyntaxError(where, std::move(message), true);
  }
  // Everything was consumed; otherwise "unexpected 'x' in <command>".
  void expect_end();
  [[noreturn]] void fail_unexpected() const;

  // Nested languages, parsed at the cursor.
  SearchExprPtr search_expression(std::initializer_list<std::string_view> stop_words = {});
  EvalExprPtr eval_expression();
  // `[ ... ]` after optional whitespace: the enclosed pipeline.
  bool at_bracket();
  std::unique_ptr<Pipeline> bracketed_pipeline(PipelineStart start);

  // A required field name ("expected <what>" otherwise).
  FieldName expect_field(std::string_view what, bool allow_parens = false);
  static FieldName to_field(const Token& t) { return FieldName{t.text, t.span, t.quoted}; }
  static std::vector<FieldName> to_fields(const std::vector<Token>& ts);

  // Typed option values; `key` names the option in messages.
  bool to_bool(const Token& v, std::string_view key) const;
  int64_t to_int(const Token& v, std::string_view key, int64_t min, int64_t max) const;
  double to_number(const Token& v, std::string_view key) const;
  TimeSpan to_time_span(const Token& v, std::string_view key) const;

  // option_value + conversion, for the common `key=value` case.
  Token value(std::string_view key, Span key_span) { return s.option_value(key, key_span); }
  bool bool_value(std::string_view key, Span key_span) { return to_bool(value(key, key_span), key); }
  int64_t int_value(std::string_view key, Span key_span, int64_t min, int64_t max) {
    return to_int(value(key, key_span), key, min, max);
  }
  TimeSpan span_value(std::string_view key, Span key_span) {
    return to_time_span(value(key, key_span), key);
  }

 private:
  ParseSession& session_;
  std::string name_;
  Span name_span_;
};

}  // namespace rulejit::spl
