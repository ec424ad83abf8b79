// Recursive-descent parser for eval expressions (see eval_parser.h).
#include "compiler/spl/eval_parser.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace rulejit::spl {
namespace {

constexpr std::string_view kKeywordDelims = "(\"'";

class EvalParser {
 public:
  EvalParser(ParseSession& session, Scanner& s) : session_(session), s_(s) {}

  EvalExprPtr parse() { return parse_xor().e; }

 private:
  // A node with its tree height, so operator chains (which are built by
  // loops, not recursion) cannot create trees too deep to print or free.
  struct P {
    EvalExprPtr e;
    uint32_t h = 1;
  };

  P leaf(EvalExprPtr e) { return P{std::move(e), 1}; }

  P make_binary(EvalBinaryOp op, P lhs, P rhs) {
    uint32_t h = 1 + std::max(lhs.h, rhs.h);
    check_height(h, lhs.e->span);
    auto n = std::make_unique<EvalExpr>();
    n->kind = EvalExpr::Kind::Binary;
    n->binary_op = op;
    n->span = make_span(lhs.e->span.begin, rhs.e->span.end);
    n->args.push_back(std::move(lhs.e));
    n->args.push_back(std::move(rhs.e));
    return P{std::move(n), h};
  }

  void check_height(uint32_t h, Span where) {
    if (h > ParseLimits::kMaxTreeHeight) {
      s_.fail(where, "expression too deeply nested (more than " +
                         std::to_string(ParseLimits::kMaxTreeHeight) + " levels)");
    }
  }

  bool at_kw(std::string_view kw) {
    s_.skip_ws();
    return s_.at_keyword(kw, true, kKeywordDelims);
  }

  // `a OR b OR c ...` (AND, XOR alike): one node with every operand, so a
  // detection's long list of conditions is a flat node, not a tree as deep
  // as the list is long (which kMaxTreeHeight would reject).
  template <typename Operand>
  P parse_chain(std::string_view kw, EvalBinaryOp op, Operand operand) {
    P lhs = operand();
    P chain;
    while (at_kw(kw)) {
      s_.advance(kw.size());
      P rhs = operand();
      if (!chain.e) {
        chain = make_binary(op, std::move(lhs), std::move(rhs));
        continue;
      }
      chain.h = std::max(chain.h, rhs.h + 1);
      check_height(chain.h, rhs.e->span);
      chain.e->span.end = rhs.e->span.end;
      chain.e->args.push_back(std::move(rhs.e));
    }
    return chain.e ? std::move(chain) : std::move(lhs);
  }

  P parse_xor() { return parse_chain("XOR", EvalBinaryOp::Xor, [&] { return parse_or(); }); }
  P parse_or() { return parse_chain("OR", EvalBinaryOp::Or, [&] { return parse_and(); }); }
  P parse_and() { return parse_chain("AND", EvalBinaryOp::And, [&] { return parse_not(); }); }

  P parse_not() {
    if (at_kw("NOT")) {
      uint32_t b = s_.pos();
      ParseSession::Nesting guard(session_, make_span(b, b + 3));
      s_.advance(3);
      return make_unary(EvalUnaryOp::Not, b, parse_not());
    }
    return parse_cmp();
  }

  P make_unary(EvalUnaryOp op, uint32_t begin, P operand) {
    auto n = std::make_unique<EvalExpr>();
    n->kind = EvalExpr::Kind::Unary;
    n->unary_op = op;
    n->span = make_span(begin, operand.e->span.end);
    uint32_t h = operand.h + 1;
    check_height(h, n->span);
    n->args.push_back(std::move(operand.e));
    return P{std::move(n), h};
  }

  bool read_cmp_op(EvalBinaryOp* op) {
    s_.skip_ws();
    char c = s_.peek(), n = s_.peek(1);
    if (c == '=' && n == '=') {
      *op = EvalBinaryOp::Eq;
      s_.advance(2);
    } else if (c == '!' && n == '=') {
      *op = EvalBinaryOp::Ne;
      s_.advance(2);
    } else if (c == '<' && n == '=') {
      *op = EvalBinaryOp::Le;
      s_.advance(2);
    } else if (c == '>' && n == '=') {
      *op = EvalBinaryOp::Ge;
      s_.advance(2);
    } else if (c == '=') {
      *op = EvalBinaryOp::Eq;
      s_.advance();
    } else if (c == '<') {
      *op = EvalBinaryOp::Lt;
      s_.advance();
    } else if (c == '>') {
      *op = EvalBinaryOp::Gt;
      s_.advance();
    } else if (s_.at_keyword("LIKE", true, kKeywordDelims)) {
      *op = EvalBinaryOp::Like;
      s_.advance(4);
    } else {
      return false;
    }
    return true;
  }

  P parse_cmp() {
    P lhs = parse_add();
    for (;;) {
      EvalBinaryOp op{};
      if (read_cmp_op(&op)) {
        lhs = make_binary(op, std::move(lhs), parse_add());
        continue;
      }
      if (at_kw("IN")) {
        // x IN (a, b) -> in(x, a, b)
        uint32_t in_pos = s_.pos();
        s_.advance(2);
        s_.skip_ws();
        if (s_.peek() != '(') s_.fail(make_span(in_pos, in_pos + 2), "expected '(' after IN");
        auto call = std::make_unique<EvalExpr>();
        call->kind = EvalExpr::Kind::Call;
        call->text = "in";
        uint32_t h = lhs.h;
        uint32_t b = lhs.e->span.begin;
        call->args.push_back(std::move(lhs.e));
        h = std::max(h, parse_call_args(call.get(), "IN"));
        call->span = make_span(b, s_.pos());
        check_height(h + 1, call->span);
        lhs = P{std::move(call), h + 1};
        continue;
      }
      return lhs;
    }
  }

  P parse_add() {
    P lhs = parse_mul();
    for (;;) {
      s_.skip_ws();
      char c = s_.peek();
      EvalBinaryOp op;
      if (c == '+') {
        op = EvalBinaryOp::Add;
      } else if (c == '-') {
        op = EvalBinaryOp::Sub;
      } else if (c == '.') {
        op = EvalBinaryOp::Concat;
      } else {
        return lhs;
      }
      s_.advance();
      lhs = make_binary(op, std::move(lhs), parse_mul());
    }
  }

  P parse_mul() {
    P lhs = parse_unary();
    for (;;) {
      s_.skip_ws();
      char c = s_.peek();
      EvalBinaryOp op;
      if (c == '*') {
        op = EvalBinaryOp::Mul;
      } else if (c == '/') {
        op = EvalBinaryOp::Div;
      } else if (c == '%') {
        op = EvalBinaryOp::Mod;
      } else {
        return lhs;
      }
      s_.advance();
      lhs = make_binary(op, std::move(lhs), parse_unary());
    }
  }

  P parse_unary() {
    s_.skip_ws();
    char c = s_.peek();
    uint32_t b = s_.pos();
    EvalUnaryOp op;
    if (c == '-') {
      op = EvalUnaryOp::Neg;
    } else if (c == '+') {
      op = EvalUnaryOp::Plus;
    } else if (c == '!' && s_.peek(1) != '=') {
      op = EvalUnaryOp::Not;
    } else {
      return parse_primary();
    }
    ParseSession::Nesting guard(session_, make_span(b, b + 1));
    s_.advance();
    return make_unary(op, b, parse_unary());
  }

  P parse_primary() {
    s_.skip_ws();
    uint32_t b = s_.pos();
    char c = s_.peek();
    if (s_.eof()) s_.fail(make_span(b, b), "expected an expression");
    if (c == '(') {
      ParseSession::Nesting guard(session_, make_span(b, b + 1));
      s_.advance();
      P inner = parse_xor();
      s_.skip_ws();
      if (s_.peek() != ')') {
        if (s_.eof()) s_.fail(make_span(b, b + 1), "unbalanced '(': no matching ')'");
        s_.fail_unexpected("in eval expression (expected ')')");
      }
      s_.advance();
      return inner;
    }
    if (c == '"') {
      Token t = s_.quoted_string();
      auto n = std::make_unique<EvalExpr>();
      n->kind = EvalExpr::Kind::String;
      n->text = std::move(t.text);
      n->span = t.span;
      return leaf(std::move(n));
    }
    if (c == '\'') {
      Token t = s_.single_quoted();
      auto n = std::make_unique<EvalExpr>();
      n->kind = EvalExpr::Kind::Field;
      n->text = std::move(t.text);
      n->quoted = true;
      n->span = t.span;
      return leaf(std::move(n));
    }
    if (is_digit(c) || (c == '.' && is_digit(s_.peek(1)))) return leaf(parse_number());
    if (is_alpha(c) || c == '_') {
      if (s_.at_keyword("NOT", true, kKeywordDelims)) return parse_not();
      for (std::string_view kw : {"AND", "OR", "XOR"}) {
        if (s_.at_keyword(kw, true, "\"'")) {
          s_.fail(make_span(b, b + static_cast<uint32_t>(kw.size())),
                  "missing operand before '" + std::string(kw) + "'");
        }
      }
      return parse_identifier();
    }
    s_.fail_unexpected("in eval expression (expected a value)");
  }

  EvalExprPtr parse_number() {
    uint32_t b = s_.pos();
    while (is_digit(s_.peek())) s_.advance();
    if (s_.peek() == '.' && is_digit(s_.peek(1))) {
      s_.advance();
      while (is_digit(s_.peek())) s_.advance();
    }
    char e = s_.peek();
    if (e == 'e' || e == 'E') {
      uint32_t k = 1;
      if (s_.peek(1) == '+' || s_.peek(1) == '-') k = 2;
      if (is_digit(s_.peek(k))) {
        s_.advance(k);
        while (is_digit(s_.peek())) s_.advance();
      }
    }
    if (is_word_char(s_.peek())) {
      while (is_word_char(s_.peek())) s_.advance();
      Span bad = make_span(b, s_.pos());
      s_.fail(bad, "invalid number " + quote_for_message(s_.slice(bad)) +
                       " (a field name starting with a digit needs single quotes)");
    }
    auto n = std::make_unique<EvalExpr>();
    n->kind = EvalExpr::Kind::Number;
    n->span = make_span(b, s_.pos());
    n->text = std::string(s_.slice(n->span));
    double v = 0;
    auto r = std::from_chars(n->text.data(), n->text.data() + n->text.size(), v);
    if (r.ec == std::errc::result_out_of_range) {
      // Keep the text; the value saturates like strtod.
      bool tiny = n->text.find("e-") != std::string::npos || n->text.find("E-") != std::string::npos;
      v = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    }
    n->number = v;
    return n;
  }

  // field, a.b (ambiguous with concatenation), a{}.b, or name(args).
  P parse_identifier() {
    uint32_t b = s_.pos();
    bool dotted = false;
    while (is_word_char(s_.peek())) s_.advance();
    for (;;) {
      if (s_.peek() == '{') {
        uint32_t i = 1;
        while (s_.peek(i) != '\0' && s_.peek(i) != '}' && !is_space(s_.peek(i))) ++i;
        if (s_.peek(i) != '}') break;
        s_.advance(i + 1);
        while (is_word_char(s_.peek())) s_.advance();
        continue;
      }
      if (s_.peek() == '.' && is_word_char(s_.peek(1))) {
        dotted = true;
        s_.advance();
        while (is_word_char(s_.peek())) s_.advance();
        continue;
      }
      break;
    }
    Span name = make_span(b, s_.pos());
    uint32_t after = s_.pos();
    s_.skip_ws();
    if (s_.peek() == '(') {
      auto call = std::make_unique<EvalExpr>();
      call->kind = EvalExpr::Kind::Call;
      call->text = std::string(s_.slice(name));
      uint32_t h = parse_call_args(call.get(), call->text);
      call->span = make_span(b, s_.pos());
      check_height(h + 1, call->span);
      return P{std::move(call), h + 1};
    }
    s_.set_pos(after);
    auto n = std::make_unique<EvalExpr>();
    n->kind = EvalExpr::Kind::Field;
    n->text = std::string(s_.slice(name));
    n->ambiguous_dotted = dotted;
    n->span = name;
    return leaf(std::move(n));
  }

  // `(a, b, ...)` at the cursor; appends to call->args; returns the max
  // argument height (0 for no arguments).
  uint32_t parse_call_args(EvalExpr* call, std::string_view fname) {
    uint32_t open = s_.pos();
    ParseSession::Nesting guard(session_, make_span(open, open + 1));
    s_.advance();
    uint32_t h = 0;
    s_.skip_ws();
    if (s_.peek() == ')') {
      s_.advance();
      return h;
    }
    for (;;) {
      P arg = parse_xor();
      h = std::max(h, arg.h);
      call->args.push_back(std::move(arg.e));
      s_.skip_ws();
      if (s_.peek() == ',') {
        s_.advance();
        continue;
      }
      if (s_.peek() == ')') {
        s_.advance();
        return h;
      }
      if (s_.eof()) s_.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
      s_.fail_unexpected("in arguments of " + std::string(fname) + "() (expected ',' or ')')");
    }
  }

  ParseSession& session_;
  Scanner& s_;
};

}  // namespace

EvalExprPtr parse_eval_expr(ParseSession& session, Scanner& s) {
  EvalParser p(session, s);
  return p.parse();
}

}  // namespace rulejit::spl
