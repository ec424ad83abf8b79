// Golden tests for the eval-expression language (spl-semantics.md §2).
#include <gtest/gtest.h>

#include "tests/unit/spl/test_util.h"

namespace rulejit::spl::testing {
namespace {

TEST(EvalPrecedence, BooleanOperators) {
  EXPECT_EQ(eval_ast("a=1 OR b=2 AND c=3"), "(or (= a 1) (and (= b 2) (= c 3)))");
  EXPECT_EQ(eval_ast("a XOR b OR c"), "(xor a (or b c))");
  EXPECT_EQ(eval_ast("NOT a AND b"), "(and (not a) b)");
  EXPECT_EQ(eval_ast("NOT a=1"), "(not (= a 1))");
  EXPECT_EQ(eval_ast("(a OR b) AND c"), "(and (or a b) c)");
}

TEST(EvalPrecedence, KeywordsAreCaseInsensitive) {
  EXPECT_EQ(eval_ast("a=1 or b=2 and c=3"), "(or (= a 1) (and (= b 2) (= c 3)))");
  EXPECT_EQ(eval_ast("not isnull(x) Xor y"), "(xor (not (call isnull x)) y)");
  EXPECT_EQ(eval_ast(R"(p like "%a%")"), R"((like p "%a%"))");
}

TEST(EvalPrecedence, Arithmetic) {
  EXPECT_EQ(eval_ast("a + b * c - d"), "(- (+ a (* b c)) d)");
  EXPECT_EQ(eval_ast("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(eval_ast("a / b % c"), "(% (/ a b) c)");
  EXPECT_EQ(eval_ast("-a * b"), "(* (- a) b)");
  EXPECT_EQ(eval_ast("- -3"), "(- (- 3))");
  EXPECT_EQ(eval_ast("+a"), "(+ a)");
  EXPECT_EQ(eval_ast("a + b > c * 2"), "(> (+ a b) (* c 2))");
  EXPECT_EQ(eval_ast("!a = b"), "(= (not a) b)");
  EXPECT_EQ(eval_ast("a != b"), "(!= a b)");
  EXPECT_EQ(eval_ast("a == b"), "(= a b)");
  EXPECT_EQ(eval_ast("a <= b AND a >= c AND a < d AND a > e"),
            "(and (<= a b) (>= a c) (< a d) (> a e))");
  EXPECT_EQ(eval_ast("(a OR b) OR c XOR d"), "(xor (or (or a b) c) d)");
}

TEST(EvalPrecedence, ConcatenationSharesAdditiveLevel) {
  EXPECT_EQ(eval_ast(R"(first." ".last)"), R"((. (. first " ") last))");
  EXPECT_EQ(eval_ast(R"(a + "x" . b)"), R"((. (+ a "x") b))");
  EXPECT_EQ(eval_ast(R"(a . b * 2)"), "(. a (* b 2))");
}

TEST(EvalLexing, Literals) {
  EXPECT_EQ(eval_ast("10"), "10");
  EXPECT_EQ(eval_ast("1.5"), "1.5");
  EXPECT_EQ(eval_ast("1e3"), "1e3");
  EXPECT_EQ(eval_ast(".5"), ".5");
  EXPECT_EQ(eval_ast("2.5E-2"), "2.5E-2");
  EXPECT_EQ(eval_ast(R"("a\"b\\c\|d\s")"), R"("a\"b\\c|d\\s")");
  EXPECT_EQ(eval_ast("1.5.x"), "(. 1.5 x)");
  EXPECT_EQ(eval_ast("'5minutes'"), "'5minutes'");
  EXPECT_EQ(eval_ast("'process_exec.process.start_time'"), "'process_exec.process.start_time'");
}

TEST(EvalLexing, Numbers) {
  auto out = parse_eval_expression("1e3");
  ASSERT_TRUE(out.expr);
  EXPECT_EQ(out.expr->number, 1000.0);
  out = parse_eval_expression(".25");
  ASSERT_TRUE(out.expr);
  EXPECT_EQ(out.expr->number, 0.25);
}

TEST(EvalLexing, FieldNames) {
  EXPECT_EQ(eval_ast("_time"), "_time");
  EXPECT_EQ(eval_ast("userIdentity.userName"), "userIdentity.userName?");
  EXPECT_EQ(eval_ast("RTLO_file_1.RTLO_file_2"), "RTLO_file_1.RTLO_file_2?");
  EXPECT_EQ(eval_ast("a . b"), "(. a b)");
  EXPECT_EQ(eval_ast("Target{}.ID"), "Target{}.ID?");
  EXPECT_EQ(eval_ast("a{}"), "a{}");
  EXPECT_EQ(eval_ast("'Target{}.Name'"), "'Target{}.Name'");
  EXPECT_EQ(eval_ast("true"), "true");
  auto out = parse_eval_expression("a.b");
  ASSERT_TRUE(out.expr);
  EXPECT_TRUE(out.expr->ambiguous_dotted);
  EXPECT_FALSE(out.expr->quoted);
}

TEST(EvalCalls, NamesAsWritten) {
  EXPECT_EQ(eval_ast(R"(if(a>1, "x", null()))"), R"((call if (> a 1) "x" (call null)))");
  EXPECT_EQ(eval_ast(R"(LIKE (process_exec,"%touch %"))"),
            R"((call LIKE process_exec "%touch %"))");
  EXPECT_EQ(eval_ast(R"(like(a, "x") AND a LIKE "y")"),
            R"((and (call like a "x") (like a "y")))");
  EXPECT_EQ(eval_ast("mvindex(split(a, \",\"), 0)"), R"((call mvindex (call split a ",") 0))");
  EXPECT_EQ(eval_ast("now()"), "(call now)");
}

TEST(EvalCalls, InfixIn) {
  EXPECT_EQ(eval_ast(R"(x IN ("a", "b"))"), R"((call in x "a" "b"))");
  EXPECT_EQ(eval_ast(R"(NOT x in ("a"))"), R"((not (call in x "a")))");
  EXPECT_EQ(eval_ast(R"(in(x, "a", "b"))"), R"((call in x "a" "b"))");
}

TEST(EvalErrors, Spans) {
  EXPECT_EQ(eval_ast("(a + b"), "ERROR@0-1: unbalanced '(': no matching ')'");
  EXPECT_EQ(eval_ast("f(a, b"), "ERROR@1-2: unbalanced '(': no matching ')'");
  EXPECT_EQ(eval_ast(R"("abc)"), "ERROR@0-1: unbalanced quote: this '\"' is never closed");
  EXPECT_EQ(eval_ast("'abc"), "ERROR@0-1: unbalanced quote: this \"'\" is never closed");
  EXPECT_EQ(eval_ast("a +"), "ERROR@3-3: expected an expression");
  EXPECT_EQ(eval_ast("5minutes"),
            "ERROR@0-8: invalid number '5minutes' (a field name starting with a digit needs "
            "single quotes)");
  EXPECT_EQ(eval_ast("a b"), "ERROR@2-3: unexpected 'b' after eval expression");
  EXPECT_EQ(eval_ast("AND a"), "ERROR@0-3: missing operand before 'AND'");
  EXPECT_EQ(eval_ast("x IN y"), "ERROR@2-4: expected '(' after IN");
  EXPECT_EQ(eval_ast("f(a b)"),
            "ERROR@4-5: unexpected 'b' in arguments of f() (expected ',' or ')')");
  EXPECT_EQ(eval_ast(""), "ERROR@0-0: expected an expression");
}

TEST(EvalErrors, DeepNestingAndLongChains) {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  EXPECT_NE(eval_ast(deep).find("nesting too deep"), std::string::npos);
  std::string calls;
  for (int i = 0; i < 3000; ++i) calls += "f(";
  calls += "1";
  calls += std::string(3000, ')');
  EXPECT_NE(eval_ast(calls).find("nesting too deep"), std::string::npos);
  std::string neg(5000, '-');
  neg += "1";
  EXPECT_NE(eval_ast(neg).find("nesting too deep"), std::string::npos);
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += "+1";
  EXPECT_NE(eval_ast(chain).find("too deeply nested"), std::string::npos);
  // A detection's long list of conditions is one flat node.
  std::string ors = "a=0";
  for (int i = 1; i < 5000; ++i) ors += " OR a=" + std::to_string(i);
  auto flat = parse_eval_expression(ors);
  ASSERT_TRUE(flat.expr) << (flat.errors.empty() ? "" : flat.errors[0].message);
  EXPECT_EQ(flat.expr->args.size(), 5000u);
  std::string ok = "a";
  for (int i = 0; i < 50; ++i) ok += ".\"-\".a";
  EXPECT_EQ(eval_ast(ok).substr(0, 3), "(. ");
}

TEST(EvalSpans, NodesPointIntoTheText) {
  auto out = parse_eval_expression(R"(if(a, "x", 'b c'))");
  ASSERT_TRUE(out.expr);
  EXPECT_EQ(out.expr->span.begin, 0u);
  EXPECT_EQ(out.expr->span.end, 17u);
  EXPECT_EQ(out.expr->args[1]->span.begin, 6u);
  EXPECT_EQ(out.expr->args[1]->span.end, 9u);
  EXPECT_EQ(out.expr->args[2]->span.begin, 11u);
  EXPECT_EQ(out.expr->args[2]->text, "b c");
  EXPECT_TRUE(out.expr->args[2]->quoted);
}

}  // namespace
}  // namespace rulejit::spl::testing
