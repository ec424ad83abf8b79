// group_operands: how the operands of a big AND / OR are cut into functions.
#include <gtest/gtest.h>

#include "compiler/codegen/code_budget.h"

namespace rulejit::jit {
namespace {

using ir::Expr;
using ir::ExprPtr;
using ir::Op;

// An OR of n field tests.
ExprPtr or_of(size_t n) {
  std::vector<ExprPtr> args;
  for (size_t i = 0; i < n; ++i) args.push_back(Expr::make(Op::Exists));
  return Expr::make(Op::Or, std::move(args));
}

std::vector<const Expr*> ptrs(const std::vector<ExprPtr>& v) {
  std::vector<const Expr*> out;
  for (const auto& e : v) out.push_back(e.get());
  return out;
}

TEST(CodeBudget, SmallPredicatesStayInline) {
  std::vector<ExprPtr> ops;
  for (int i = 0; i < 3; ++i) ops.push_back(or_of(10));
  auto groups = group_operands(ptrs(ops), 32);
  ASSERT_EQ(groups.size(), 3u);
  for (const auto& g : groups) EXPECT_FALSE(g.own_function);
}

TEST(CodeBudget, ManyOperandsGoInOrderIntoBoundedFunctions) {
  std::vector<ExprPtr> ops;
  for (int i = 0; i < 100; ++i) ops.push_back(or_of(2));
  auto groups = group_operands(ptrs(ops), 32);
  ASSERT_EQ(groups.size(), 7u);  // 6 x 16 operands, then 4
  size_t seen = 0;
  for (const auto& g : groups) {
    EXPECT_TRUE(g.own_function);
    size_t terms = 0;
    for (const auto* o : g.operands) {
      EXPECT_EQ(o, ops[seen++].get());  // order kept
      terms += expression_terms(*o);
    }
    EXPECT_LE(terms, 32u);
  }
  EXPECT_EQ(seen, ops.size());
}

TEST(CodeBudget, BigOperandsAndLoneTestsAreInline) {
  std::vector<ExprPtr> ops;
  ops.push_back(Expr::make(Op::Exists));  // one field test: a call would cost as much
  ops.push_back(or_of(100));              // cut again by codegen
  ops.push_back(or_of(20));
  auto groups = group_operands(ptrs(ops), 32);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_FALSE(groups[0].own_function);
  EXPECT_FALSE(groups[1].own_function);
  EXPECT_TRUE(groups[2].own_function);
  EXPECT_EQ(expression_terms(*ops[1]), 100u);
}

}  // namespace
}  // namespace rulejit::jit
