// Search-language predicates -> IR (spl-semantics.md §1).
//
// Decisions made here, once:
//  - `f=v`: some value of f matches v as a case-insensitive whole-value glob;
//    `*` is the only wildcard; a value that parses as addr/prefix is a CIDR
//    match (falling back to the literal text); `f=*` is "f exists".
//  - `f!=v` is `f=* AND NOT f=v` (UNCERTAIN for multivalue fields,
//    spl-semantics.md §1.6; this is the documented recommendation).
//  - `NOT x` is plain negation, so NOT f=v keeps events without f.
//  - `f IN (...)`, and comparisons of one field OR-ed (or negated and
//    AND-ed): one value list, i.e. one set test for the exact values and one
//    glob-list test for the wildcards (value_lists.h).
//  - A bare `*` term matches everything (`search *` is every filter macro).
//  - earliest=/latest= restrict _time relative to now().
#include "compiler/lower/lowerer.h"
#include "compiler/lower/value_lists.h"

namespace rulejit::lower {

using ir::Expr;
using ir::ExprPtr;
using ir::Matcher;
using ir::Op;

static ExprPtr lower_time_modifier(Lowerer& l, const spl::SearchExpr& e) {
  // earliest: _time >= t; latest: _time < t (UNCERTAIN: latest exclusive).
  const auto& text = e.values.at(0).text;
  ExprPtr bound;
  if (text == "now") {
    bound = Expr::make(Op::Call);
    bound->text = "now";
  } else {
    auto call = Expr::make(Op::Call);
    call->text = "relative_time";
    auto now = Expr::make(Op::Call);
    now->text = "now";
    call->args.push_back(std::move(now));
    call->args.push_back(Expr::constant(rt::Value::string(text)));
    bound = std::move(call);
  }
  std::vector<ExprPtr> args;
  args.push_back(Expr::field(l.slot("_time")));
  args.push_back(std::move(bound));
  return Expr::make(e.field == "earliest" ? Op::Ge : Op::Lt, std::move(args));
}

ExprPtr Lowerer::lower_search(const spl::SearchExpr& e) {
  using K = spl::SearchExpr::Kind;
  switch (e.kind) {
    case K::And:
    case K::Or: {
      // Comparisons of one field are merged into a value list (value_lists.h).
      std::vector<ExprPtr> args = lower_search_operands(*this, e);
      if (args.size() == 1) return std::move(args[0]);
      return Expr::make(e.kind == K::And ? Op::And : Op::Or, std::move(args));
    }
    case K::Not: {
      std::vector<ExprPtr> args;
      args.push_back(lower_search(*e.children.at(0)));
      return Expr::make(Op::Not, std::move(args));
    }
    case K::Compare: {
      if ((e.field == "earliest" || e.field == "latest") && e.op == spl::CompareOp::Eq)
        return lower_time_modifier(*this, e);
      ir::SlotId s = slot(e.field);
      const auto& v = e.values.at(0);
      switch (e.op) {
        case spl::CompareOp::Eq: return lower_value_match(*this, s, v);
        case spl::CompareOp::Ne: {
          auto exists = Expr::make(Op::Exists);
          exists->slot = s;
          std::vector<ExprPtr> neg;
          neg.push_back(lower_value_match(*this, s, v));
          std::vector<ExprPtr> both;
          both.push_back(std::move(exists));
          both.push_back(Expr::make(Op::Not, std::move(neg)));
          return Expr::make(Op::And, std::move(both));
        }
        default: {
          Matcher m;
          m.kind = e.op == spl::CompareOp::Lt   ? Matcher::Kind::Less
                   : e.op == spl::CompareOp::Le ? Matcher::Kind::LessEq
                   : e.op == spl::CompareOp::Gt ? Matcher::Kind::Greater
                                                : Matcher::Kind::GreaterEq;
          m.pattern = v.text;
          auto x = Expr::make(Op::MatchAny);
          x->slot = s;
          x->index = add_matcher(std::move(m));
          return x;
        }
      }
    }
    case K::In: {
      std::vector<const spl::SearchValue*> values;
      for (const auto& v : e.values) values.push_back(&v);
      return lower_value_list(*this, slot(e.field), values);
    }
    case K::Term: {
      const auto& v = e.values.at(0);
      if (v.text == "*" && !v.quoted) return Expr::constant(rt::Value::boolean(true));
      auto x = Expr::make(Op::RawTerm);
      x->text = v.text;
      x->index = (v.quoted ? ir::kRawTermPhrase : 0) | (v.term ? ir::kRawTermTERM : 0) |
                 (v.case_sensitive ? ir::kRawTermCase : 0);
      x->slot = slot("_raw");  // the event text this term searches
      return x;
    }
    case K::Subsearch:
      return lower_lookup_subsearch(*this, e);
  }
  return Expr::constant(rt::Value::boolean(false));
}

}  // namespace rulejit::lower
