// Recursive-descent parser for search expressions (see search_parser.h).
#include "compiler/spl/search_parser.h"

#include <optional>
#include <string>
#include <vector>

namespace rulejit::spl {
namespace {

constexpr std::string_view kOpDelims = "(\"[";  // may follow AND/OR/NOT directly

class SearchParser {
 public:
  SearchParser(ParseSession& session, Scanner& s, std::initializer_list<std::string_view> stops)
      : session_(session), s_(s), stops_(stops) {}

  SearchExprPtr parse_top() {
    SearchExprPtr e = parse_and(0);
    s_.skip_ws();
    return e;
  }

 private:
  // Is the cursor at something that ends the current AND list?
  bool at_stop(int depth) {
    s_.skip_ws();
    if (s_.eof()) return true;
    char c = s_.peek();
    if (c == ')') {
      if (depth > 0) return true;
      if (cut_value_) fail_cut_value();
      s_.fail(s_.current_char_span(), "unbalanced ')': no matching '('");
    }
    if (c == ']') s_.fail(s_.current_char_span(), "unexpected ']'");
    if (depth == 0) {
      for (std::string_view w : stops_) {
        if (s_.at_keyword(w, true)) return true;
      }
    }
    return false;
  }

  // `x=f(a, b)`: the unquoted value `f(a,` ended at the space while one of
  // its '(' was open, so its ')' is left over. Say that, on the value, and
  // show the quoted form (up to the ')' that balances the value's '(').
  [[noreturn]] void fail_cut_value() const {
    const Span v = *cut_value_;
    std::string_view text = s_.text();
    uint32_t i = v.begin;
    int depth = 0;
    bool has_quote = false;
    for (; i < s_.end(); ++i) {
      char c = text[i];
      if (c == '\\' && i + 1 < s_.end()) {
        ++i;
        continue;
      }
      if (c == '"') has_quote = true;
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) break;
    }
    std::string msg = "the unquoted value " + quote_for_message(s_.slice(v)) +
                      " ends at the whitespace inside its parentheses, which leaves a ')' "
                      "without a '(' later on";
    if (i < s_.end() && !has_quote && i + 1 - v.begin <= 80) {
      msg += "; to compare with the whole text, quote it: \"" +
             std::string(s_.slice(v.begin, i + 1)) + "\"";
    } else {
      msg += "; quote the value";
    }
    s_.fail(v, std::move(msg));
  }

  bool at_op(std::string_view op) const { return s_.at_keyword(op, false, kOpDelims); }

  // After a binary/unary operator: there must be an operand.
  void need_operand(int depth, Span op, std::string_view name) {
    if (at_stop(depth) || at_op("AND") || at_op("OR")) {
      s_.fail(op, "missing search term after " + std::string(name));
    }
  }

  SearchExprPtr parse_and(int depth) {
    std::vector<SearchExprPtr> items;
    while (!at_stop(depth)) {
      if (at_op("AND")) {
        Span op = make_span(s_.pos(), s_.pos() + 3);
        if (items.empty()) s_.fail(op, "missing search term before AND");
        s_.advance(3);
        need_operand(depth, op, "AND");
        continue;
      }
      if (at_op("OR")) {
        s_.fail(make_span(s_.pos(), s_.pos() + 2), "missing search term before OR");
      }
      items.push_back(parse_or(depth));
    }
    return make_nary(SearchExpr::Kind::And, std::move(items));
  }

  SearchExprPtr parse_or(int depth) {
    SearchExprPtr first = parse_not(depth);
    std::vector<SearchExprPtr> items;
    for (;;) {
      s_.skip_ws();
      if (!at_op("OR")) break;
      Span op = make_span(s_.pos(), s_.pos() + 2);
      s_.advance(2);
      need_operand(depth, op, "OR");
      if (items.empty()) items.push_back(std::move(first));
      items.push_back(parse_not(depth));
    }
    if (items.empty()) return first;
    return make_nary(SearchExpr::Kind::Or, std::move(items));
  }

  SearchExprPtr parse_not(int depth) {
    s_.skip_ws();
    if (at_op("NOT")) {
      uint32_t b = s_.pos();
      Span op = make_span(b, b + 3);
      ParseSession::Nesting guard(session_, op);
      s_.advance(3);
      need_operand(depth, op, "NOT");
      auto n = std::make_unique<SearchExpr>();
      n->kind = SearchExpr::Kind::Not;
      n->children.push_back(parse_not(depth));
      n->span = make_span(b, n->children[0]->span.end);
      return n;
    }
    return parse_primary(depth);
  }

  SearchExprPtr parse_primary(int depth) {
    s_.skip_ws();
    uint32_t b = s_.pos();
    char c = s_.peek();
    if (c == '(') {
      ParseSession::Nesting guard(session_, make_span(b, b + 1));
      s_.advance();
      SearchExprPtr inner = parse_and(depth + 1);
      s_.skip_ws();
      if (s_.peek() != ')') s_.fail(make_span(b, b + 1), "unbalanced '(': no matching ')'");
      s_.advance();
      if (!inner) {
        inner = std::make_unique<SearchExpr>();
        inner->kind = SearchExpr::Kind::And;
        inner->span = make_span(b, s_.pos());
      }
      return inner;
    }
    if (c == '[') {
      ParseSession::Nesting guard(session_, make_span(b, b + 1));
      uint32_t close = s_.matching_close(b, '[', ']');
      auto n = std::make_unique<SearchExpr>();
      n->kind = SearchExpr::Kind::Subsearch;
      n->subsearch = session_.parse_pipeline(b + 1, close, PipelineStart::ImplicitSearch);
      s_.set_pos(close + 1);
      n->span = make_span(b, close + 1);
      return n;
    }
    SearchValue head;
    bool have_head = false;
    if (c == '"') {
      Token t = s_.quoted_string();
      head.text = std::move(t.text);
      head.quoted = true;
      head.span = t.span;
      have_head = true;
    } else if (at_directive()) {
      // TERM(x) / CASE(x) as a bare term.
      auto n = std::make_unique<SearchExpr>();
      n->kind = SearchExpr::Kind::Term;
      n->values.push_back(parse_directive());
      n->span = n->values[0].span;
      return n;
    } else {
      head = read_term_word();
      have_head = head.span.end > head.span.begin;
    }

    // `field op value` / `field IN (...)`?  Whitespace around the operator
    // is tolerated, as Splunk does.
    uint32_t after_head = s_.pos();
    s_.skip_ws();
    CompareOp op{};
    Span op_span{};
    if (read_compare_op(&op, &op_span)) {
      if (!have_head) {
        s_.fail(op_span, std::string("missing field name before '") + compare_op_text(op) + "'");
      }
      auto n = std::make_unique<SearchExpr>();
      n->kind = SearchExpr::Kind::Compare;
      n->field = std::move(head.text);
      n->field_quoted = head.quoted;
      n->op = op;
      n->values.push_back(parse_value(op_span, ")"));
      n->span = make_span(b, n->values[0].span.end);
      return n;
    }
    if (have_head && s_.at_keyword("IN", false, "(")) {
      return parse_in(b, std::move(head));
    }
    s_.set_pos(after_head);
    if (!have_head) s_.fail_unexpected("in search expression");
    auto n = std::make_unique<SearchExpr>();
    n->kind = SearchExpr::Kind::Term;
    n->span = head.span;
    n->values.push_back(std::move(head));
    return n;
  }

  // A bare word in term position: up to whitespace, ( ) [ ] | " or a
  // comparison operator.
  SearchValue read_term_word() {
    uint32_t b = s_.pos();
    while (!s_.eof()) {
      char c = s_.peek();
      if (c == '\\' && s_.peek(1) != '\0') {
        s_.advance(2);
        continue;
      }
      if (is_space(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '|' || c == '"' ||
          c == '=' || c == '<' || c == '>' || (c == '!' && s_.peek(1) == '=')) {
        break;
      }
      s_.advance();
    }
    SearchValue v;
    v.span = make_span(b, s_.pos());
    v.text = decode_spl_string(s_.slice(v.span));
    return v;
  }

  bool read_compare_op(CompareOp* op, Span* span) {
    uint32_t p = s_.pos();
    char c = s_.peek(), n = s_.peek(1);
    uint32_t len = 1;
    if (c == '!' && n == '=') {
      *op = CompareOp::Ne;
      len = 2;
    } else if (c == '<' && n == '=') {
      *op = CompareOp::Le;
      len = 2;
    } else if (c == '>' && n == '=') {
      *op = CompareOp::Ge;
      len = 2;
    } else if (c == '=') {
      *op = CompareOp::Eq;
    } else if (c == '<') {
      *op = CompareOp::Lt;
    } else if (c == '>') {
      *op = CompareOp::Gt;
    } else {
      return false;
    }
    s_.advance(len);
    *span = make_span(p, p + len);
    return true;
  }

  bool at_directive() const { return s_.at("TERM(") || s_.at("CASE("); }

  // TERM(x) or CASE(x); the cursor is at the directive name.
  SearchValue parse_directive() {
    uint32_t b = s_.pos();
    bool term = s_.at("TERM(");
    uint32_t open = b + 4;
    uint32_t close = s_.matching_close(open, '(', ')');
    Scanner inner(s_.text(), open + 1, close);
    inner.skip_ws();
    SearchValue v;
    if (inner.peek() == '"') {
      Token t = inner.quoted_string();
      v.text = std::move(t.text);
      v.quoted = true;
      if (!inner.at_end()) inner.fail_unexpected("inside " + std::string(term ? "TERM" : "CASE") + "()");
    } else {
      std::string_view raw = s_.slice(open + 1, close);
      while (!raw.empty() && is_space(raw.front())) raw.remove_prefix(1);
      while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
      v.text = decode_spl_string(raw);
    }
    if (term) {
      v.term = true;
    } else {
      v.case_sensitive = true;
    }
    v.span = make_span(b, close + 1);
    s_.set_pos(close + 1);
    return v;
  }

  // The value after a comparison operator (whitespace before it tolerated).
  // `extra_stops` end an unquoted value ("," inside IN lists).
  SearchValue parse_value(Span op_span, std::string_view extra_stops) {
    s_.skip_ws();
    char c = s_.peek();
    if (c == '"') {
      Token t = s_.quoted_string();
      SearchValue v;
      v.text = std::move(t.text);
      v.quoted = true;
      v.span = t.span;
      return v;
    }
    if (at_directive()) return parse_directive();
    SearchValue v = read_value_word(extra_stops);
    if (v.span.begin == v.span.end) {
      s_.fail(op_span, "missing value after '" + std::string(s_.slice(op_span)) + "'");
    }
    return v;
  }

  // An unquoted value: up to whitespace, '"', '|', or a ')' / ']' that
  // closes an enclosing group (parentheses opened inside the value are kept).
  SearchValue read_value_word(std::string_view extra_stops) {
    uint32_t b = s_.pos();
    int parens = 0, brackets = 0;
    while (!s_.eof()) {
      char c = s_.peek();
      if (c == '\\' && s_.peek(1) != '\0') {
        s_.advance(2);
        continue;
      }
      if (is_space(c) || c == '"' || c == '|') break;
      if (extra_stops.find(c) != std::string_view::npos && parens == 0) break;
      if (c == '(') {
        ++parens;
      } else if (c == ')') {
        if (parens == 0) break;
        --parens;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        if (brackets == 0) break;
        --brackets;
      }
      s_.advance();
    }
    SearchValue v;
    v.span = make_span(b, s_.pos());
    v.text = decode_spl_string(s_.slice(v.span));
    if (parens > 0 && !cut_value_) cut_value_ = v.span;
    return v;
  }

  // `field IN (v1, v2 v3 ...)`: the cursor is at IN.
  SearchExprPtr parse_in(uint32_t begin, SearchValue field) {
    Span in_span = make_span(s_.pos(), s_.pos() + 2);
    s_.advance(2);
    s_.skip_ws();
    if (s_.peek() != '(') s_.fail(in_span, "expected '(' after IN");
    uint32_t open = s_.pos();
    s_.advance();
    auto n = std::make_unique<SearchExpr>();
    n->kind = SearchExpr::Kind::In;
    n->field = std::move(field.text);
    n->field_quoted = field.quoted;
    for (;;) {
      s_.skip_ws();
      while (s_.peek() == ',') {
        s_.advance();
        s_.skip_ws();
      }
      if (s_.eof()) s_.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
      if (s_.peek() == ')') {
        s_.advance();
        break;
      }
      n->values.push_back(parse_value(make_span(open, open + 1), ",)"));
    }
    if (n->values.empty()) s_.fail(make_span(open, s_.pos()), "empty IN list");
    n->span = make_span(begin, s_.pos());
    return n;
  }

  static SearchExprPtr make_nary(SearchExpr::Kind kind, std::vector<SearchExprPtr> items) {
    if (items.empty()) return nullptr;
    if (items.size() == 1) return std::move(items[0]);
    auto n = std::make_unique<SearchExpr>();
    n->kind = kind;
    n->span = make_span(items.front()->span.begin, items.back()->span.end);
    for (auto& it : items) {
      if (it->kind == kind) {
        // Same operator: splice (an empty `()` inside an AND disappears).
        for (auto& c : it->children) n->children.push_back(std::move(c));
      } else {
        n->children.push_back(std::move(it));
      }
    }
    if (n->children.size() == 1) {
      SearchExprPtr only = std::move(n->children[0]);
      return only;
    }
    return n;
  }

  ParseSession& session_;
  Scanner& s_;
  std::initializer_list<std::string_view> stops_;
  std::optional<Span> cut_value_;  // first value whitespace cut inside '(' (fail_cut_value)
};

}  // namespace

SearchExprPtr parse_search_expr(ParseSession& session, Scanner& s,
                                std::initializer_list<std::string_view> stop_words) {
  SearchParser p(session, s, stop_words);
  return p.parse_top();
}

}  // namespace rulejit::spl
