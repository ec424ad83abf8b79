// Stable, readable S-expression rendering of the SPL AST, used by golden
// tests and `rulejit explain --ast`.
//
// Format (changing it means updating golden tests):
//   pipeline   (pipeline [:leading_pipe] <command>...)   top level: one
//              command per line, indented two spaces; nested: one line
//   search     (and x y...) (or x y...) (not x) (term V) (= f V) (!= f V)
//              (< f V) ... (in f V...) (subsearch <pipeline>)
//   value V    "text" unquoted, q"text" written in double quotes,
//              TERM(V) / CASE(V) for the directives
//   eval       numbers as written; strings "..."; fields bare, 'x' when
//              written in single quotes, a.b? when dotted without quotes
//              (ambiguous with concatenation); (call name args...);
//              unary (- x) (+ x) (not x); binary (op a b) with op one of
//              + - * / % . = != < <= > >= like and or xor
//   names      field names bare when made of [A-Za-z0-9_.{}*:@$/-],
//              otherwise in double quotes; strings always in double quotes
//              with \" \\ \n \t \xNN escapes
//   commands   (name :option value ... ) as each command module prints it;
//              absent optional values print as nil
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class AstPrinter {
 public:
  // Building blocks for Command::print implementations. Each adds a
  // separating space when needed.
  void open(std::string_view head);      // "(head"
  void close();                          // ")"
  void key(std::string_view k);          // ":k"
  void atom(std::string_view raw);       // raw text as is
  void str(std::string_view s);          // "escaped"
  void name(std::string_view field);     // field name, quoted only if needed
  void field(const FieldName& f) { name(f.name); }
  void fields(const std::vector<FieldName>& fs);  // (a b c)
  void boolean(bool b);                  // true / false
  void integer(int64_t v);
  void number(double v);
  void nil();
  void value(const SearchValue& v);
  void search(const SearchExpr* e);      // nil when null
  void eval(const EvalExpr* e);          // nil when null
  void pipeline(const Pipeline* p);      // nil when null
  void command(const Command& c) { c.print(*this); }

  // `:key value` for options that were given; nothing when absent.
  void opt(std::string_view k, const std::optional<bool>& v);
  void opt(std::string_view k, const std::optional<int64_t>& v);
  void opt(std::string_view k, const std::optional<double>& v);
  void opt(std::string_view k, const std::optional<std::string>& v);
  void opt(std::string_view k, const std::optional<TimeSpan>& v);
  void opt(std::string_view k, const std::optional<FieldName>& v);

  // Top-level pipeline layout: one command per line.
  void pipeline_multiline(const Pipeline& p);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void sep();
  std::string out_;
};

std::string print_ast(const Pipeline& p);
std::string print_search(const SearchExpr& e);
std::string print_eval(const EvalExpr& e);
std::string print_command(const Command& c);

// Helpers shared with messages: "..." with escapes; name quoting rule.
std::string quote_string(std::string_view s);
std::string render_name(std::string_view field);

}  // namespace rulejit::spl
