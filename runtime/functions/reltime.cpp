// Relative time modifiers for time.h: relative_time(), parse_time_modifier(),
// fixed_span_seconds() (spl-semantics.md §2.10).
//
// Grammar accepted (a superset of Splunk's): "now", or a sequence of
//   offset := ('+'|'-') [digits] unit        (digits omitted = 1)
//   snap   := '@' unit [digit]               (@w0..@w7 pick the weekday)
// applied left to right, e.g. "-1d@d", "@d-2h", "-1d@d+3h", "@w1", "-2h@h".
// Snapping rounds DOWN in the context's fixed UTC offset; month/quarter/year
// offsets are calendar arithmetic (policy::kMonthOffsetRollsOver).
#include <cmath>
#include <string>

#include "runtime/core/value.h"
#include "runtime/functions/time.h"

namespace rulejit::rt {

namespace {

enum class Unit { kNone, kMicro, kMilli, kCenti, kDeci, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear };

Unit unit_of(std::string_view w) {
  auto is = [&](std::initializer_list<std::string_view> names) {
    for (auto n : names) {
      if (w == n) return true;
    }
    return false;
  };
  if (is({"us"})) return Unit::kMicro;
  if (is({"ms"})) return Unit::kMilli;
  if (is({"cs"})) return Unit::kCenti;
  if (is({"ds"})) return Unit::kDeci;
  if (is({"s", "sec", "secs", "second", "seconds"})) return Unit::kSecond;
  if (is({"m", "min", "mins", "minute", "minutes"})) return Unit::kMinute;
  if (is({"h", "hr", "hrs", "hour", "hours"})) return Unit::kHour;
  if (is({"d", "day", "days"})) return Unit::kDay;
  if (is({"w", "week", "weeks"})) return Unit::kWeek;
  if (is({"mon", "month", "months"})) return Unit::kMonth;
  if (is({"q", "qtr", "qtrs", "quarter", "quarters"})) return Unit::kQuarter;
  if (is({"y", "yr", "yrs", "year", "years"})) return Unit::kYear;
  return Unit::kNone;
}

// Seconds in a fixed-length unit; 0 for calendar units.
double unit_seconds(Unit u) {
  switch (u) {
    case Unit::kMicro: return 1e-6;
    case Unit::kMilli: return 1e-3;
    case Unit::kCenti: return 1e-2;
    case Unit::kDeci: return 1e-1;
    case Unit::kSecond: return 1;
    case Unit::kMinute: return 60;
    case Unit::kHour: return 3600;
    case Unit::kDay: return 86400;
    case Unit::kWeek: return 7 * 86400;
    default: return 0;
  }
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

constexpr double kLimit = 1e13;  // beyond year 300000: treat as invalid

// Adds `months` calendar months to local time `local`.
double add_months(double local, int64_t months) {
  const double whole = std::floor(local);
  const double frac = local - whole;
  const auto secs = static_cast<int64_t>(whole);
  const int64_t days = floor_div(secs, 86400);
  const int64_t sod = secs - days * 86400;
  const CivilTime c = civil_from_seconds(secs);
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t y = floor_div(total, 12);
  const int m = static_cast<int>(total - y * 12 + 1);
  int day = c.day;
  if (!policy::kMonthOffsetRollsOver) {
    static constexpr int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int len = kLen[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
    if (day > len) day = len;
  }
  (void)days;
  return static_cast<double>(days_from_civil(y, m, day) * 86400 + sod) + frac;
}

// Snaps local time down to the start of `u` (weekday: 0-6 for @wN, -1 else).
double snap(double local, Unit u, int weekday) {
  const double fixed = unit_seconds(u);
  if (fixed > 0 && fixed < 1) {
    // Sub-second units snap on the decimal digits (split_epoch): floor(t/1e-3)
    // would move 1700000000.123 (binary .12299999) to .122.
    const std::optional<EpochMicros> m = split_epoch(local);
    if (!m) return std::floor(local / fixed) * fixed;
    const auto unit_us = static_cast<int32_t>(std::lround(fixed * 1e6));
    return static_cast<double>(m->seconds) + static_cast<double>(m->micros - m->micros % unit_us) / 1e6;
  }
  if (u != Unit::kWeek && fixed > 0) return std::floor(local / fixed) * fixed;
  const auto secs = static_cast<int64_t>(std::floor(local));
  int64_t days = floor_div(secs, 86400);
  if (u == Unit::kWeek) {
    const int wday = static_cast<int>(((days + 4) % 7 + 7) % 7);
    days -= (wday - weekday + 7) % 7;
    return static_cast<double>(days * 86400);
  }
  const CivilTime c = civil_from_seconds(secs);
  int month = 1;
  if (u == Unit::kMonth) month = c.month;
  if (u == Unit::kQuarter) month = (c.month - 1) / 3 * 3 + 1;
  return static_cast<double>(days_from_civil(c.year, month, 1) * 86400);
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

}  // namespace

std::optional<double> relative_time(double t, std::string_view modifier, int tz) {
  if (!std::isfinite(t) || std::fabs(t) > kLimit) return std::nullopt;
  const std::string spec = lower_trim(modifier);
  if (spec.empty()) return std::nullopt;
  if (spec == "now") return t;
  size_t i = 0;
  while (i < spec.size()) {
    const char c = spec[i];
    if (c == '@') {
      ++i;
      size_t b = i;
      while (i < spec.size() && is_alpha(spec[i])) ++i;
      Unit u = unit_of(std::string_view(spec).substr(b, i - b));
      if (u == Unit::kNone) return std::nullopt;
      int weekday = 0;
      if (i < spec.size() && is_digit(spec[i])) {
        if (u != Unit::kWeek || spec[i] > '7') return std::nullopt;
        weekday = (spec[i] - '0') % 7;  // @w7 = Sunday
        ++i;
      }
      t = snap(t + tz, u, weekday) - tz;
    } else if (c == '+' || c == '-') {
      const int sign = c == '-' ? -1 : 1;
      ++i;
      int64_t n = 1;
      if (i < spec.size() && is_digit(spec[i])) {
        n = 0;
        int digits = 0;
        while (i < spec.size() && is_digit(spec[i])) {
          if (++digits > 12) return std::nullopt;
          n = n * 10 + (spec[i++] - '0');
        }
      }
      size_t b = i;
      while (i < spec.size() && is_alpha(spec[i])) ++i;
      Unit u = unit_of(std::string_view(spec).substr(b, i - b));
      if (u == Unit::kNone) return std::nullopt;
      if (u == Unit::kMonth || u == Unit::kQuarter || u == Unit::kYear) {
        const int64_t per = u == Unit::kMonth ? 1 : u == Unit::kQuarter ? 3 : 12;
        if (n > 1000000) return std::nullopt;
        t = add_months(t + tz, sign * n * per) - tz;
      } else {
        t += sign * static_cast<double>(n) * unit_seconds(u);
      }
    } else {
      return std::nullopt;
    }
    if (!std::isfinite(t) || std::fabs(t) > kLimit) return std::nullopt;
  }
  return t;
}

TimeModifier parse_time_modifier(std::string_view spec, double now, int tz) {
  std::string s = lower_trim(spec);
  TimeModifier r;
  if (s.size() >= 2 && s[0] == 'r' && s[1] == 't') s.erase(0, 2);
  if (s.empty()) s = "now";
  bool numeric = true, dot = false;
  for (char c : s) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (!is_digit(c)) {
      numeric = false;
    }
  }
  if (numeric) {
    r.epoch = parse_number(s);
    if (!r.epoch) r.error = "invalid absolute time \"" + std::string(spec) + "\"";
    return r;
  }
  if (s.find('/') != std::string::npos) {
    ParseTimeOptions o;
    o.tz_offset_seconds = tz;
    o.accept_trailing_text = false;
    o.stop_at_mismatch = false;
    r.epoch = parse_time(s, "%m/%d/%Y:%H:%M:%S", o);
    if (!r.epoch) r.error = "invalid absolute time \"" + std::string(spec) + "\" (expected %m/%d/%Y:%H:%M:%S)";
    return r;
  }
  r.epoch = relative_time(now, s, tz);
  if (!r.epoch) r.error = "invalid time modifier \"" + std::string(spec) + "\"";
  return r;
}

std::optional<double> fixed_span_seconds(std::string_view span) {
  const std::string s = lower_trim(span);
  size_t i = 0;
  double n = 1;
  if (i < s.size() && is_digit(s[i])) {
    n = 0;
    int digits = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (++digits > 15) return std::nullopt;
      n = n * 10 + (s[i++] - '0');
    }
  }
  if (i == s.size()) return std::nullopt;  // a bare number is not a span
  for (size_t k = i; k < s.size(); ++k) {
    if (!is_alpha(s[k])) return std::nullopt;
  }
  const double per = unit_seconds(unit_of(std::string_view(s).substr(i)));
  if (per == 0) return std::nullopt;
  return n * per;
}

}  // namespace rulejit::rt
