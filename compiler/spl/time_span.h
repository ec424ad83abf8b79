// Time spans written in SPL options: `span=5m`, `maxspan=30s`,
// `time_window=1h`, `bin span=10` (a plain number has no unit).
//
// Contract: parse_time_span accepts `<number>[<unit>]` with Splunk's unit
// spellings (s sec secs second seconds, m min mins minute minutes, h hr hrs
// hour hours, d day days, w week weeks, mon month months, q qtr qtrs quarter
// quarters, y yr yrs year years, ms, us, cs, ds), case-insensitive, and
// returns std::nullopt for anything else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rulejit::spl {

enum class TimeUnit : uint8_t {
  None,  // plain number (numeric bin span)
  Microsecond, Millisecond, Centisecond, Decisecond,
  Second, Minute, Hour, Day, Week, Month, Quarter, Year,
};
const char* time_unit_name(TimeUnit u);

struct TimeSpan {
  double amount = 0;
  TimeUnit unit = TimeUnit::None;
  std::string text;  // as written, e.g. "5m"
  // Length in seconds for fixed-length units (s..w); std::nullopt for
  // calendar units (month, quarter, year) and for None.
  std::optional<double> seconds() const;
};

std::optional<TimeSpan> parse_time_span(std::string_view text);

}  // namespace rulejit::spl
