// relative_time(), search time modifiers and spans (§2.10, §6).
#include "fn_test_util.h"
#include "runtime/functions/time.h"

namespace rulejit::rt::testing {
namespace {

// kNow = 2023-11-14T22:13:20Z, a Tuesday.
double rel(const char* spec, double t = kNow, int tz = 0) { return relative_time(t, spec, tz).value_or(-1); }

TEST(RelativeTime, DocExampleYesterdayMidnight) {
  EXPECT_EQ(call("relative_time", {call("now", {}), S("-1d@d")}), N(1699833600));
}

TEST(RelativeTime, OffsetThenSnap) {
  EXPECT_EQ(rel("-2h"), 1699992800);
  EXPECT_EQ(rel("-2h@h"), 1699992000);  // §2.10: (now - 2h) rounded down to the hour
  EXPECT_EQ(rel("+5m"), 1700000300);
  EXPECT_EQ(rel("-h"), kNow - 3600);    // omitted integer means 1
  EXPECT_EQ(rel("now"), kNow);
  EXPECT_EQ(rel("NOW"), kNow);
}

TEST(RelativeTime, SnapAlwaysRoundsDown) {
  EXPECT_EQ(rel("@h", 1699999199), 1699995600);  // 21:59:59 -> 21:00
  EXPECT_EQ(rel("@m"), 1699999980);
  EXPECT_EQ(rel("@s", kNow + 0.75), kNow);
  EXPECT_EQ(rel("@d"), 1699920000);
  EXPECT_EQ(rel("@mon"), 1698796800);
  EXPECT_EQ(rel("@q"), 1696118400);  // Oct 1
  EXPECT_EQ(rel("@y"), 1672531200);
  EXPECT_NEAR(rel("@ms", kNow + 0.1237), kNow + 0.123, 1e-6);
}

TEST(RelativeTime, WeekSnaps) {
  EXPECT_EQ(rel("@w0"), 1699747200);  // Sunday Nov 12
  EXPECT_EQ(rel("@w"), 1699747200);
  EXPECT_EQ(rel("@w7"), 1699747200);  // w7 = Sunday
  EXPECT_EQ(rel("@w1"), 1699833600);  // Monday Nov 13
  EXPECT_EQ(rel("@w2"), 1699920000);  // today is Tuesday: today's midnight
  EXPECT_EQ(rel("@w6"), 1699660800);  // Saturday Nov 11
  EXPECT_EQ(rel("@w8"), -1);
}

TEST(RelativeTime, ChainedOffsetsAfterSnap) {
  EXPECT_EQ(rel("@d-2h"), 1699912800);   // §2.10: 22:00 yesterday
  EXPECT_EQ(rel("-1d@d+3h"), 1699844400);
  EXPECT_EQ(rel("@d+3h"), 1699930800);
  EXPECT_EQ(rel("-1d-2h"), kNow - 86400 - 7200);
}

TEST(RelativeTime, AllUnitSpellings) {
  for (const char* u : {"s", "sec", "secs", "second", "seconds"}) EXPECT_EQ(rel((std::string("-10") + u).c_str()), kNow - 10) << u;
  for (const char* u : {"m", "min", "mins", "minute", "minutes"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), kNow - 60) << u;
  for (const char* u : {"h", "hr", "hrs", "hour", "hours"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), kNow - 3600) << u;
  for (const char* u : {"d", "day", "days"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), kNow - 86400) << u;
  for (const char* u : {"w", "week", "weeks"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), kNow - 604800) << u;
  for (const char* u : {"mon", "month", "months"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), 1697321600) << u;
  for (const char* u : {"q", "qtr", "qtrs", "quarter", "quarters"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), 1692051200) << u;
  for (const char* u : {"y", "yr", "yrs", "year", "years"}) EXPECT_EQ(rel((std::string("-1") + u).c_str()), 1668464000) << u;
  EXPECT_DOUBLE_EQ(rel("+1ms"), kNow + 0.001);
  EXPECT_DOUBLE_EQ(rel("+1us"), kNow + 0.000001);
  EXPECT_DOUBLE_EQ(rel("+3cs"), kNow + 0.03);
  EXPECT_DOUBLE_EQ(rel("+2ds"), kNow + 0.2);
}

TEST(RelativeTime, MonthArithmeticRollsOverLikeMktime) {
  // policy::kMonthOffsetRollsOver: Mar 31 - 1 month = "Feb 31" = Mar 3 (2023).
  EXPECT_EQ(rel("-1mon", 1680264000), 1677801600 + 12 * 3600);
  EXPECT_EQ(rel("+1y", 1709164800), 1740787200);  // Feb 29 2024 + 1y = Mar 1 2025
  EXPECT_EQ(rel("+12mon", 1700000000), rel("+1y", 1700000000));
}

TEST(RelativeTime, KeepsFractionOnOffsetsDropsItOnSnap) {
  EXPECT_DOUBLE_EQ(rel("+1s", kNow + 0.5), kNow + 1.5);
  EXPECT_DOUBLE_EQ(rel("-1mon", kNow + 0.5), 1697321600.5);
  EXPECT_EQ(rel("@d", kNow + 0.5), 1699920000);
}

TEST(RelativeTime, SnapsInTheContextZone) {
  // At UTC+2 local midnight of Nov 15 is 22:00Z on Nov 14.
  EXPECT_EQ(rel("@d", kNow, 7200), 1699999200);
  FunctionContext ctx;
  ctx.tz_offset_seconds = 7200;
  EXPECT_EQ(call("relative_time", {N(kNow), S("@d")}, ctx), N(1699999200));
}

TEST(RelativeTime, MalformedIsNull) {
  for (const char* bad : {"", "-", "1d", "-1x", "@", "@x", "-1d@", "+-1d", "@d3", "-1d junk", "-9999999999999d"}) {
    EXPECT_FALSE(relative_time(kNow, bad).has_value()) << bad;
  }
  EXPECT_EQ(call("relative_time", {N(kNow), S("bogus")}), kNull);
  EXPECT_FALSE(relative_time(1e300, "@d").has_value());
  EXPECT_FALSE(relative_time(-1e300, "-1mon").has_value());
  EXPECT_FALSE(relative_time(9e12, "+1000000y").has_value());
  EXPECT_EQ(call("relative_time", {kNull, S("-1d")}), kNull);
  EXPECT_EQ(call("relative_time", {S("x"), S("-1d")}), kNull);
  EXPECT_EQ(call("relative_time", {S("1700000000"), S("+1s")}), N(1700000001));
}

TEST(TimeModifier, SearchBounds) {
  EXPECT_EQ(parse_time_modifier("-24h", kNow).epoch, kNow - 86400);
  EXPECT_EQ(parse_time_modifier("-24h@h", kNow).epoch, 1699912800);
  EXPECT_EQ(parse_time_modifier("now", kNow).epoch, kNow);
  EXPECT_EQ(parse_time_modifier("0", kNow).epoch, 0);
  EXPECT_EQ(parse_time_modifier("1700000000.5", kNow).epoch, 1700000000.5);
  EXPECT_EQ(parse_time_modifier("11/14/2023:22:13:20", kNow).epoch, 1700000000);
  EXPECT_EQ(parse_time_modifier("rt-5m", kNow).epoch, kNow - 300);
  EXPECT_EQ(parse_time_modifier(" -7d@d ", kNow).epoch, 1699315200);
}

TEST(TimeModifier, ErrorsHaveMessages) {
  auto r = parse_time_modifier("-5x", kNow);
  EXPECT_FALSE(r.epoch.has_value());
  EXPECT_EQ(r.error, "invalid time modifier \"-5x\"");
  auto a = parse_time_modifier("11/14/2023", kNow);
  EXPECT_FALSE(a.epoch.has_value());
  EXPECT_NE(a.error.find("%m/%d/%Y:%H:%M:%S"), std::string::npos);
  EXPECT_FALSE(parse_time_modifier(".", kNow).epoch.has_value());
  EXPECT_FALSE(parse_time_modifier(std::string(500, '9') + "x", kNow).epoch.has_value());
}

TEST(FixedSpan, Seconds) {
  EXPECT_EQ(fixed_span_seconds("7d"), 604800);
  EXPECT_EQ(fixed_span_seconds("90s"), 90);
  EXPECT_EQ(fixed_span_seconds("h"), 3600);
  EXPECT_EQ(fixed_span_seconds("2w"), 1209600);
  EXPECT_DOUBLE_EQ(fixed_span_seconds("500ms").value(), 0.5);
  EXPECT_FALSE(fixed_span_seconds("1mon").has_value());
  EXPECT_FALSE(fixed_span_seconds("12").has_value());
  EXPECT_FALSE(fixed_span_seconds("1d2h").has_value());
}

}  // namespace
}  // namespace rulejit::rt::testing
