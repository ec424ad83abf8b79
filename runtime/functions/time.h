// Time: Splunk-compatible strftime/strptime, relative time modifiers and the
// calendar math under them (spl-semantics.md §2.9, §2.10, §3.12, §6).
//
// Contract:
//  - Times are epoch seconds as double (fraction = sub-seconds). Calendar
//    fields are computed in a FIXED UTC offset (tz_offset_seconds, 0 = UTC);
//    there is no tz database and no DST (policy.h). Proleptic Gregorian
//    calendar, years 0001-9999; times outside that range do not format.
//  - format_time() supports every specifier in §2.9 (including %N/%Q with
//    width digits, %z %:z %::z %:::z %Z %Ez %s %f %T %F %j %e %k %I %p %C %V
//    %U %W %G %g %u %w %c %x %X %+ %%). A time is shown in the second (and
//    millisecond, microsecond) it is in: truncated toward the past, never
//    rounded (split_epoch), so 08:47:46.9999997 prints 08:47:46 and
//    1700000000.123 prints .123, not .122999.
//  - parse_time() keeps at most six fraction digits (Splunk's _time
//    resolution is the microsecond) and truncates the rest, so a nanosecond
//    timestamp never moves to the next microsecond, millisecond or second.
//  - parse_time() is strptime: it returns nullopt when the text does not
//    give a time. How trailing text, an early mismatch and a missing day are
//    treated is fixed in policy.h (kStrptime*) and overridable per call.
//  - relative_time() applies a modifier such as "-1d@d", "@w1+3h", "+5m",
//    "now"; it returns nullopt for a malformed modifier.
//  - Nothing here throws or allocates beyond its results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/functions/policy.h"

namespace rulejit::rt {

// ---- calendar ----------------------------------------------------------------
// Days since 1970-01-01 of a civil date. `day` may exceed the month's length
// (it then rolls into the next month, like mktime); month must be 1..12.
int64_t days_from_civil(int64_t year, int month, int day);

struct CivilTime {
  int64_t year = 1970;
  int month = 1;    // 1..12
  int day = 1;      // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 4;  // 0 = Sunday
  int yearday = 0;  // 0-based
};
// Broken-down time of whole seconds since the epoch (already shifted to the
// wanted zone by the caller).
CivilTime civil_from_seconds(int64_t seconds);

// The microsecond a time is in: whole seconds (floor) and 0..999999. The
// digits are those of the shortest decimal that reads back as `epoch` (what
// the user or the event wrote), truncated toward the past: binary doubles
// cannot hold 1700000000.123 exactly (it is 1700000000.1229999...), and
// flooring that would show .122999. nullopt when not finite or |epoch| >= 1e12.
struct EpochMicros {
  int64_t seconds = 0;
  int32_t micros = 0;  // 0..999999
};
std::optional<EpochMicros> split_epoch(double epoch);

// ---- formatting / parsing -----------------------------------------------------
std::optional<std::string> format_time(double epoch, std::string_view format, int tz_offset_seconds = 0);

// `convert ctime(...)`: epoch -> text with the default format
// "%m/%d/%Y %H:%M:%S" (spl-semantics.md §3.12); nullopt when not formattable.
inline constexpr std::string_view kCtimeDefaultFormat = "%m/%d/%Y %H:%M:%S";
std::optional<std::string> format_ctime(double epoch, std::string_view format = kCtimeDefaultFormat,
                                        int tz_offset_seconds = 0);

struct ParseTimeOptions {
  int tz_offset_seconds = policy::kDefaultTzOffsetSeconds;  // zone of text without %z/%Z
  double now = 0;  // supplies the year when the format has none
  bool accept_trailing_text = policy::kStrptimeAcceptsTrailingText;
  bool stop_at_mismatch = policy::kStrptimeStopsAtMismatch;
  bool require_day = policy::kStrptimeRequiresDay;
};
std::optional<double> parse_time(std::string_view text, std::string_view format, const ParseTimeOptions& options = {});

// ---- relative time -------------------------------------------------------------
std::optional<double> relative_time(double t, std::string_view modifier, int tz_offset_seconds = 0);

// A search time bound such as `earliest=-24h@h`, `latest=now`, `earliest=0`
// (absolute epoch) or `earliest="11/14/2023:22:13:20"` (%m/%d/%Y:%H:%M:%S).
// The prefix "rt" (real-time windows) is accepted and ignored.
struct TimeModifier {
  std::optional<double> epoch;  // set on success
  std::string error;            // set on failure
};
TimeModifier parse_time_modifier(std::string_view spec, double now, int tz_offset_seconds = 0);

// A fixed-length span such as "7d", "90s", "1h", "2w", "500ms" in seconds
// (months/quarters/years are not fixed-length: nullopt). An omitted count
// means 1.
std::optional<double> fixed_span_seconds(std::string_view span);

}  // namespace rulejit::rt
