// Every decision in runtime/functions/policy.h is observable through the
// library: each test checks that the behaviour follows the named constant.
// (The family tests pin the chosen values themselves.)
#include <string>

#include "fn_test_util.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/network.h"
#include "runtime/functions/policy.h"
#include "runtime/functions/regex.h"
#include "runtime/functions/time.h"

namespace rulejit::rt::testing {
namespace {

TEST(Policy, FunctionNamesCaseInsensitive) {
  EXPECT_EQ(find_function("MVCOUNT") != nullptr, policy::kFunctionNamesCaseInsensitive);
}

TEST(Policy, PredicateOnNullIsNull) {
  Value r = call("match", {kNull, S("x")});
  EXPECT_EQ(r.is_null(), policy::kPredicateOnNullIsNull);
  Value c = call("cidrmatch", {S("10.0.0.0/8"), kNull});
  EXPECT_EQ(c.is_null(), policy::kPredicateOnNullIsNull);
}

TEST(Policy, PredicateOnMultivalueIsAny) {
  EXPECT_EQ(call("match", {M({"no", "yes"}), S("yes")}), B(policy::kPredicateOnMultivalueIsAny));
}

TEST(Policy, ScalarFunctionUsesFirstValue) {
  static_assert(policy::kScalarFunctionUsesFirstValue);
  EXPECT_EQ(call("substr", {M({"abc", "xyz"}), N(2)}), S("bc"));
  EXPECT_EQ(call("replace", {M({"abc", "xyz"}), S("b"), S("B")}), S("aBc"));
}

TEST(Policy, EvalAvgKeepsFraction) {
  EXPECT_EQ(call("avg", {N(1), N(2)}), N(policy::kEvalAvgKeepsFraction ? 1.5 : 1));
}

TEST(Policy, TypeofMultivalueIsFirstValue) {
  static_assert(policy::kTypeofMultivalueIsFirstValue);
  EXPECT_EQ(call("typeof", {M({"1", "a"})}), S("Number"));
}

TEST(Policy, LikeCaseSensitivityAndEscape) {
  EXPECT_EQ(like_match("abc", "ABC"), !policy::kLikeCaseSensitive);
  EXPECT_EQ(like_match("a\\_", "a\\x"), !policy::kLikeHasEscape);
}

TEST(Policy, UrldecodePlus) {
  EXPECT_EQ(call("urldecode", {S("a+b")}), S(policy::kUrldecodePlusIsSpace ? "a b" : "a+b"));
}

TEST(Policy, StrptimeTrailingTextMismatchAndDay) {
  ParseTimeOptions o;  // defaults come from policy.h
  EXPECT_EQ(o.accept_trailing_text, policy::kStrptimeAcceptsTrailingText);
  EXPECT_EQ(o.stop_at_mismatch, policy::kStrptimeStopsAtMismatch);
  EXPECT_EQ(o.require_day, policy::kStrptimeRequiresDay);
  EXPECT_EQ(parse_time("2023-11-14 tail", "%Y-%m-%d").has_value(), policy::kStrptimeAcceptsTrailingText);
  EXPECT_EQ(parse_time("2025-07-28T22:21:44Z", "%Y-%m-%dT%H:%M:%S.%9Q").has_value(),
            policy::kStrptimeStopsAtMismatch);
  EXPECT_EQ(!parse_time("2023-11", "%Y-%m").has_value(), policy::kStrptimeRequiresDay);
}

TEST(Policy, StrptimeDefaultYear) {
  ParseTimeOptions o;
  o.now = kNow;  // 2023
  auto t = parse_time("Jan 2 00:00:00", "%b %d %H:%M:%S", o);
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, policy::kStrptimeDefaultYearFromNow ? 1672617600.0 : 86400.0);
}

TEST(Policy, SubsecondDefaultDigits) {
  EXPECT_EQ(format_time(0.123456, "%N")->size(), static_cast<size_t>(policy::kSubsecondDefaultDigitsN));
  EXPECT_EQ(format_time(0.123456, "%Q")->size(), static_cast<size_t>(policy::kSubsecondDefaultDigitsQ));
}

TEST(Policy, DefaultTimeZone) {
  FunctionContext ctx;
  EXPECT_EQ(ctx.tz_offset_seconds, policy::kDefaultTzOffsetSeconds);
  EXPECT_EQ(call("strftime", {N(0), S("%H")}, ctx), S(policy::kDefaultTzOffsetSeconds == 0 ? "00" : "?"));
}

TEST(Policy, MonthOffsetRollover) {
  // 2023-03-31T12:00:00Z minus one month.
  auto t = relative_time(1680264000, "-1mon");
  EXPECT_EQ(*t, policy::kMonthOffsetRollsOver ? 1677844800.0 : 1677585600.0);
}

TEST(Policy, RegexLimitsComeFromSplunkDefaults) {
  RegexLimits l;
  EXPECT_EQ(l.match_limit, policy::kRegexMatchLimit);
  EXPECT_EQ(l.depth_limit, policy::kRegexDepthLimit);
  EXPECT_EQ(l.heap_limit_kib, policy::kRegexHeapLimitKiB);
  EXPECT_EQ(policy::kRegexMatchLimit, 100000u);
  EXPECT_EQ(policy::kRegexDepthLimit, 1000u);
}

TEST(Policy, RegexUtfMode) {
  std::string err;
  auto r = Regex::compile("^.$", &err);
  EXPECT_EQ(r->search("é") == Regex::Status::kMatch, policy::kRegexUtf);
}

TEST(Policy, MvrangeMaxValues) {
  EXPECT_NO_THROW(call("mvrange", {N(0), N(static_cast<double>(policy::kMvrangeMaxValues))}));
  EXPECT_THROW(call("mvrange", {N(0), N(static_cast<double>(policy::kMvrangeMaxValues) + 1)}), EvalError);
}

TEST(Policy, CidrV4Mapped) {
  EXPECT_EQ(cidr_match("10.0.0.0/8", "::ffff:10.0.0.1"), policy::kCidrV4MappedMatchesV4);
}

}  // namespace
}  // namespace rulejit::rt::testing
