// Operator spellings for the SPL AST (declared in ast.h). These are the
// spellings the AST printer uses, so they are part of the golden-test format.
#include "compiler/spl/ast.h"

namespace rulejit::spl {

const char* compare_op_text(CompareOp op) {
  switch (op) {
    case CompareOp::Eq: return "=";
    case CompareOp::Ne: return "!=";
    case CompareOp::Lt: return "<";
    case CompareOp::Le: return "<=";
    case CompareOp::Gt: return ">";
    case CompareOp::Ge: return ">=";
  }
  return "?";
}

const char* eval_unary_op_text(EvalUnaryOp op) {
  switch (op) {
    case EvalUnaryOp::Neg: return "-";
    case EvalUnaryOp::Not: return "not";
    case EvalUnaryOp::Plus: return "+";
  }
  return "?";
}

const char* eval_binary_op_text(EvalBinaryOp op) {
  switch (op) {
    case EvalBinaryOp::Add: return "+";
    case EvalBinaryOp::Sub: return "-";
    case EvalBinaryOp::Mul: return "*";
    case EvalBinaryOp::Div: return "/";
    case EvalBinaryOp::Mod: return "%";
    case EvalBinaryOp::Concat: return ".";
    case EvalBinaryOp::Eq: return "=";
    case EvalBinaryOp::Ne: return "!=";
    case EvalBinaryOp::Lt: return "<";
    case EvalBinaryOp::Le: return "<=";
    case EvalBinaryOp::Gt: return ">";
    case EvalBinaryOp::Ge: return ">=";
    case EvalBinaryOp::Like: return "like";
    case EvalBinaryOp::And: return "and";
    case EvalBinaryOp::Or: return "or";
    case EvalBinaryOp::Xor: return "xor";
  }
  return "?";
}

}  // namespace rulejit::spl
