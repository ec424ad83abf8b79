// Lexical primitives shared by the SPL parsers (see scanner.h).
#include "compiler/spl/scanner.h"

#include <algorithm>

namespace rulejit::spl {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string decode_spl_string(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      char n = body[i + 1];
      if (n == '"' || n == '\\' || n == '|') {
        out.push_back(n);
      } else {
        // Unknown escapes pass through unchanged (spl-semantics.md §1.4).
        out.push_back(c);
        out.push_back(n);
      }
      ++i;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string quote_for_message(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  if (s.size() > kMax) {
    out.append(s.substr(0, kMax));
    out += "...";
  } else {
    out.append(s);
  }
  out += "'";
  return out;
}

Scanner::Scanner(std::string_view text, uint32_t begin, uint32_t end)
    : text_(text), begin_(begin), end_(end), pos_(begin) {
  if (end_ > text_.size()) end_ = static_cast<uint32_t>(text_.size());
  if (begin_ > end_) begin_ = end_;
  pos_ = begin_;
}

Scanner::Scanner(std::string_view text)
    : Scanner(text, 0, static_cast<uint32_t>(text.size())) {}

char Scanner::peek(uint32_t ahead) const {
  uint64_t p = static_cast<uint64_t>(pos_) + ahead;
  return p < end_ ? text_[p] : '\0';
}

void Scanner::advance(uint32_t n) { pos_ = std::min<uint64_t>(end_, uint64_t{pos_} + n); }

void Scanner::skip_ws() {
  while (pos_ < end_ && is_space(text_[pos_])) ++pos_;
}

bool Scanner::at_end() {
  skip_ws();
  return eof();
}

bool Scanner::at(std::string_view lit) const {
  return uint64_t{pos_} + lit.size() <= end_ && text_.substr(pos_, lit.size()) == lit;
}

bool Scanner::consume(std::string_view lit) {
  if (!at(lit)) return false;
  pos_ += static_cast<uint32_t>(lit.size());
  return true;
}

std::string_view Scanner::slice(uint32_t b, uint32_t e) const {
  if (e > text_.size()) e = static_cast<uint32_t>(text_.size());
  if (b > e) b = e;
  return text_.substr(b, e - b);
}

Span Scanner::current_char_span() const {
  if (eof()) return make_span(pos_, pos_);
  uint32_t n = (text_[pos_] == '\\' && pos_ + 1 < end_) ? 2 : 1;
  return make_span(pos_, pos_ + n);
}

Span Scanner::current_word_span() const {
  if (eof()) return make_span(pos_, pos_);
  uint32_t e = pos_;
  if (is_word_char(text_[e])) {
    while (e < end_ && is_word_char(text_[e])) ++e;
  } else {
    e = current_char_span().end;
  }
  return make_span(pos_, e);
}

void Scanner::fail(Span where, std::string message) const {
  throw SyntaxError(where, std::move(message));
}

void Scanner::fail_unexpected(std::string_view context) const {
  std::string msg;
  if (eof()) {
    msg = "unexpected end of input";
  } else {
    msg = "unexpected " + quote_for_message(slice(current_word_span()));
  }
  if (!context.empty()) {
    msg += " ";
    msg += context;
  }
  fail(eof() ? make_span(pos_, pos_) : current_word_span(), std::move(msg));
}

uint32_t Scanner::skip_quoted(uint32_t at) const {
  uint32_t i = at + 1;
  while (i < end_) {
    char c = text_[i];
    if (c == '\\' && i + 1 < end_) {
      i += 2;
      continue;
    }
    if (c == '"') return i + 1;
    ++i;
  }
  fail(make_span(at, at + 1), "unbalanced quote: this '\"' is never closed");
}

Token Scanner::quoted_string() {
  uint32_t b = pos_;
  uint32_t e = skip_quoted(b);
  pos_ = e;
  return Token{decode_spl_string(slice(b + 1, e - 1)), make_span(b, e), true};
}

Token Scanner::single_quoted() {
  uint32_t b = pos_;
  uint32_t i = b + 1;
  while (i < end_ && text_[i] != '\'') ++i;
  if (i >= end_) fail(make_span(b, b + 1), "unbalanced quote: this \"'\" is never closed");
  pos_ = i + 1;
  return Token{std::string(slice(b + 1, i)), make_span(b, i + 1), true};
}

Token Scanner::word(std::string_view stops) {
  uint32_t b = pos_;
  while (pos_ < end_) {
    char c = text_[pos_];
    if (c == '\\' && pos_ + 1 < end_) {
      pos_ += 2;
      continue;
    }
    if (is_space(c) || stops.find(c) != std::string_view::npos) break;
    ++pos_;
  }
  return Token{decode_spl_string(slice(b, pos_)), make_span(b, pos_), false};
}

Token Scanner::word_or_quoted(std::string_view stops) {
  if (peek() == '"') return quoted_string();
  return word(stops);
}

bool Scanner::at_keyword(std::string_view kw, bool case_insensitive,
                         std::string_view delims) const {
  if (uint64_t{pos_} + kw.size() > end_) return false;
  std::string_view here = text_.substr(pos_, kw.size());
  if (case_insensitive ? !iequals(here, kw) : here != kw) return false;
  uint32_t after = pos_ + static_cast<uint32_t>(kw.size());
  if (after >= end_) return true;
  char c = text_[after];
  return is_space(c) || delims.find(c) != std::string_view::npos;
}

uint32_t Scanner::matching_close(uint32_t open_pos, char open, char close) const {
  int depth = 0;
  uint32_t i = open_pos;
  while (i < end_) {
    char c = text_[i];
    if (c == '\\' && i + 1 < end_) {
      i += 2;
      continue;
    }
    if (c == '"') {
      i = skip_quoted(i);
      continue;
    }
    if (c == open) {
      ++depth;
    } else if (c == close) {
      if (--depth == 0) return i;
    }
    ++i;
  }
  fail(make_span(open_pos, open_pos + 1),
       std::string("unbalanced '") + open + "': no matching '" + close + "'");
}

bool Scanner::keyword(std::string_view kw) {
  skip_ws();
  if (!at_keyword(kw, true)) return false;
  pos_ += static_cast<uint32_t>(kw.size());
  return true;
}

bool Scanner::peek_keyword(std::string_view kw) {
  skip_ws();
  return at_keyword(kw, true);
}

std::optional<std::string_view> Scanner::option_key(std::initializer_list<std::string_view> keys,
                                                    Span* key_span) {
  skip_ws();
  uint32_t b = pos_;
  uint32_t e = b;
  while (e < end_ && is_word_char(text_[e])) ++e;
  if (e == b) return std::nullopt;
  std::string_view w = text_.substr(b, e - b);
  for (std::string_view k : keys) {
    if (!iequals(w, k)) continue;
    uint32_t p = e;
    while (p < end_ && is_space(text_[p])) ++p;
    if (p < end_ && text_[p] == '=' && !(p + 1 < end_ && text_[p + 1] == '=')) {
      option_spaced_ = p != e;
      pos_ = p + 1;
      if (key_span) *key_span = make_span(b, e);
      return k;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool Scanner::at_any_option() {
  skip_ws();
  uint32_t e = pos_;
  while (e < end_ && is_word_char(text_[e])) ++e;
  if (e == pos_ || e >= end_ || text_[e] != '=') return false;
  return !(e + 1 < end_ && text_[e + 1] == '=');
}

Token Scanner::option_value(std::string_view key, Span key_span, std::string_view extra_stops) {
  if (option_spaced_) skip_ws();
  Token t;
  if (peek() == '"') {
    t = quoted_string();
  } else if (extra_stops.empty()) {
    t = word("[]");
  } else {
    t = word("[]" + std::string(extra_stops));
  }
  if (t.span.begin == t.span.end) {
    fail(key_span, "missing value for option '" + std::string(key) + "'");
  }
  return t;
}

std::optional<Token> Scanner::field_name(bool allow_parens) {
  skip_ws();
  if (peek() == '"') {
    Token t = quoted_string();
    // Text right after the closing quote continues the name, as in
    // `rename "Web".* AS *`.
    Token rest = unquoted_field_name(allow_parens);
    if (rest.span.begin != rest.span.end) {
      t.text += rest.text;
      t.span.end = rest.span.end;
    }
    return t;
  }
  Token t = unquoted_field_name(allow_parens);
  if (t.span.begin == t.span.end) return std::nullopt;
  return t;
}

Token Scanner::unquoted_field_name(bool allow_parens) {
  if (!allow_parens) return word(",|()[]\"=");
  uint32_t b = pos_;
  int depth = 0;
  while (pos_ < end_) {
    char c = text_[pos_];
    if (c == '\\' && pos_ + 1 < end_) {
      pos_ += 2;
      continue;
    }
    if (is_space(c) || c == ',' || c == '|' || c == '[' || c == ']' || c == '"' || c == '=') break;
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth == 0) break;
      --depth;
    }
    ++pos_;
  }
  return Token{decode_spl_string(slice(b, pos_)), make_span(b, pos_), false};
}

std::vector<Token> Scanner::field_list(std::initializer_list<std::string_view> stop_keywords,
                                       bool stop_at_options, bool allow_parens) {
  std::vector<Token> out;
  for (;;) {
    skip_ws();
    while (peek() == ',') {
      advance();
      skip_ws();
    }
    if (eof()) break;
    bool stop = false;
    for (std::string_view kw : stop_keywords) {
      if (at_keyword(kw, true)) {
        stop = true;
        break;
      }
    }
    if (stop || (stop_at_options && at_any_option())) break;
    auto f = field_name(allow_parens);
    if (!f) break;
    out.push_back(std::move(*f));
  }
  return out;
}

std::vector<Span> split_at_pipes(std::string_view text, uint32_t begin, uint32_t end,
                                 std::vector<uint32_t>* pipes) {
  std::vector<Span> segs;
  if (end > text.size()) end = static_cast<uint32_t>(text.size());
  uint32_t seg_begin = begin;
  int depth = 0;
  uint32_t i = begin;
  while (i < end) {
    char c = text[i];
    if (c == '\\' && i + 1 < end) {
      i += 2;
      continue;
    }
    if (c == '"') {
      // An unterminated string runs to the end; the command parser reports it.
      uint32_t j = i + 1;
      while (j < end && text[j] != '"') j += (text[j] == '\\' && j + 1 < end) ? 2 : 1;
      i = j < end ? j + 1 : end;
      continue;
    }
    if (c == '[') {
      ++depth;
    } else if (c == ']') {
      if (depth > 0) --depth;
    } else if (c == '|' && depth == 0) {
      segs.push_back(make_span(seg_begin, i));
      if (pipes) pipes->push_back(i);
      seg_begin = i + 1;
    }
    ++i;
  }
  segs.push_back(make_span(seg_begin, end));
  return segs;
}

}  // namespace rulejit::spl
