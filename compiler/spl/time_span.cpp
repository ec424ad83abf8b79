// Time span option values (see time_span.h).
#include "compiler/spl/time_span.h"

#include <charconv>

#include "compiler/spl/scanner.h"

namespace rulejit::spl {

const char* time_unit_name(TimeUnit u) {
  switch (u) {
    case TimeUnit::None: return "";
    case TimeUnit::Microsecond: return "us";
    case TimeUnit::Millisecond: return "ms";
    case TimeUnit::Centisecond: return "cs";
    case TimeUnit::Decisecond: return "ds";
    case TimeUnit::Second: return "s";
    case TimeUnit::Minute: return "m";
    case TimeUnit::Hour: return "h";
    case TimeUnit::Day: return "d";
    case TimeUnit::Week: return "w";
    case TimeUnit::Month: return "mon";
    case TimeUnit::Quarter: return "q";
    case TimeUnit::Year: return "y";
  }
  return "";
}

std::optional<double> TimeSpan::seconds() const {
  double unit_seconds = 0;
  switch (unit) {
    case TimeUnit::Microsecond: unit_seconds = 1e-6; break;
    case TimeUnit::Millisecond: unit_seconds = 1e-3; break;
    case TimeUnit::Centisecond: unit_seconds = 1e-2; break;
    case TimeUnit::Decisecond: unit_seconds = 1e-1; break;
    case TimeUnit::Second: unit_seconds = 1; break;
    case TimeUnit::Minute: unit_seconds = 60; break;
    case TimeUnit::Hour: unit_seconds = 3600; break;
    case TimeUnit::Day: unit_seconds = 86400; break;
    case TimeUnit::Week: unit_seconds = 7 * 86400; break;
    case TimeUnit::None:
    case TimeUnit::Month:
    case TimeUnit::Quarter:
    case TimeUnit::Year: return std::nullopt;
  }
  return amount * unit_seconds;
}

namespace {

struct UnitSpelling {
  std::string_view text;
  TimeUnit unit;
};

constexpr UnitSpelling kUnits[] = {
    {"us", TimeUnit::Microsecond}, {"ms", TimeUnit::Millisecond},
    {"cs", TimeUnit::Centisecond}, {"ds", TimeUnit::Decisecond},
    {"s", TimeUnit::Second},       {"sec", TimeUnit::Second},
    {"secs", TimeUnit::Second},    {"second", TimeUnit::Second},
    {"seconds", TimeUnit::Second}, {"m", TimeUnit::Minute},
    {"min", TimeUnit::Minute},     {"mins", TimeUnit::Minute},
    {"minute", TimeUnit::Minute},  {"minutes", TimeUnit::Minute},
    {"h", TimeUnit::Hour},         {"hr", TimeUnit::Hour},
    {"hrs", TimeUnit::Hour},       {"hour", TimeUnit::Hour},
    {"hours", TimeUnit::Hour},     {"d", TimeUnit::Day},
    {"day", TimeUnit::Day},        {"days", TimeUnit::Day},
    {"w", TimeUnit::Week},         {"week", TimeUnit::Week},
    {"weeks", TimeUnit::Week},     {"mon", TimeUnit::Month},
    {"month", TimeUnit::Month},    {"months", TimeUnit::Month},
    {"q", TimeUnit::Quarter},      {"qtr", TimeUnit::Quarter},
    {"qtrs", TimeUnit::Quarter},   {"quarter", TimeUnit::Quarter},
    {"quarters", TimeUnit::Quarter}, {"y", TimeUnit::Year},
    {"yr", TimeUnit::Year},        {"yrs", TimeUnit::Year},
    {"year", TimeUnit::Year},      {"years", TimeUnit::Year},
};

}  // namespace

std::optional<TimeSpan> parse_time_span(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  TimeSpan ts;
  auto r = std::from_chars(text.data(), text.data() + i, ts.amount);
  if (r.ec != std::errc() || r.ptr != text.data() + i || !(ts.amount > 0)) return std::nullopt;
  std::string_view unit = text.substr(i);
  ts.text = std::string(text);
  if (unit.empty()) return ts;
  for (const auto& u : kUnits) {
    if (iequals(unit, u.text)) {
      ts.unit = u.unit;
      return ts;
    }
  }
  return std::nullopt;
}

}  // namespace rulejit::spl
