// Eager helpers for if, case, validate, mvfilter, mvmap (§2.4, §2.8).
#include "fn_test_util.h"
#include "runtime/functions/special_forms.h"

namespace rulejit::rt::testing {
namespace {

TEST(If, ElseBranchWhenNotExactlyTrue) {
  // §2.8: if(x>1,"hi","lo") with x=3 -> hi; §7.9: if(null,...) takes else.
  EXPECT_EQ(eval_if(B(true), S("hi"), S("lo")), S("hi"));
  EXPECT_EQ(eval_if(B(false), S("hi"), S("lo")), S("lo"));
  EXPECT_EQ(eval_if(kNull, S("hi"), S("lo")), S("lo"));
  EXPECT_EQ(eval_if(S("true"), S("hi"), S("lo")), S("lo"));
}

TEST(Case, FirstTruePairElseNull) {
  std::vector<Value> a = {B(false), S("a"), kNull, S("b"), B(true), S("c"), B(true), S("d")};
  EXPECT_EQ(eval_case(a), S("c"));
  std::vector<Value> none = {B(false), S("a")};
  EXPECT_EQ(eval_case(none), kNull);
  // idiom case(..., true(), "default")
  std::vector<Value> dflt = {B(false), S("a"), B(true), S("default")};
  EXPECT_EQ(eval_case(dflt), S("default"));
  std::vector<Value> odd = {B(true)};
  EXPECT_THROW(eval_case(odd), EvalError);
}

TEST(Validate, FirstFailingCheck) {
  std::vector<Value> a = {B(true), S("bad a"), B(false), S("bad b"), B(false), S("bad c")};
  EXPECT_EQ(eval_validate(a), S("bad b"));
  std::vector<Value> ok = {B(true), S("x")};
  EXPECT_EQ(eval_validate(ok), kNull);
  std::vector<Value> null_check = {kNull, S("null fails")};
  EXPECT_EQ(eval_validate(null_check), S("null fails"));
}

TEST(MvFilter, DocExampleWithMatch) {
  // mvfilter(match(email,"\.org$"))
  FunctionContext& ctx = test_ctx();
  auto pred = [&](const Value& v) { return call("match", {v, S("\\.org$")}, ctx); };
  EXPECT_EQ(mv_filter(M({"a@x.com", "b@y.org", "c@z.org"}), pred), M({"b@y.org", "c@z.org"}));
  EXPECT_EQ(mv_filter(M({"a@x.com"}), pred), kNull);
  EXPECT_EQ(mv_filter(kNull, pred), kNull);
  // security_content: mvfilter(NOT match(x,"false"))
  auto not_false = [&](const Value& v) {
    Value m = call("match", {v, S("false")}, ctx);
    return m.is_bool() ? B(!m.as_bool()) : Value();
  };
  EXPECT_EQ(mv_filter(M({"false", "2024-01-01", "false"}), not_false), S("2024-01-01"));
}

TEST(MvMap, DocExampleTimesTen) {
  auto times10 = [](const Value& v) { return N(v.to_number().value_or(0) * 10); };
  EXPECT_EQ(mv_map(M({"1", "2", "3"}), times10), M({"10", "20", "30"}));
  EXPECT_EQ(mv_map(S("4"), times10), S("40"));
  EXPECT_EQ(mv_map(kNull, times10), kNull);
  auto drop_b = [](const Value& v) { return v.as_string() == "b" ? Value() : M({v.as_string().c_str(), "!"}); };
  EXPECT_EQ(mv_map(M({"a", "b"}), drop_b), M({"a", "!"}));
  EXPECT_THROW(mv_map(M({"a"}), [](const Value&) { return B(true); }), EvalError);
}

}  // namespace
}  // namespace rulejit::rt::testing
