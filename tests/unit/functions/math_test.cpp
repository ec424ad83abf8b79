// abs, ceil/ceiling, floor, round, pow, sqrt, ln, log, exp, pi, min, max, avg,
// exact, sigfig (§2.8). Results print through format_number.
#include <cmath>

#include "fn_test_util.h"
#include "runtime/functions/math.h"

namespace rulejit::rt::testing {
namespace {

std::string text(const Value& v) { return v.to_text(); }

TEST(Math, DocExamples) {
  EXPECT_EQ(call("floor", {N(1.9)}), N(1));
  EXPECT_EQ(call("round", {N(2.555), N(2)}), N(2.56));
  EXPECT_EQ(text(call("round", {N(2.555), N(2)})), "2.56");
}

TEST(Math, BasicFunctions) {
  EXPECT_EQ(call("abs", {N(-3.5)}), N(3.5));
  EXPECT_EQ(call("abs", {S("-2")}), N(2));
  EXPECT_EQ(call("ceil", {N(1.1)}), N(2));
  EXPECT_EQ(call("ceiling", {N(-1.1)}), N(-1));
  EXPECT_EQ(call("floor", {N(-1.1)}), N(-2));
  EXPECT_EQ(call("pow", {N(2), N(10)}), N(1024));
  EXPECT_EQ(call("sqrt", {N(16)}), N(4));
  EXPECT_EQ(call("exp", {N(0)}), N(1));
  EXPECT_EQ(call("ln", {N(1)}), N(0));
  EXPECT_EQ(call("log", {N(1000)}), N(3));
  EXPECT_EQ(call("log", {N(8), N(2)}), N(3));
  EXPECT_EQ(text(call("pi", {})), "3.141592653589793");
}

TEST(Math, DomainErrorsAndNonNumbersAreNull) {
  EXPECT_EQ(call("sqrt", {N(-1)}), kNull);
  EXPECT_EQ(call("ln", {N(0)}), kNull);
  EXPECT_EQ(call("log", {N(-5)}), kNull);
  EXPECT_EQ(call("log", {N(5), N(1)}), kNull);
  EXPECT_EQ(call("pow", {N(-8), N(1.0 / 3)}), kNull);
  EXPECT_EQ(call("abs", {S("abc")}), kNull);
  EXPECT_EQ(call("abs", {kNull}), kNull);
  EXPECT_EQ(call("round", {S("x")}), kNull);
}

TEST(Math, RoundHalfAwayFromZeroOnDecimalText) {
  EXPECT_EQ(call("round", {N(2.5)}), N(3));
  EXPECT_EQ(call("round", {N(-2.5)}), N(-3));
  EXPECT_EQ(call("round", {N(1.005), N(2)}), N(1.01));
  EXPECT_EQ(call("round", {N(-1.005), N(2)}), N(-1.01));
  EXPECT_EQ(call("round", {N(0.125), N(2)}), N(0.13));
  EXPECT_EQ(call("round", {N(9.995), N(2)}), N(10));
  EXPECT_EQ(call("round", {N(1234.5678), N(-2)}), N(1200));
  EXPECT_EQ(call("round", {N(1.2), N(5)}), N(1.2));
  EXPECT_EQ(call("round", {N(0.0004), N(3)}), N(0));
  EXPECT_EQ(call("round", {N(0.0005), N(3)}), N(0.001));
  EXPECT_EQ(text(call("round", {N(3.14159), N(3)})), "3.142");
  EXPECT_EQ(round_decimals(INFINITY, 2), INFINITY);
}

TEST(Math, MinMaxNumbersBeforeStrings) {
  EXPECT_EQ(call("min", {N(3), N(1), N(2)}), N(1));
  EXPECT_EQ(call("max", {N(3), N(1), N(2)}), N(3));
  EXPECT_EQ(call("min", {S("10"), S("9")}), N(9));  // numeric field text compares as numbers
  EXPECT_EQ(call("max", {S("10"), S("9")}), N(10));
  EXPECT_EQ(call("max", {N(100), S("abc")}), S("abc"));  // strings greater than numbers
  EXPECT_EQ(call("min", {N(100), S("abc")}), N(100));
  EXPECT_EQ(call("min", {S("b"), S("a")}), S("a"));
  EXPECT_EQ(call("max", {S("B"), S("a")}), S("a"));
  EXPECT_EQ(call("max", {M({"1", "7", "3"})}), N(7));
  EXPECT_EQ(call("max", {kNull, N(2)}), N(2));
  EXPECT_EQ(call("min", {kNull}), kNull);
}

// Eval avg (Splunk statistical eval functions): the mean of the numeric
// values of all arguments; absent and non-numeric ones are left out.
TEST(Math, AvgOfNumericArguments) {
  EXPECT_EQ(call("avg", {N(5.0), S("9"), kNull}), N(7));  // the documented example
  EXPECT_EQ(call("avg", {N(1), N(2)}), N(1.5));
  EXPECT_EQ(call("avg", {N(4), S("abc"), S("")}), N(4));
  EXPECT_EQ(call("avg", {M({"1", "x", "5"}), N(3)}), N(3));  // each numeric value counts
  EXPECT_EQ(call("avg", {N(-2)}), N(-2));
  EXPECT_EQ(call("avg", {kNull, S("abc")}), kNull);
  EXPECT_EQ(call("AVG", {N(2), N(4)}), N(3));
}

TEST(Math, ExactAndSigfigPassThrough) {
  EXPECT_EQ(call("exact", {N(8.25 * 0.2)}), N(8.25 * 0.2));
  EXPECT_EQ(call("sigfig", {S("1.50")}), N(1.5));
}

TEST(Math, NumberFormatting) {
  EXPECT_EQ(text(call("pow", {N(2), N(53)})), "9007199254740992");
  EXPECT_EQ(text(call("sqrt", {N(2)})), "1.4142135623730951");
  EXPECT_EQ(text(call("abs", {N(-0.1)})), "0.1");
}

}  // namespace
}  // namespace rulejit::rt::testing
