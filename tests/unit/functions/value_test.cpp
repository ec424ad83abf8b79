// Regression tests for runtime/core/value.* as the function library uses it.
#include <cmath>

#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

TEST(ParseNumber, AcceptsSplunkNumbers) {
  EXPECT_EQ(parse_number("12"), 12);
  EXPECT_EQ(parse_number(" -3.5 "), -3.5);
  EXPECT_EQ(parse_number("+7"), 7);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_EQ(parse_number("-.5"), -0.5);
  EXPECT_EQ(parse_number("1e3"), 1000);
}

TEST(ParseNumber, RejectsNonNumbers) {
  for (const char* bad : {"", " ", "+", "-", ".", "abc", "12abc", "0x1A", "nan", "inf", "-inf", "1 2", "++1", "-+1"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
  }
}

TEST(ParseNumber, RejectsPlusMinus) {
  // Bug fixed in value.cpp: "+-5" parsed as -5 because the sign check ran
  // after stripping '+'.
  EXPECT_FALSE(parse_number("+-5").has_value());
  EXPECT_EQ(call("tonumber", {S("+-5")}), kNull);
  EXPECT_EQ(call("isnum", {S("+-5")}), B(false));
}

TEST(FormatNumber, SplunkStyle) {
  EXPECT_EQ(format_number(12), "12");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_number(1e15), "1000000000000000");
  EXPECT_EQ(format_number(NAN), "nan");
  EXPECT_EQ(format_number(-INFINITY), "-inf");
}

}  // namespace
}  // namespace rulejit::rt::testing
