#include "compiler/lower/value_lists.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>

#include "runtime/functions/matchers.h"

namespace rulejit::lower {
namespace {

using ir::Expr;
using ir::ExprPtr;
using ir::Matcher;
using ir::Op;

// addr/prefix with an IPv4 or IPv6 looking address; the runtime matcher does
// the real parsing and falls back to glob matching when it fails.
bool looks_like_cidr(std::string_view v) {
  auto slash = v.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= v.size()) return false;
  std::string_view addr = v.substr(0, slash), bits = v.substr(slash + 1);
  if (bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  bool dot = addr.find('.') != std::string_view::npos, colon = addr.find(':') != std::string_view::npos;
  if (dot == colon && !colon) return false;
  return std::all_of(addr.begin(), addr.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
  });
}

// A plain case-insensitive value (exact or with `*`): these share matchers.
bool listable(const spl::SearchValue& v) { return !v.case_sensitive && v.text != "*" && !looks_like_cidr(v.text); }

ExprPtr match_any(Lowerer& l, ir::SlotId slot, Matcher m) {
  auto x = Expr::make(Op::MatchAny);
  x->slot = slot;
  x->index = l.add_matcher(std::move(m));
  return x;
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Search operands flattened through nested nodes of the same kind (an OR in
// an OR), left to right. Iterative: macro-built chains can be deep.
std::vector<const spl::SearchExpr*> flatten(const spl::SearchExpr& e) {
  std::vector<const spl::SearchExpr*> out, stack{&e};
  while (!stack.empty()) {
    const spl::SearchExpr* x = stack.back();
    stack.pop_back();
    if (x == &e || (x->kind == e.kind && x->children.size() >= 2)) {
      for (auto it = x->children.rbegin(); it != x->children.rend(); ++it) stack.push_back(it->get());
    } else {
      out.push_back(x);
    }
  }
  return out;
}

bool time_modifier(const spl::SearchExpr& c) {
  return c.kind == spl::SearchExpr::Kind::Compare && c.op == spl::CompareOp::Eq &&
         (c.field == "earliest" || c.field == "latest");
}

// `f=v` or `f IN (...)`: a positive value test that can join a list.
bool positive_test(const spl::SearchExpr& c) {
  using K = spl::SearchExpr::Kind;
  return (c.kind == K::Compare && c.op == spl::CompareOp::Eq && !time_modifier(c)) || c.kind == K::In;
}

}  // namespace

ExprPtr lower_value_match(Lowerer& l, ir::SlotId slot, const spl::SearchValue& v) {
  if (v.text == "*" && !v.case_sensitive) {
    auto e = Expr::make(Op::Exists);
    e->slot = slot;
    return e;
  }
  Matcher m;
  if (v.case_sensitive) {
    m.kind = Matcher::Kind::GlobCS;
  } else if (looks_like_cidr(v.text)) {
    m.kind = Matcher::Kind::Cidr;
  } else {
    m.kind = Matcher::Kind::Glob;
  }
  m.pattern = v.text;
  return match_any(l, slot, std::move(m));
}

ExprPtr lower_value_list(Lowerer& l, ir::SlotId slot, const std::vector<const spl::SearchValue*>& values) {
  std::vector<std::string> exact, globs;
  std::vector<const spl::SearchValue*> own;  // values with their own matcher
  for (const auto* v : values) {
    if (!listable(*v)) own.push_back(v);
    else if (v->text.find('*') == std::string::npos) exact.push_back(rt::fold_ascii(v->text));
    else globs.push_back(rt::fold_ascii(v->text));
  }
  sort_unique(exact);
  sort_unique(globs);
  std::vector<ExprPtr> alts;
  // A single value stays a plain glob, the matcher of one comparison.
  if (exact.size() == 1) alts.push_back(match_any(l, slot, {Matcher::Kind::Glob, exact[0], {}}));
  if (exact.size() > 1) alts.push_back(match_any(l, slot, {Matcher::Kind::Set, {}, std::move(exact)}));
  if (globs.size() == 1) alts.push_back(match_any(l, slot, {Matcher::Kind::Glob, globs[0], {}}));
  if (globs.size() > 1) alts.push_back(match_any(l, slot, {Matcher::Kind::GlobList, {}, std::move(globs)}));
  for (const auto* v : own) alts.push_back(lower_value_match(l, slot, *v));
  if (alts.empty()) return Expr::constant(rt::Value::boolean(false));
  if (alts.size() == 1) return std::move(alts[0]);
  return Expr::make(Op::Or, std::move(alts));
}

std::vector<ExprPtr> lower_search_operands(Lowerer& l, const spl::SearchExpr& e) {
  using K = spl::SearchExpr::Kind;
  const bool is_or = e.kind == K::Or;
  std::vector<const spl::SearchExpr*> ops = flatten(e);
  // The value test of operand i and whether it is negated (AND: `NOT f=v`,
  // `NOT f IN (...)`, `f!=v`), or null when operand i is not one.
  struct Test {
    const spl::SearchExpr* cmp = nullptr;
    bool needs_exists = false;  // f!=v: f=* AND NOT f=v
  };
  std::vector<Test> tests(ops.size());
  std::map<std::string, std::vector<size_t>> by_field;  // field -> operands testing it
  for (size_t i = 0; i < ops.size(); ++i) {
    const spl::SearchExpr* c = ops[i];
    if (is_or) {
      if (positive_test(*c)) tests[i] = {c, false};
    } else if (c->kind == K::Not && positive_test(*c->children.at(0))) {
      tests[i] = {c->children[0].get(), false};
    } else if (c->kind == K::Compare && c->op == spl::CompareOp::Ne) {
      tests[i] = {c, true};
    }
    if (tests[i].cmp) by_field[tests[i].cmp->field].push_back(i);
  }
  std::vector<ExprPtr> out;
  for (size_t i = 0; i < ops.size(); ++i) {
    const auto* group = tests[i].cmp ? &by_field[tests[i].cmp->field] : nullptr;
    if (!group || group->size() < 2) {
      out.push_back(l.lower_search(*ops[i]));
      continue;
    }
    if (group->front() != i) continue;  // merged at the field's first operand
    std::vector<const spl::SearchValue*> values;
    bool exists = false;
    for (size_t k : *group) {
      for (const auto& v : tests[k].cmp->values) values.push_back(&v);
      exists = exists || tests[k].needs_exists;
    }
    const ir::SlotId s = l.slot(tests[i].cmp->field);
    ExprPtr list = lower_value_list(l, s, values);
    if (is_or) {
      out.push_back(std::move(list));
      continue;
    }
    if (exists) {
      auto x = Expr::make(Op::Exists);
      x->slot = s;
      out.push_back(std::move(x));
    }
    std::vector<ExprPtr> neg;
    neg.push_back(std::move(list));
    out.push_back(Expr::make(Op::Not, std::move(neg)));
  }
  return out;
}

namespace {

// Whether evaluating e can raise an evaluation error (a helper that throws:
// function calls, regexes). Conservative: unknown operators can.
bool can_fail(const Expr& e) {
  switch (e.op) {
    case Op::Const: case Op::Field: case Op::Bound: case Op::MatchAny: case Op::Exists: case Op::RawTerm:
    case Op::InList: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
    case Op::Like: case Op::And: case Op::Or: case Op::Xor: case Op::Not: case Op::If: case Op::Case:
    case Op::Coalesce:
      return std::any_of(e.args.begin(), e.args.end(), [](const ExprPtr& a) { return can_fail(*a); });
    default: return true;
  }
}

// `field = "text"` (either side) or in(field, ...): the field's slot and the
// texts it is compared with, as in() compares (exact text).
struct TextTest {
  ir::SlotId slot = ir::kNoSlot;
  std::vector<std::string> texts;
};

std::optional<TextTest> text_test(Lowerer& l, const Expr& e) {
  const auto literal = [](const Expr& x) { return x.op == Op::Const && x.value.is_string(); };
  if (e.op == Op::Eq && e.args.size() == 2) {
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    if (a.op == Op::Field && literal(b)) return TextTest{a.slot, {b.value.as_string()}};
    if (b.op == Op::Field && literal(a)) return TextTest{b.slot, {a.value.as_string()}};
  }
  if (e.op == Op::InList && e.args.size() == 1 && e.args[0]->op == Op::Field)
    return TextTest{e.args[0]->slot, l.plan().sets[e.index]};
  return std::nullopt;
}

}  // namespace

std::vector<ExprPtr> lower_eval_operands(Lowerer& l, const spl::EvalExpr& e) {
  // Parenthesized chains of the same operator join the chain: Kleene AND /
  // OR are associative, and left-to-right order is kept, so short-circuits
  // and errors happen as in the nested form.
  std::vector<const spl::EvalExpr*> ops, stack{&e};
  while (!stack.empty()) {
    const spl::EvalExpr* x = stack.back();
    stack.pop_back();
    if (x->kind == spl::EvalExpr::Kind::Binary && x->binary_op == e.binary_op && x->args.size() >= 2) {
      for (auto it = x->args.rbegin(); it != x->args.rend(); ++it) stack.push_back(it->get());
    } else {
      ops.push_back(x);
    }
  }
  std::vector<ExprPtr> out;
  for (const auto* x : ops) out.push_back(l.lower_eval(*x));
  if (e.binary_op != spl::EvalBinaryOp::Or) return out;
  if (std::any_of(out.begin(), out.end(), [](const ExprPtr& x) { return can_fail(*x); })) return out;

  std::vector<std::optional<TextTest>> tests;
  std::map<ir::SlotId, std::vector<size_t>> by_slot;
  for (size_t i = 0; i < out.size(); ++i) {
    tests.push_back(text_test(l, *out[i]));
    if (tests.back()) by_slot[tests.back()->slot].push_back(i);
  }
  std::vector<ExprPtr> merged;
  for (size_t i = 0; i < out.size(); ++i) {
    const auto* group = tests[i] ? &by_slot[tests[i]->slot] : nullptr;
    if (!group || group->size() < 2) {
      merged.push_back(std::move(out[i]));
      continue;
    }
    if (group->front() != i) continue;
    std::vector<std::string> texts;
    for (size_t k : *group) texts.insert(texts.end(), tests[k]->texts.begin(), tests[k]->texts.end());
    sort_unique(texts);
    auto x = Expr::make(Op::InList);
    x->args.push_back(Expr::field(tests[i]->slot));
    x->index = l.add_set(std::move(texts));
    merged.push_back(std::move(x));
  }
  return merged;
}

}  // namespace rulejit::lower
