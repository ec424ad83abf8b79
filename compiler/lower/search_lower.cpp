// Search-language predicates -> IR (spl-semantics.md §1).
//
// Decisions made here, once:
//  - `f=v`: some value of f matches v as a case-insensitive whole-value glob;
//    `*` is the only wildcard; a value that parses as addr/prefix is a CIDR
//    match (falling back to the literal text); `f=*` is "f exists".
//  - `f!=v` is `f=* AND NOT f=v` (UNCERTAIN for multivalue fields,
//    spl-semantics.md §1.6; this is the documented recommendation).
//  - `NOT x` is plain negation, so NOT f=v keeps events without f.
//  - `f IN (...)`: exact values become one case-folded set test; wildcard and
//    CIDR values become their own matchers, OR-ed.
//  - A bare `*` term matches everything (`search *` is every filter macro).
//  - earliest=/latest= restrict _time relative to now().
#include <algorithm>
#include <cctype>

#include "compiler/lower/lowerer.h"

namespace rulejit::lower {
namespace {

using ir::Expr;
using ir::ExprPtr;
using ir::Matcher;
using ir::Op;

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

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

}  // namespace

static ExprPtr lower_value_match(Lowerer& l, ir::SlotId slot, const spl::SearchValue& v) {
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
  auto e = Expr::make(Op::MatchAny);
  e->slot = slot;
  e->index = l.add_matcher(std::move(m));
  return e;
}

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
      std::vector<ExprPtr> args;
      for (const auto& c : e.children) args.push_back(lower_search(*c));
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
      ir::SlotId s = slot(e.field);
      std::vector<std::string> exact;
      std::vector<ExprPtr> alts;
      for (const auto& v : e.values) {
        bool plain = !v.case_sensitive && v.text.find('*') == std::string::npos && !looks_like_cidr(v.text);
        if (plain) exact.push_back(ascii_lower(v.text));
        else alts.push_back(lower_value_match(*this, s, v));
      }
      if (!exact.empty()) {
        std::sort(exact.begin(), exact.end());
        exact.erase(std::unique(exact.begin(), exact.end()), exact.end());
        Matcher m;
        m.kind = Matcher::Kind::Set;
        if (exact.size() == 1) {
          m.kind = Matcher::Kind::Glob;
          m.pattern = exact[0];
        } else {
          m.items = std::move(exact);
        }
        auto x = Expr::make(Op::MatchAny);
        x->slot = s;
        x->index = add_matcher(std::move(m));
        alts.insert(alts.begin(), std::move(x));
      }
      if (alts.empty()) return Expr::constant(rt::Value::boolean(false));
      if (alts.size() == 1) return std::move(alts[0]);
      return Expr::make(Op::Or, std::move(alts));
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
      unsupported(e.span, "subsearches inside a search expression are not supported yet");
      return Expr::constant(rt::Value::boolean(false));
  }
  return Expr::constant(rt::Value::boolean(false));
}

}  // namespace rulejit::lower
