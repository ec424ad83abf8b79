#include "compiler/ir/expr.h"

namespace rulejit::ir {

const char* op_name(Op op) {
  switch (op) {
    case Op::Const: return "const";
    case Op::Field: return "field";
    case Op::Bound: return "bound";
    case Op::MatchAny: return "match";
    case Op::Exists: return "exists";
    case Op::RawTerm: return "rawterm";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::Xor: return "xor";
    case Op::Not: return "not";
    case Op::Neg: return "neg";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Mod: return "%";
    case Op::Concat: return ".";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::Like: return "like";
    case Op::If: return "if";
    case Op::Case: return "case";
    case Op::Coalesce: return "coalesce";
    case Op::MvFilter: return "mvfilter";
    case Op::MvMap: return "mvmap";
    case Op::RegexMatch: return "regex";
    case Op::InList: return "in";
    case Op::Call: return "call";
  }
  return "?";
}

ExprPtr Expr::constant(rt::Value v) {
  auto e = std::make_unique<Expr>();
  e->op = Op::Const;
  e->value = std::move(v);
  return e;
}

ExprPtr Expr::field(SlotId s) {
  auto e = std::make_unique<Expr>();
  e->op = Op::Field;
  e->slot = s;
  return e;
}

ExprPtr Expr::make(Op op, std::vector<ExprPtr> args) {
  auto e = std::make_unique<Expr>();
  e->op = op;
  e->args = std::move(args);
  return e;
}

ExprPtr Expr::clone() const {
  auto e = std::make_unique<Expr>();
  e->op = op;
  e->slot = slot;
  e->index = index;
  e->value = value;
  e->text = text;
  for (const auto& a : args) e->args.push_back(a->clone());
  return e;
}

}  // namespace rulejit::ir
