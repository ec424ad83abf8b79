#include <set>
#include <string>

#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

TEST(Registry, FindsFunctionsByLowerCaseName) {
  const FunctionInfo* f = find_function("mvindex");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, "mvindex");
  EXPECT_EQ(f->min_args, 2);
  EXPECT_EQ(f->max_args, 3);
}

TEST(Registry, NamesAreCaseInsensitive) {
  // security_content uses LIKE(...) in where clauses (policy.h).
  ASSERT_NE(find_function("LIKE"), nullptr);
  EXPECT_EQ(find_function("LIKE"), find_function("like"));
  EXPECT_EQ(find_function("Lower"), find_function("lower"));
  EXPECT_TRUE(is_special_form("CASE"));
  EXPECT_TRUE(is_special_form("If"));
}

TEST(Registry, UnknownFunctionIsNull) {
  EXPECT_EQ(find_function("no_such_function"), nullptr);
  EXPECT_EQ(find_function(""), nullptr);
}

TEST(Registry, SpecialFormsAreNotEager) {
  for (const char* name : {"if", "case", "validate", "mvfilter", "mvmap", "searchmatch", "null", "true", "false"}) {
    EXPECT_TRUE(is_special_form(name)) << name;
    EXPECT_EQ(find_function(name), nullptr) << name;
  }
  EXPECT_FALSE(is_special_form("coalesce"));
  EXPECT_NE(find_function("coalesce"), nullptr);
  EXPECT_FALSE(is_special_form("match"));
}

TEST(Registry, TableIsSortedUniqueAndComplete) {
  std::set<std::string> names;
  std::string prev;
  for (const FunctionInfo& f : all_functions()) {
    EXPECT_LT(prev, std::string(f.name));
    prev = std::string(f.name);
    names.insert(prev);
    EXPECT_NE(f.impl, nullptr);
    EXPECT_TRUE(f.max_args == -1 || f.max_args >= f.min_args) << f.name;
  }
  for (const char* expected :
       {"abs", "ceil", "ceiling", "cidrmatch", "coalesce", "exact", "exp", "floor", "in", "isbool", "isint",
        "isnotnull", "isnull", "isnum", "isstr", "len", "like", "ln", "log", "lower", "ltrim", "match", "max",
        "md5", "min", "mvappend", "mvcount", "mvdedup", "mvfind", "mvindex", "mvjoin", "mvrange", "mvsort",
        "mvzip", "now", "nullif", "pi", "pow", "relative_time", "replace", "round", "rtrim", "sha1", "sha256",
        "sha512", "sigfig", "split", "sqrt", "strftime", "strptime", "substr", "time", "tonumber", "tostring",
        "trim", "typeof", "upper", "urldecode"}) {
    EXPECT_TRUE(names.count(expected)) << expected;
  }
}

TEST(Registry, NonDeterministicFunctionsAreMarked) {
  EXPECT_FALSE(find_function("now")->deterministic);
  EXPECT_FALSE(find_function("time")->deterministic);
  EXPECT_FALSE(find_function("strptime")->deterministic);
  EXPECT_TRUE(find_function("lower")->deterministic);
  EXPECT_TRUE(find_function("relative_time")->deterministic);
}

TEST(Registry, ArityIsCheckedWithAClearMessage) {
  try {
    call("mvindex", {S("a")});
    FAIL() << "expected EvalError";
  } catch (const EvalError& e) {
    EXPECT_STREQ(e.what(), "mvindex takes 2 to 3 arguments, got 1");
  }
  EXPECT_THROW(call("lower", {}), EvalError);
  EXPECT_THROW(call("lower", {S("a"), S("b")}), EvalError);
  EXPECT_THROW(call("pi", {N(1)}), EvalError);
  EXPECT_NO_THROW(call("coalesce", {kNull, kNull, kNull, S("x")}));
}

TEST(Registry, BooleanWhereTextIsNeededIsAnError) {
  EXPECT_THROW(call("lower", {B(true)}), EvalError);
  EXPECT_THROW(call("len", {B(false)}), EvalError);
  EXPECT_THROW(call("abs", {B(true)}), EvalError);
  EXPECT_THROW(call("mvcount", {B(true)}), EvalError);
}

TEST(FunctionContext, NowIsFixedAndWallClockIsReplaceable) {
  FunctionContext ctx;
  ctx.now = 42;
  EXPECT_EQ(call("now", {}, ctx), N(42));
  EXPECT_EQ(call("now", {}, ctx), N(42));
  ctx.wall_clock = [] { return 1234.5; };
  EXPECT_EQ(call("time", {}, ctx), N(1234.5));
  FunctionContext real;
  double t = real.wall_time();
  EXPECT_GT(t, 1.6e9);  // after 2020
}

TEST(FunctionContext, RegexCacheCompilesOnceAndReportsErrors) {
  FunctionContext ctx;
  auto a = ctx.regex("a+b");
  auto b = ctx.regex("a+b");
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(ctx.regex_cache_size(), 1u);
  try {
    ctx.regex("(unclosed");
    FAIL() << "expected EvalError";
  } catch (const EvalError& e) {
    EXPECT_NE(std::string(e.what()).find("missing closing parenthesis"), std::string::npos) << e.what();
  }
}

TEST(FunctionContext, RegexCacheIsBounded) {
  FunctionContext ctx;
  for (size_t i = 0; i < policy::kRegexCacheCapacity + 10; ++i) ctx.regex("x" + std::to_string(i));
  EXPECT_LE(ctx.regex_cache_size(), policy::kRegexCacheCapacity);
}

}  // namespace
}  // namespace rulejit::rt::testing
