// Lexical primitives shared by every SPL parser (search, eval, commands).
//
// Contract:
//  - A Scanner is a cursor over a window [begin, end) of the *whole* expanded
//    SPL text; every offset it reports (positions, Token spans) is an offset
//    into the whole text, so spans stay valid for the driver's source map.
//  - Nothing here skips leading whitespace unless its comment says so.
//  - Lexical errors (unbalanced quote, missing value, ...) are raised as
//    SyntaxError, an internal exception that parse_spl() turns into a
//    ParseError; it never escapes the public API (parser.h).
//  - Strings are returned decoded with the search-string escape rule
//    (spl-semantics.md §1.4): \" -> ", \\ -> \, \| -> |, and every other
//    backslash pair is kept unchanged (\s stays \s). The same rule applies to
//    unquoted words: an escaped character never ends a word, so
//    `x=*\"a\"*` is one value `*"a"*`.
#pragma once

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

// Internal parse failure: where and why. Caught per command by the pipeline
// parser (parser.cpp).
struct SyntaxError : std::exception {
  Span span;
  std::string message;
  bool unsupported = false;
  SyntaxError(Span s, std::string m, bool u = false)
      : span(s), message(std::move(m)), unsupported(u) {}
  const char* what() const noexcept override { return message.c_str(); }
};

// One lexical item: its decoded text and where it was written.
struct Token {
  std::string text;     // decoded (quotes removed, escapes applied)
  Span span;            // source extent, quotes included
  bool quoted = false;  // written in double quotes
};

inline Span make_span(uint32_t begin, uint32_t end) { return Span{begin, end}; }
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_word_char(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

// Applies the search-string escape rule to `body` (text between quotes, or
// an unquoted word).
std::string decode_spl_string(std::string_view body);

// Quotes `s` for messages: 'x', shortened when long.
std::string quote_for_message(std::string_view s);

class Scanner {
 public:
  Scanner(std::string_view text, uint32_t begin, uint32_t end);
  explicit Scanner(std::string_view text);

  std::string_view text() const { return text_; }
  uint32_t pos() const { return pos_; }
  void set_pos(uint32_t p) { pos_ = p; }
  uint32_t begin() const { return begin_; }
  uint32_t end() const { return end_; }
  bool eof() const { return pos_ >= end_; }
  // The character `ahead` bytes after the cursor, or '\0' past the window.
  char peek(uint32_t ahead = 0) const;
  void advance(uint32_t n = 1);
  void skip_ws();
  // skip_ws(), then: is the window exhausted?
  bool at_end();
  // Is the literal `lit` at the cursor (case-sensitive)?
  bool at(std::string_view lit) const;
  bool consume(std::string_view lit);
  std::string_view slice(uint32_t b, uint32_t e) const;
  std::string_view slice(Span s) const { return slice(s.begin, s.end); }
  // The span of the character (or escape pair / word) at the cursor, for
  // "unexpected ..." messages; an empty span at the end of the window.
  Span current_char_span() const;
  Span current_word_span() const;

  [[noreturn]] void fail(Span where, std::string message) const;
  // "unexpected 'x'" (or "unexpected end of ...") at the cursor.
  [[noreturn]] void fail_unexpected(std::string_view context = {}) const;

  // --- Lexical primitives (no whitespace skipping) -----------------------

  // A double-quoted string starting at the cursor ('"'), decoded.
  // Unterminated: SyntaxError "unbalanced quote" on the opening quote.
  Token quoted_string();
  // Position just past the closing quote of the string opening at `at`.
  uint32_t skip_quoted(uint32_t at) const;
  // A single-quoted eval field name ('...'); no escapes inside.
  Token single_quoted();
  // An unquoted word: characters up to whitespace, the window end, or a
  // character in `stops`; escape pairs are kept together and decoded.
  // Returns an empty token (span begin == end) when nothing was taken.
  Token word(std::string_view stops);
  // Quoted string if the cursor is at '"', else word(stops).
  Token word_or_quoted(std::string_view stops);
  // Is the identifier-like keyword `kw` at the cursor, followed by
  // whitespace, the window end or a character in `delims`?
  bool at_keyword(std::string_view kw, bool case_insensitive,
                  std::string_view delims = {}) const;
  // The position of the bracket matching the `open` at `open_pos`, skipping
  // quoted strings and nested pairs. Unmatched: SyntaxError
  // "unbalanced '<open>'" on the opening bracket.
  uint32_t matching_close(uint32_t open_pos, char open, char close) const;

  // --- Argument-level helpers for command parsers (skip whitespace) -------

  // A keyword argument (case-insensitive), e.g. BY, AS, OUTPUT. Consumed
  // when present.
  bool keyword(std::string_view kw);
  bool peek_keyword(std::string_view kw);
  // `key=` where key is one of `keys` (case-insensitive; whitespace around
  // '=' tolerated). Consumes through '=' and returns the key as listed in
  // `keys`; `key_span` receives where it was written.
  std::optional<std::string_view> option_key(std::initializer_list<std::string_view> keys,
                                             Span* key_span = nullptr);
  // Is the next argument `word=` (any word, '=' directly after it, not
  // '==')? Nothing consumed.
  bool at_any_option();
  // The value after `key=`: a quoted string or an unquoted run up to
  // whitespace. Missing: "missing value for option 'key'" on the key.
  // Whitespace after '=' is skipped only when the option was written with
  // whitespace before '=' too (`key = value`), so `key= next` is an error.
  // An unquoted value also ends at a character in `extra_stops` (',' where
  // the option sits in a comma-separated list: `by _time span=1h, host`).
  Token option_value(std::string_view key, Span key_span, std::string_view extra_stops = {});
  // A field name: quoted, or unquoted up to whitespace or one of
  // , | ( ) [ ] " = ; wildcards kept. std::nullopt when none is there.
  // Unquoted text right after a quoted name joins it (`"Web".*` is Web.*).
  // With `allow_parens`, balanced parentheses are part of an unquoted name,
  // as in stats output names (`rename values(x) AS x`).
  std::optional<Token> field_name(bool allow_parens = false);
  // Field names separated by whitespace and/or commas. Stops at the window
  // end, before a keyword in `stop_keywords` (case-insensitive), and (when
  // `stop_at_options`) before `word=`.
  std::vector<Token> field_list(std::initializer_list<std::string_view> stop_keywords = {},
                                bool stop_at_options = true, bool allow_parens = false);

 private:
  // field_name() without the quoted form; an empty token when none is there.
  Token unquoted_field_name(bool allow_parens);

  std::string_view text_;
  uint32_t begin_ = 0;
  uint32_t end_ = 0;
  uint32_t pos_ = 0;
  bool option_spaced_ = false;  // last option_key() had whitespace before '='
};

// Splits the window [begin, end) of `text` at top-level '|' (outside double
// quotes and [...] brackets; escape pairs are skipped). Returns the segments
// between the pipes (whitespace not trimmed) and, in `pipes`, the offset of
// each separating '|'.
std::vector<Span> split_at_pipes(std::string_view text, uint32_t begin, uint32_t end,
                                 std::vector<uint32_t>* pipes);

}  // namespace rulejit::spl
