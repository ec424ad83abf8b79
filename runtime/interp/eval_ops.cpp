#include "runtime/interp/eval_ops.h"

#include <cmath>

#include "runtime/events/raw_search.h"
#include "runtime/functions/eval_error.h"
#include "runtime/functions/matchers.h"

namespace rulejit::rt::ops {
namespace {

using ir::Op;

// Numeric view of an operand: numbers, and field text that parses as a number.
std::optional<double> numeric(const Value& v, bool literal) {
  if (v.is_number()) return v.as_number();
  if (literal || v.is_bool() || v.is_null()) return std::nullopt;
  return v.to_number();
}

// A predicate over every value of a possibly multivalue operand: true if any
// value satisfies it (policy kPredicateOnMultivalueIsAny); null stays null.
template <typename Pred>
Value any_value(const Value& v, Pred&& pred) {
  if (v.is_null()) return Value();
  if (v.is_multi()) {
    for (const auto& t : v.as_multi())
      if (pred(std::string_view(t))) return Value::boolean(true);
    return Value::boolean(false);
  }
  if (v.is_string()) return Value::boolean(pred(std::string_view(v.as_string())));
  std::string text = v.to_text();
  return Value::boolean(pred(std::string_view(text)));
}

}  // namespace

bool match_any(const SearchMatcher& m, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return false;
    case Value::Kind::String: return m.matches(v.as_string());
    case Value::Kind::Multi:
      for (const auto& t : v.as_multi())
        if (m.matches(t)) return true;
      return false;
    default: return m.matches(v.to_text());
  }
}

bool raw_term(const Value& rawv, std::string_view term, uint32_t flags) {
  if (rawv.is_null()) return false;
  std::string raw = rawv.to_text();
  bool hit = (flags & ir::kRawTermTERM)     ? raw_has_exact_term(raw, term)
             : (flags & ir::kRawTermPhrase) ? raw_has_phrase(raw, term)
                                            : raw_has_term(raw, term);
  // CASE(): the token must also occur with exactly this case.
  if (hit && (flags & ir::kRawTermCase)) hit = raw.find(term) != std::string::npos;
  return hit;
}

int compare_values(const Value& a, bool a_literal, const Value& b, bool b_literal) {
  auto x = numeric(a, a_literal), y = numeric(b, b_literal);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  int c = a.to_text().compare(b.to_text());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

Value compare(Op op, const Value& a, bool a_lit, const Value& b, bool b_lit) {
  if (a.is_null() || b.is_null()) return Value();
  auto test = [&](const Value& x, const Value& y) {
    int c = compare_values(x, a_lit, y, b_lit);
    switch (op) {
      case Op::Eq: return c == 0;
      case Op::Ne: return c != 0;
      case Op::Lt: return c < 0;
      case Op::Le: return c <= 0;
      case Op::Gt: return c > 0;
      case Op::Ge: return c >= 0;
      default: return false;
    }
  };
  // Multivalue operands: true if any value satisfies the comparison
  // (spl-semantics.md §2.5 recommendation); a multivalue on the right
  // compares with its first value.
  if (a.is_multi()) {
    Value rhs = b.is_multi() ? Value::string(b.as_multi()[0]) : b;
    for (const auto& t : a.as_multi())
      if (test(Value::string(t), rhs)) return Value::boolean(true);
    return Value::boolean(false);
  }
  if (b.is_multi()) {
    for (const auto& t : b.as_multi())
      if (test(a, Value::string(t))) return Value::boolean(true);
    return Value::boolean(false);
  }
  return Value::boolean(test(a, b));
}

Value arithmetic(Op op, const Value& a, bool a_lit, const Value& b, bool b_lit) {
  auto x = numeric(a, a_lit), y = numeric(b, b_lit);
  if (op == Op::Add && !(x && y)) {
    // `+` concatenates two strings (§2.3).
    if (a.is_string() && b.is_string()) return Value::string(a.as_string() + b.as_string());
    return Value();
  }
  if (!x || !y) return Value();
  switch (op) {
    case Op::Add: return Value::number(*x + *y);
    case Op::Sub: return Value::number(*x - *y);
    case Op::Mul: return Value::number(*x * *y);
    case Op::Div: return *y == 0 ? Value() : Value::number(*x / *y);
    case Op::Mod: return *y == 0 ? Value() : Value::number(std::fmod(*x, *y));
    default: return Value();
  }
}

Value negate(const Value& a, bool a_lit) {
  auto n = numeric(a, a_lit);
  return n ? Value::number(-*n) : Value();
}

Value concat(const Value& a, const Value& b) {
  // `.` with a null operand is null (spl-semantics.md §2.4 recommendation).
  if (a.is_null() || b.is_null() || a.is_bool() || b.is_bool()) return Value();
  return Value::string(a.to_text() + b.to_text());
}

Value like(const Value& subject, const Value& pattern) {
  if (pattern.is_null()) return Value();
  std::string p = pattern.to_text();
  return any_value(subject, [&](std::string_view s) { return like_match(p, s); });
}

bool regex_matches(const Regex& re, std::string_view s) {
  const auto st = re.search(s);
  if (st == Regex::Status::kLimit) throw EvalError("regular expression exceeded its match limit");
  return st == Regex::Status::kMatch;
}

Value regex_match(const Regex& re, const Value& subject) {
  return any_value(subject, [&](std::string_view s) { return regex_matches(re, s); });
}

Value in_list(const std::unordered_set<std::string>& set, const Value& subject) {
  return any_value(subject, [&](std::string_view s) { return set.count(std::string(s)) > 0; });
}

}  // namespace rulejit::rt::ops
