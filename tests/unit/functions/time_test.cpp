// strftime / strptime / convert ctime and the calendar under them (§2.9, §3.12, §6).
#include <cmath>
#include <string>

#include "fn_test_util.h"
#include "runtime/functions/time.h"

namespace rulejit::rt::testing {
namespace {

std::string fmt(double t, const char* f, int tz = 0) { return format_time(t, f, tz).value_or("<null>"); }

TEST(Strftime, DocExamples) {
  EXPECT_EQ(call("strftime", {N(1700000000), S("%Y-%m-%dT%H:%M:%S")}), S("2023-11-14T22:13:20"));
  EXPECT_EQ(call("strftime", {N(1700000000.25), S("%Y-%m-%dT%H:%M:%S.%3N")}), S("2023-11-14T22:13:20.250"));
  EXPECT_EQ(call("strftime", {N(0), S("%Y")}), S("1970"));
}

// Times are truncated to the second (millisecond, microsecond) they are in,
// never rounded; the digits are those of the decimal the double stands for.
TEST(Strftime, TruncatesNeverRounds) {
  EXPECT_EQ(call("strftime", {N(1780303666.9999997), S("%S")}), S("46"));  // the example
  EXPECT_EQ(fmt(1780303666.9999997, "%H:%M:%S.%6N"), "08:47:46.999999");
  EXPECT_EQ(fmt(1700000000.123, "%3N %6N %f"), "123 123000 123000");  // binary .1229999...
  EXPECT_EQ(fmt(1700000000.0009, "%3N"), "000");
  EXPECT_EQ(fmt(-0.5, "%Y-%m-%dT%H:%M:%S.%3N"), "1969-12-31T23:59:59.500");
  EXPECT_EQ(fmt(-0.0000001, "%H:%M:%S.%6N"), "23:59:59.999999");  // toward the past
  EXPECT_EQ(fmt(-1.0, "%H:%M:%S.%6N"), "23:59:59.000000");
  auto split = [](double t) {
    auto m = split_epoch(t);
    return m ? std::to_string(m->seconds) + "+" + std::to_string(m->micros) : "<null>";
  };
  EXPECT_EQ(split(1780303666.9999997), "1780303666+999999");
  EXPECT_EQ(split(-1.0000001), "-2+999999");
  EXPECT_EQ(split(0), "0+0");
  EXPECT_EQ(split(1e13), "<null>");
}

TEST(Strptime, NanosecondsNeverCrossABoundary) {
  auto p = [](const char* text) { return fmt(parse_time(text, "%Y-%m-%dT%H:%M:%S.%9Q").value_or(1e18), "%H:%M:%S.%6N"); };
  EXPECT_EQ(p("2026-06-01T08:47:46.999999999Z"), "08:47:46.999999");
  EXPECT_EQ(p("2026-06-01T08:47:46.999999769Z"), "08:47:46.999999");
  EXPECT_EQ(p("2026-06-01T08:47:46.123999999Z"), "08:47:46.123999");
  EXPECT_EQ(p("2026-06-01T08:47:46.5Z"), "08:47:46.500000");
  EXPECT_EQ(p("1969-12-31T23:59:59.9999999Z"), "23:59:59.999999");
}

// Reference strings produced by glibc strftime (C locale, UTC).
struct Ref {
  double epoch;
  const char* format;
  const char* expected;
};
const Ref kGlibc[] = {
    {0, "%a %A %b %B %C %d %D %e", "Thu Thursday Jan January 19 01 01/01/70  1"},
    {0, "%F %H %I %j %k %l %m %M %p", "1970-01-01 00 12 001  0 12 01 00 AM"},
    {0, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 4 00 01 4 00"},
    {0, "%y %Y %G %g %x %X", "70 1970 1970 70 01/01/70 00:00:00"},
    {0, "%c", "Thu Jan  1 00:00:00 1970"},
    {0, "%h %n%t%%", "Jan \n\t%"},
    {1700000000, "%a %A %b %B %C %d %D %e", "Tue Tuesday Nov November 20 14 11/14/23 14"},
    {1700000000, "%F %H %I %j %k %l %m %M %p", "2023-11-14 22 10 318 22 10 11 13 PM"},
    {1700000000, "%R %S %T %u %U %V %w %W", "22:13 20 22:13:20 2 46 46 2 46"},
    {1700000000, "%y %Y %G %g %x %X", "23 2023 2023 23 11/14/23 22:13:20"},
    {1700000000, "%c", "Tue Nov 14 22:13:20 2023"},
    {1700000000, "%h %n%t%%", "Nov \n\t%"},
    {951782400, "%a %A %b %B %C %d %D %e", "Tue Tuesday Feb February 20 29 02/29/00 29"},
    {951782400, "%F %H %I %j %k %l %m %M %p", "2000-02-29 00 12 060  0 12 02 00 AM"},
    {951782400, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 2 09 09 2 09"},
    {951782400, "%y %Y %G %g %x %X", "00 2000 2000 00 02/29/00 00:00:00"},
    {951782400, "%c", "Tue Feb 29 00:00:00 2000"},
    {951782400, "%h %n%t%%", "Feb \n\t%"},
    {946684799, "%a %A %b %B %C %d %D %e", "Fri Friday Dec December 19 31 12/31/99 31"},
    {946684799, "%F %H %I %j %k %l %m %M %p", "1999-12-31 23 11 365 23 11 12 59 PM"},
    {946684799, "%R %S %T %u %U %V %w %W", "23:59 59 23:59:59 5 52 52 5 52"},
    {946684799, "%y %Y %G %g %x %X", "99 1999 1999 99 12/31/99 23:59:59"},
    {946684799, "%c", "Fri Dec 31 23:59:59 1999"},
    {946684799, "%h %n%t%%", "Dec \n\t%"},
    {1104537600, "%a %A %b %B %C %d %D %e", "Sat Saturday Jan January 20 01 01/01/05  1"},
    {1104537600, "%F %H %I %j %k %l %m %M %p", "2005-01-01 00 12 001  0 12 01 00 AM"},
    {1104537600, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 6 00 53 6 00"},
    {1104537600, "%y %Y %G %g %x %X", "05 2005 2004 04 01/01/05 00:00:00"},
    {1104537600, "%c", "Sat Jan  1 00:00:00 2005"},
    {1104537600, "%h %n%t%%", "Jan \n\t%"},
    {1230768000, "%a %A %b %B %C %d %D %e", "Thu Thursday Jan January 20 01 01/01/09  1"},
    {1230768000, "%F %H %I %j %k %l %m %M %p", "2009-01-01 00 12 001  0 12 01 00 AM"},
    {1230768000, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 4 00 01 4 00"},
    {1230768000, "%y %Y %G %g %x %X", "09 2009 2009 09 01/01/09 00:00:00"},
    {1230768000, "%c", "Thu Jan  1 00:00:00 2009"},
    {1230768000, "%h %n%t%%", "Jan \n\t%"},
    {1609459200, "%a %A %b %B %C %d %D %e", "Fri Friday Jan January 20 01 01/01/21  1"},
    {1609459200, "%F %H %I %j %k %l %m %M %p", "2021-01-01 00 12 001  0 12 01 00 AM"},
    {1609459200, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 5 00 53 5 00"},
    {1609459200, "%y %Y %G %g %x %X", "21 2021 2020 20 01/01/21 00:00:00"},
    {1609459200, "%c", "Fri Jan  1 00:00:00 2021"},
    {1609459200, "%h %n%t%%", "Jan \n\t%"},
    {1735689599, "%a %A %b %B %C %d %D %e", "Tue Tuesday Dec December 20 31 12/31/24 31"},
    {1735689599, "%F %H %I %j %k %l %m %M %p", "2024-12-31 23 11 366 23 11 12 59 PM"},
    {1735689599, "%R %S %T %u %U %V %w %W", "23:59 59 23:59:59 2 52 01 2 53"},
    {1735689599, "%y %Y %G %g %x %X", "24 2024 2025 25 12/31/24 23:59:59"},
    {1735689599, "%c", "Tue Dec 31 23:59:59 2024"},
    {1735689599, "%h %n%t%%", "Dec \n\t%"},
    {-1576800000, "%a %A %b %B %C %d %D %e", "Wed Wednesday Jan January 19 14 01/14/20 14"},
    {-1576800000, "%F %H %I %j %k %l %m %M %p", "1920-01-14 00 12 014  0 12 01 00 AM"},
    {-1576800000, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 3 02 03 3 02"},
    {-1576800000, "%y %Y %G %g %x %X", "20 1920 1920 20 01/14/20 00:00:00"},
    {-1576800000, "%c", "Wed Jan 14 00:00:00 1920"},
    {-1576800000, "%h %n%t%%", "Jan \n\t%"},
    {253402300799, "%a %A %b %B %C %d %D %e", "Fri Friday Dec December 99 31 12/31/99 31"},
    {253402300799, "%F %H %I %j %k %l %m %M %p", "9999-12-31 23 11 365 23 11 12 59 PM"},
    {253402300799, "%R %S %T %u %U %V %w %W", "23:59 59 23:59:59 5 52 52 5 52"},
    {253402300799, "%y %Y %G %g %x %X", "99 9999 9999 99 12/31/99 23:59:59"},
    {253402300799, "%c", "Fri Dec 31 23:59:59 9999"},
    {253402300799, "%h %n%t%%", "Dec \n\t%"},
    {1583020800, "%a %A %b %B %C %d %D %e", "Sun Sunday Mar March 20 01 03/01/20  1"},
    {1583020800, "%F %H %I %j %k %l %m %M %p", "2020-03-01 00 12 061  0 12 03 00 AM"},
    {1583020800, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 7 09 09 0 08"},
    {1583020800, "%y %Y %G %g %x %X", "20 2020 2020 20 03/01/20 00:00:00"},
    {1583020800, "%c", "Sun Mar  1 00:00:00 2020"},
    {1583020800, "%h %n%t%%", "Mar \n\t%"},
    {1456790400, "%a %A %b %B %C %d %D %e", "Tue Tuesday Mar March 20 01 03/01/16  1"},
    {1456790400, "%F %H %I %j %k %l %m %M %p", "2016-03-01 00 12 061  0 12 03 00 AM"},
    {1456790400, "%R %S %T %u %U %V %w %W", "00:00 00 00:00:00 2 09 09 2 09"},
    {1456790400, "%y %Y %G %g %x %X", "16 2016 2016 16 03/01/16 00:00:00"},
    {1456790400, "%c", "Tue Mar  1 00:00:00 2016"},
    {1456790400, "%h %n%t%%", "Mar \n\t%"},
};

TEST(Strftime, MatchesGlibcForEveryPortableSpecifier) {
  for (const Ref& r : kGlibc) EXPECT_EQ(fmt(r.epoch, r.format), r.expected) << r.epoch << " " << r.format;
}

TEST(Strftime, SubsecondSpecifiers) {
  EXPECT_EQ(fmt(1700000000.123456, "%N"), "123456000");  // %N defaults to 9 digits
  EXPECT_EQ(fmt(1700000000.123456, "%Q"), "123");        // %Q defaults to 3 digits
  EXPECT_EQ(fmt(1700000000.123456, "%3N %6N %9N"), "123 123456 123456000");
  EXPECT_EQ(fmt(1700000000.123456, "%3Q %6Q %9Q"), "123 123456 123456000");
  EXPECT_EQ(fmt(1700000000.123456, "%f"), "123456");
  EXPECT_EQ(fmt(1700000000.999, "%S.%3N"), "20.999");   // truncation, no carry into seconds
  EXPECT_EQ(fmt(1700000000.123, "%3N"), "123");         // binary 0.12299999 still prints 123
  EXPECT_EQ(fmt(1700000000, "%3N"), "000");
  EXPECT_EQ(fmt(-0.5, "%Y-%m-%d %H:%M:%S.%3N"), "1969-12-31 23:59:59.500");
}

TEST(Strftime, EpochAndZones) {
  EXPECT_EQ(fmt(1700000000.9, "%s"), "1700000000");
  EXPECT_EQ(fmt(-1.5, "%s"), "-2");
  EXPECT_EQ(fmt(1700000000, "%z %:z %::z %:::z %Z"), "+0000 +00:00 +00:00:00 +00 UTC");
  EXPECT_EQ(fmt(1700000000, "%H:%M %z %:z %Z %Ez", -5 * 3600), "17:13 -0500 -05:00 -0500 -300");
  EXPECT_EQ(fmt(1700000000, "%Y-%m-%d %H:%M %:z", 5 * 3600 + 1800), "2023-11-15 03:43 +05:30");
  EXPECT_EQ(fmt(1700000000, "%+"), "Tue Nov 14 22:13:20 UTC 2023");
}

TEST(Strftime, UnknownSpecifiersAreCopied) {
  EXPECT_EQ(fmt(0, "%q|%5Y|%:H|%"), "%q|%5Y|%:H|%");
  EXPECT_EQ(fmt(0, "no specifiers"), "no specifiers");
  EXPECT_EQ(fmt(0, ""), "");
}

TEST(Strftime, OutOfRangeAndNonNumbersAreNull) {
  EXPECT_FALSE(format_time(1e18, "%Y").has_value());
  EXPECT_FALSE(format_time(NAN, "%Y").has_value());
  EXPECT_FALSE(format_time(-7e10, "%Y").has_value());
  EXPECT_EQ(call("strftime", {S("abc"), S("%Y")}), kNull);
  EXPECT_EQ(call("strftime", {kNull, S("%Y")}), kNull);
  EXPECT_EQ(call("strftime", {S("1700000000"), S("%Y")}), S("2023"));  // numeric field text
}

TEST(Strftime, UsesTheContextTimeZone) {
  FunctionContext ctx;
  ctx.tz_offset_seconds = 3600;
  EXPECT_EQ(call("strftime", {N(0), S("%H:%M %z")}, ctx), S("01:00 +0100"));
}

TEST(Ctime, DefaultAndSecurityContentFormats) {
  EXPECT_EQ(format_ctime(1700000000).value(), "11/14/2023 22:13:20");
  // security_content_ctime: fraction dropped because the format has none.
  EXPECT_EQ(format_ctime(1700000000.123, "%Y-%m-%dT%H:%M:%S").value(), "2023-11-14T22:13:20");
  EXPECT_FALSE(format_ctime(NAN).has_value());
}

TEST(Calendar, CivilRoundTripAcrossEras) {
  for (int64_t days = -800000; days <= 2900000; days += 997) {
    CivilTime c = civil_from_seconds(days * 86400);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), days);
    ASSERT_EQ(c.yearday, days - days_from_civil(c.year, 1, 1));
  }
  EXPECT_EQ(days_from_civil(2000, 2, 29), 11016);
  EXPECT_EQ(days_from_civil(2023, 1, 32), days_from_civil(2023, 2, 1));  // day overflow rolls over
  CivilTime c = civil_from_seconds(-1);
  EXPECT_EQ(c.year, 1969);
  EXPECT_EQ(c.second, 59);
  EXPECT_EQ(c.weekday, 3);
}

// ---- strptime --------------------------------------------------------------

std::optional<double> parse(const char* text, const char* format, ParseTimeOptions o = {}) {
  o.now = kNow;
  return parse_time(text, format, o);
}

TEST(Strptime, DocExampleInUtc) {
  // Splunk's doc shows 1671126322 in its own zone (UTC-8); the engine fixes UTC.
  EXPECT_EQ(call("strptime", {S("2022-12-15 09:45:22"), S("%Y-%m-%d %H:%M:%S")}), N(1671097522));
}

TEST(Strptime, ReturnsFractionalSeconds) {
  EXPECT_EQ(parse("2023-11-14T22:13:20.250", "%Y-%m-%dT%H:%M:%S.%3N"), 1700000000.25);
  EXPECT_EQ(parse("2023-11-14T22:13:20.5", "%Y-%m-%dT%H:%M:%S.%N"), 1700000000.5);
  EXPECT_EQ(parse("2023-11-14T22:13:20.123456", "%Y-%m-%dT%H:%M:%S.%f"), 1700000000.123456);
  EXPECT_EQ(parse("1700000000.25", "%s.%2N"), 1700000000.25);
}

TEST(Strptime, TetragonTimestampsForLateProcessExecution) {
  // ProcessStartTime: 9 fraction digits, format %3Q reads 3 (tetragon-events.md §5).
  auto p = call("strptime", {S("2025-07-28T22:26:47.459945318Z"), S("%Y-%m-%dT%H:%M:%S.%3Q")});
  ASSERT_TRUE(p.is_number());
  EXPECT_NEAR(p.as_number(), 1753741607.459, 1e-6);
  // ContainerStartTime has NO fraction: the '.' in the format does not match
  // 'Z'. policy::kStrptimeStopsAtMismatch keeps the time parsed so far.
  auto c = call("strptime", {S("2025-07-28T22:21:44Z"), S("%Y-%m-%dT%H:%M:%S.%9Q")});
  EXPECT_EQ(c, N(1753741304));
  // ... so the detection's comparison can fire (5 min = 300 s later).
  auto limit = call("relative_time", {c, S("+5m")});
  EXPECT_GT(p.as_number(), limit.as_number());
  // 3- and 6-digit fractions parse too.
  EXPECT_EQ(call("strptime", {S("2025-07-28T22:21:44.500Z"), S("%Y-%m-%dT%H:%M:%S.%9Q")}), N(1753741304.5));
}

TEST(Strptime, TrailingTextIsAccepted) {
  EXPECT_EQ(parse("2023-11-14T22:13:20.123Z", "%Y-%m-%dT%H:%M:%S"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14 and more", "%Y-%m-%d"), 1699920000.0);
}

TEST(Strptime, StrictModeRejectsMismatchAndTrailingText) {
  ParseTimeOptions strict;
  strict.stop_at_mismatch = false;
  strict.accept_trailing_text = false;
  EXPECT_FALSE(parse("2025-07-28T22:21:44Z", "%Y-%m-%dT%H:%M:%S.%9Q", strict).has_value());
  EXPECT_FALSE(parse("2023-11-14 x", "%Y-%m-%d", strict).has_value());
  EXPECT_EQ(parse("2023-11-14  ", "%Y-%m-%d", strict), 1699920000.0);
}

TEST(Strptime, NeedsADay) {
  EXPECT_EQ(call("strptime", {S("22:13:20"), S("%H:%M:%S")}), kNull);
  EXPECT_EQ(call("strptime", {S("2023-11"), S("%Y-%m-%d")}), kNull);
  EXPECT_EQ(call("strptime", {S("2023/11/14"), S("%Y-%m-%d")}), kNull);  // diverges before the day
  EXPECT_EQ(call("strptime", {S("not a date"), S("%Y-%m-%d")}), kNull);
  EXPECT_EQ(call("strptime", {S(""), S("%Y-%m-%d")}), kNull);
  ParseTimeOptions no_day;
  no_day.require_day = false;
  EXPECT_EQ(parse("2023-11", "%Y-%m", no_day), 1698796800.0);
}

TEST(Strptime, SecurityContentDateOnly) {
  // macro remote_access_software_usage_exceptions: strptime(x, "%Y-%m-%d")
  EXPECT_EQ(call("strptime", {S("2023-12-25"), S("%Y-%m-%d")}), N(1703462400));
}

TEST(Strptime, Specifiers) {
  EXPECT_EQ(parse("11/14/2023:22:13:20", "%m/%d/%Y:%H:%M:%S"), 1700000000.0);
  EXPECT_EQ(parse("11/14/23 10:13:20 PM", "%D %I:%M:%S %p"), 1700000000.0);
  EXPECT_EQ(parse("11/14/23 10:13:20 am", "%m/%d/%y %I:%M:%S %p"), 1699956800.0);
  EXPECT_EQ(parse("12/14/23 12:00:00 AM", "%m/%d/%y %I:%M:%S %p").value(), 1702512000.0);
  EXPECT_EQ(parse("Tue Nov 14 22:13:20 2023", "%a %b %d %H:%M:%S %Y"), 1700000000.0);
  EXPECT_EQ(parse("Tuesday November 14 22:13:20 2023", "%A %B %d %T %Y"), 1700000000.0);
  EXPECT_EQ(parse("14 nov 2023", "%d %b %Y"), 1699920000.0);
  EXPECT_EQ(parse("2023-11-14T22:13:20", "%FT%T"), 1700000000.0);
  EXPECT_EQ(parse("2023 041", "%Y %j"), 1675987200.0);
  EXPECT_EQ(parse("1700000000", "%s"), 1700000000.0);
  EXPECT_EQ(parse("Tue Nov 14 22:13:20 2023", "%c"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14 100%", "%Y-%m-%d 100%%"), 1699920000.0);
  EXPECT_EQ(parse("99-12-31", "%y-%m-%d"), 946598400.0);  // 69-99 -> 19xx
  EXPECT_EQ(parse("68-01-01", "%y-%m-%d"), 3092601600.0);  // 00-68 -> 20xx
  EXPECT_EQ(parse("19 69-01-01", "%C %y-%m-%d"), -31536000.0);
  EXPECT_EQ(parse("2023-1-5", "%Y-%m-%d"), parse("2023-01-05", "%Y-%m-%d"));  // leading zero optional
  EXPECT_EQ(parse("2023-11- 5", "%Y-%m-%e"), parse("2023-11-05", "%Y-%m-%d"));
}

TEST(Strptime, ZoneOffsets) {
  EXPECT_EQ(parse("2023-11-14T17:13:20-0500", "%Y-%m-%dT%H:%M:%S%z"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14T17:13:20-05:00", "%Y-%m-%dT%H:%M:%S%:z"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14T23:13:20+01", "%Y-%m-%dT%H:%M:%S%z"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14T22:13:20Z", "%Y-%m-%dT%H:%M:%S%z"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14 22:13:20 UTC", "%Y-%m-%d %H:%M:%S %Z"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14 14:13:20 PST", "%Y-%m-%d %H:%M:%S %Z"), 1700000000.0);
  EXPECT_EQ(parse("2023-11-14 22:13:20 CEST", "%Y-%m-%d %H:%M:%S %Z"), 1700000000.0);  // unknown: ignored
  EXPECT_EQ(parse("2023-11-14 17:13:20 -300", "%Y-%m-%d %H:%M:%S %Ez"), 1700000000.0);
  ParseTimeOptions zone;
  zone.tz_offset_seconds = 3600;
  EXPECT_EQ(parse("2023-11-14 23:13:20", "%Y-%m-%d %H:%M:%S", zone), 1700000000.0);
}

TEST(Strptime, RangeChecksAndRollover) {
  EXPECT_EQ(call("strptime", {S("2023-13-01"), S("%Y-%m-%d")}), kNull);
  EXPECT_EQ(call("strptime", {S("2023-11-32"), S("%Y-%m-%d")}), kNull);
  EXPECT_EQ(call("strptime", {S("2023-11-14 25:00"), S("%Y-%m-%d %H:%M")}), N(1699920000));  // stops at hour
  EXPECT_EQ(parse("2023-02-30", "%Y-%m-%d"), parse("2023-03-02", "%Y-%m-%d"));         // mktime-like
}

TEST(Strptime, FormatWithoutYearUsesNowsYear) {
  // policy::kStrptimeDefaultYearFromNow (now = 2023-11-14).
  EXPECT_EQ(call("strptime", {S("Dec 25 10:00:00"), S("%b %d %H:%M:%S")}), N(1703498400));
}

TEST(Strptime, BadFormatsAndInputs) {
  EXPECT_EQ(call("strptime", {S("2023"), S("%Y-%q")}), kNull);
  EXPECT_EQ(call("strptime", {S("2023"), S("%")}), kNull);
  EXPECT_EQ(call("strptime", {kNull, S("%Y")}), kNull);
  EXPECT_EQ(call("strptime", {N(1700000000), S("%s")}), N(1700000000));
  std::string huge(100000, '9');
  EXPECT_EQ(call("strptime", {S(huge), S("%Y-%m-%d")}), kNull);
}

}  // namespace
}  // namespace rulejit::rt::testing
