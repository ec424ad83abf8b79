// strftime / strptime engine and calendar math for time.h.
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "runtime/functions/time.h"

namespace rulejit::rt {

namespace {

constexpr double kMinEpoch = -62135596800.0;  // 0001-01-01T00:00:00Z
constexpr double kMaxEpoch = 253402300799.0;  // 9999-12-31T23:59:59Z

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// ISO 8601 weeks in year y: 53 when Jan 1 is a Thursday, or a Wednesday in a
// leap year.
int iso_weeks_in_year(int64_t y) {
  auto p = [](int64_t yy) { return ((yy + floor_div(yy, 4) - floor_div(yy, 100) + floor_div(yy, 400)) % 7 + 7) % 7; };
  return (p(y) == 4 || p(y - 1) == 3) ? 53 : 52;
}

// Digits written back to front into a buffer, then appended at once (ctime
// formats a handful of these for every output row).
void put_num(std::string& out, int64_t v, int width, char pad = '0') {
  char buf[24];
  char* const end = buf + sizeof buf;
  char* p = end;
  const bool neg = v < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg) out += '-';
  const auto digits = static_cast<int>(end - p);
  if (width > digits) out.append(static_cast<size_t>(width - digits), pad);
  out.append(p, end);
}

void put_offset(std::string& out, int off, int colons) {
  out += off < 0 ? '-' : '+';
  int a = off < 0 ? -off : off;
  put_num(out, a / 3600, 2);
  if (colons == 3) return;
  if (colons >= 1) out += ':';
  put_num(out, (a / 60) % 60, 2);
  if (colons == 2) {
    out += ':';
    put_num(out, a % 60, 2);
  }
}

struct FormatState {
  CivilTime c;
  int64_t epoch_secs = 0;
  int64_t micros = 0;  // 0..999999
  int tz = 0;
};

void format_into(std::string& out, std::string_view fmt, const FormatState& st);

void format_spec(std::string& out, char conv, int width, int colons, bool ext_e, const FormatState& st) {
  const CivilTime& c = st.c;
  switch (conv) {
    case 'a': out.append(kDays[static_cast<size_t>(c.weekday)], 3); break;
    case 'A': out += kDays[static_cast<size_t>(c.weekday)]; break;
    case 'b':
    case 'h': out.append(kMonths[static_cast<size_t>(c.month - 1)], 3); break;
    case 'B': out += kMonths[static_cast<size_t>(c.month - 1)]; break;
    case 'c': format_into(out, "%a %b %e %H:%M:%S %Y", st); break;
    case 'C': put_num(out, floor_div(c.year, 100), 2); break;
    case 'd': put_num(out, c.day, 2); break;
    case 'D': format_into(out, "%m/%d/%y", st); break;
    case 'e': put_num(out, c.day, 2, ' '); break;
    case 'f': put_num(out, st.micros, 6); break;
    case 'F': format_into(out, "%Y-%m-%d", st); break;
    case 'H': put_num(out, c.hour, 2); break;
    case 'I': put_num(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2); break;
    case 'j': put_num(out, c.yearday + 1, 3); break;
    case 'k': put_num(out, c.hour, 2, ' '); break;
    case 'l': put_num(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2, ' '); break;
    case 'm': put_num(out, c.month, 2); break;
    case 'M': put_num(out, c.minute, 2); break;
    case 'n': out += '\n'; break;
    case 'N':
    case 'Q': {
      int digits = width > 0 ? width : (conv == 'N' ? policy::kSubsecondDefaultDigitsN : policy::kSubsecondDefaultDigitsQ);
      if (digits > 9) digits = 9;
      std::string nine;
      put_num(nine, st.micros * 1000, 9);
      out.append(nine, 0, static_cast<size_t>(digits));
      break;
    }
    case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
    case 'r': format_into(out, "%I:%M:%S %p", st); break;
    case 'R': format_into(out, "%H:%M", st); break;
    case 's': put_num(out, st.epoch_secs, 1); break;
    case 'S': put_num(out, c.second, 2); break;
    case 't': out += '\t'; break;
    case 'T': format_into(out, "%H:%M:%S", st); break;
    case 'u': put_num(out, c.weekday == 0 ? 7 : c.weekday, 1); break;
    case 'U': put_num(out, (c.yearday + 7 - c.weekday) / 7, 2); break;
    case 'w': put_num(out, c.weekday, 1); break;
    case 'W': put_num(out, (c.yearday + 7 - (c.weekday + 6) % 7) / 7, 2); break;
    case 'V':
    case 'G':
    case 'g': {
      const int wday_iso = c.weekday == 0 ? 7 : c.weekday;  // Monday = 1
      int week = (c.yearday + 1 - wday_iso + 10) / 7;
      int64_t iso_year = c.year;
      if (week < 1) {
        --iso_year;
        week = iso_weeks_in_year(iso_year);
      } else if (week > iso_weeks_in_year(c.year)) {
        ++iso_year;
        week = 1;
      }
      if (conv == 'V') {
        put_num(out, week, 2);
      } else if (conv == 'G') {
        put_num(out, iso_year, 4);
      } else {
        put_num(out, ((iso_year % 100) + 100) % 100, 2);
      }
      break;
    }
    case 'x': format_into(out, "%m/%d/%y", st); break;
    case 'X': format_into(out, "%H:%M:%S", st); break;
    case 'y': put_num(out, ((c.year % 100) + 100) % 100, 2); break;
    case 'Y': put_num(out, c.year, 4); break;
    case 'z':
      if (ext_e) {
        out += st.tz < 0 ? '-' : '+';
        put_num(out, (st.tz < 0 ? -st.tz : st.tz) / 60, 1);
      } else {
        put_offset(out, st.tz, colons);
      }
      break;
    case 'Z':
      if (st.tz == 0) {
        out += "UTC";
      } else {
        put_offset(out, st.tz, 0);
      }
      break;
    case '+': format_into(out, "%a %b %e %H:%M:%S %Z %Y", st); break;
    case '%': out += '%'; break;
    default:
      break;  // handled by the caller (copied literally)
  }
}

bool known_format_conv(char c) {
  static const std::array<bool, 256> known = [] {
    std::array<bool, 256> k{};
    for (const char* p = "aAbhBcCdDefFHIjklmMnNQprRsStTuUwWVGgxXyYzZ+%"; *p; ++p) k[static_cast<unsigned char>(*p)] = true;
    return k;
  }();
  return known[static_cast<unsigned char>(c)];
}

void format_into(std::string& out, std::string_view fmt, const FormatState& st) {
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 >= fmt.size()) {
      out += fmt[i];
      continue;
    }
    size_t j = i + 1;
    int colons = 0;
    while (j < fmt.size() && fmt[j] == ':' && colons < 3) {
      ++colons;
      ++j;
    }
    bool ext_e = false;
    if (colons == 0 && j + 1 < fmt.size() && fmt[j] == 'E' && fmt[j + 1] == 'z') {
      ext_e = true;
      ++j;
    }
    int width = 0;
    while (colons == 0 && !ext_e && j < fmt.size() && fmt[j] >= '0' && fmt[j] <= '9' && width < 100) {
      width = width * 10 + (fmt[j] - '0');
      ++j;
    }
    char conv = j < fmt.size() ? fmt[j] : '\0';
    const bool valid = known_format_conv(conv) && (colons == 0 || conv == 'z') && (width == 0 || conv == 'N' || conv == 'Q');
    if (!valid) {  // unknown sequence: copy it as text
      out.append(fmt.substr(i, j - i + (conv ? 1 : 0)));
      i = conv ? j : j - 1;
      continue;
    }
    format_spec(out, conv, width, colons, ext_e, st);
    i = j;
  }
}

}  // namespace

int64_t days_from_civil(int64_t year, int month, int day) {
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = month > 2 ? month - 3 : month + 9;
  const int64_t doy = (153 * mp + 2) / 5;  // day-of-year of the 1st of the month (March-based)
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + (day - 1);
}

CivilTime civil_from_seconds(int64_t seconds) {
  CivilTime c;
  const int64_t days = floor_div(seconds, 86400);
  int64_t sod = seconds - days * 86400;
  c.hour = static_cast<int>(sod / 3600);
  c.minute = static_cast<int>((sod / 60) % 60);
  c.second = static_cast<int>(sod % 60);
  c.weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
  const int64_t z = days + 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  c.yearday = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  return c;
}

std::optional<EpochMicros> split_epoch(double epoch) {
  if (!std::isfinite(epoch) || std::fabs(epoch) >= 1e12) return std::nullopt;
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, epoch, std::chars_format::fixed);
  if (res.ec != std::errc()) return std::nullopt;
  const std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  int64_t whole = 0;
  for (; i < text.size() && text[i] != '.'; ++i) whole = whole * 10 + (text[i] - '0');
  int64_t micros = 0;
  int digits = 0;
  bool beyond = false;  // a non-zero digit past the sixth
  if (i < text.size()) {
    for (++i; i < text.size(); ++i) {
      if (digits < 6) {
        micros = micros * 10 + (text[i] - '0');
        ++digits;
      } else if (text[i] != '0') {
        beyond = true;
      }
    }
  }
  for (; digits < 6; ++digits) micros *= 10;
  int64_t total = whole * 1000000 + micros;
  if (negative) total = -total - (beyond ? 1 : 0);  // toward the past
  EpochMicros out;
  out.seconds = floor_div(total, 1000000);
  out.micros = static_cast<int32_t>(total - out.seconds * 1000000);
  return out;
}

std::optional<std::string> format_time(double epoch, std::string_view format, int tz_offset_seconds) {
  if (!std::isfinite(epoch)) return std::nullopt;
  const double local = epoch + tz_offset_seconds;
  if (local < kMinEpoch || local > kMaxEpoch + 0.999999) return std::nullopt;
  const std::optional<EpochMicros> split = split_epoch(epoch);
  if (!split) return std::nullopt;
  FormatState st;
  st.epoch_secs = split->seconds;
  st.micros = split->micros;
  st.tz = tz_offset_seconds;
  st.c = civil_from_seconds(st.epoch_secs + tz_offset_seconds);
  std::string out;
  out.reserve(format.size() + 16);  // most conversions widen by a few characters
  format_into(out, format, st);
  return out;
}

std::optional<std::string> format_ctime(double epoch, std::string_view format, int tz_offset_seconds) {
  return format_time(epoch, format, tz_offset_seconds);
}

// ---- strptime ----------------------------------------------------------------

namespace {

struct Fields {
  std::optional<int64_t> year, year2, century, month, day, yday, hour, hour12, minute, second, epoch;
  std::optional<int> tz;
  bool pm = false;
  bool have_ampm = false;
  int64_t micros = 0;  // the fraction, truncated to microseconds
};

enum class Step { kOk, kMismatch, kBadFormat };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

class TimeParser {
 public:
  explicit TimeParser(std::string_view in) : in_(in) {}

  Step run(std::string_view fmt) {
    for (size_t i = 0; i < fmt.size(); ++i) {
      const char c = fmt[i];
      if (is_space(c)) {
        skip_space();
        continue;
      }
      if (c != '%') {
        if (pos_ < in_.size() && in_[pos_] == c) {
          ++pos_;
          continue;
        }
        return Step::kMismatch;
      }
      if (i + 1 >= fmt.size()) return Step::kBadFormat;
      size_t j = i + 1;
      int colons = 0;
      while (j < fmt.size() && fmt[j] == ':' && colons < 3) {
        ++colons;
        ++j;
      }
      bool ext_e = false;
      if (colons == 0 && j + 1 < fmt.size() && fmt[j] == 'E' && fmt[j + 1] == 'z') {
        ext_e = true;
        ++j;
      }
      int width = 0;
      while (colons == 0 && j < fmt.size() && fmt[j] >= '0' && fmt[j] <= '9' && width < 100) {
        width = width * 10 + (fmt[j] - '0');
        ++j;
      }
      if (j >= fmt.size()) return Step::kBadFormat;
      const char conv = fmt[j];
      if (colons && conv != 'z') return Step::kBadFormat;
      if (width && conv != 'N' && conv != 'Q') return Step::kBadFormat;
      Step st = conversion(conv, width, ext_e);
      if (st != Step::kOk) return st;
      i = j;
    }
    return Step::kOk;
  }

  const Fields& fields() const { return f_; }
  std::string_view rest() const { return in_.substr(pos_); }

 private:
  void skip_space() {
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
  }

  // Up to max_digits decimal digits (after optional spaces); false if none.
  bool number(int max_digits, int64_t& out) {
    while (pos_ < in_.size() && in_[pos_] == ' ') ++pos_;
    int n = 0;
    int64_t v = 0;
    while (n < max_digits && pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') {
      v = v * 10 + (in_[pos_] - '0');
      ++pos_;
      ++n;
    }
    out = v;
    return n > 0;
  }

  Step ranged(std::optional<int64_t>& slot, int max_digits, int64_t lo, int64_t hi) {
    const size_t save = pos_;
    int64_t v;
    if (!number(max_digits, v) || v < lo || v > hi) {
      pos_ = save;
      return Step::kMismatch;
    }
    slot = v;
    return Step::kOk;
  }

  // Case-insensitive match of one of `names` (full name first, then its
  // 3-letter abbreviation); returns the index or -1.
  template <size_t N>
  int name(const std::array<const char*, N>& names) {
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t k = 0; k < N; ++k) {
        size_t len = pass == 0 ? std::strlen(names[k]) : 3;
        if (pos_ + len > in_.size()) continue;
        bool ok = true;
        for (size_t m = 0; m < len && ok; ++m) ok = lower(in_[pos_ + m]) == lower(names[k][m]);
        if (ok) {
          pos_ += len;
          return static_cast<int>(k);
        }
      }
    }
    return -1;
  }

  // Up to `digits` digits are read; the first six are kept, the rest
  // truncated (microsecond resolution: .999999999 stays in its second).
  Step subseconds(int digits) {
    int n = 0;
    int64_t micros = 0;
    while (n < digits && pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') {
      if (n < 6) micros = micros * 10 + (in_[pos_] - '0');
      ++pos_;
      ++n;
    }
    if (n == 0) return Step::kMismatch;
    for (int k = n; k < 6; ++k) micros *= 10;
    f_.micros = micros;
    return Step::kOk;
  }

  // [+-]hh[:]mm[:ss], [+-]hh, or Z.
  Step offset() {
    if (pos_ < in_.size() && (in_[pos_] == 'Z' || in_[pos_] == 'z')) {
      ++pos_;
      f_.tz = 0;
      return Step::kOk;
    }
    if (pos_ >= in_.size() || (in_[pos_] != '+' && in_[pos_] != '-')) return Step::kMismatch;
    const int sign = in_[pos_] == '-' ? -1 : 1;
    const size_t save = pos_++;
    auto two = [&](int& v) {
      if (pos_ + 2 > in_.size() || !(in_[pos_] >= '0' && in_[pos_] <= '9') ||
          !(in_[pos_ + 1] >= '0' && in_[pos_ + 1] <= '9')) {
        return false;
      }
      v = (in_[pos_] - '0') * 10 + (in_[pos_ + 1] - '0');
      pos_ += 2;
      return true;
    };
    int h = 0, m = 0, s = 0;
    if (!two(h)) {
      pos_ = save;
      return Step::kMismatch;
    }
    size_t before = pos_;
    if (pos_ < in_.size() && in_[pos_] == ':') ++pos_;
    if (!two(m)) {
      pos_ = before;
    } else {
      before = pos_;
      if (pos_ < in_.size() && in_[pos_] == ':') {
        ++pos_;
        if (!two(s)) pos_ = before;
      }
    }
    if (h > 23 || m > 59 || s > 59) {
      pos_ = save;
      return Step::kMismatch;
    }
    f_.tz = sign * (h * 3600 + m * 60 + s);
    return Step::kOk;
  }

  // Zone abbreviation: UTC/GMT/UT/Z and the US zones have known offsets;
  // other names are consumed and ignored (no tz database).
  Step zone_name() {
    size_t b = pos_;
    while (pos_ < in_.size() && ((in_[pos_] >= 'A' && in_[pos_] <= 'Z') || (in_[pos_] >= 'a' && in_[pos_] <= 'z'))) {
      ++pos_;
    }
    if (pos_ == b) return Step::kMismatch;
    std::string z(in_.substr(b, pos_ - b));
    for (char& c : z) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    static constexpr std::pair<const char*, int> kZones[] = {
        {"UTC", 0},         {"GMT", 0},         {"UT", 0},          {"Z", 0},           {"EST", -5 * 3600},
        {"EDT", -4 * 3600}, {"CST", -6 * 3600}, {"CDT", -5 * 3600}, {"MST", -7 * 3600}, {"MDT", -6 * 3600},
        {"PST", -8 * 3600}, {"PDT", -7 * 3600}};
    for (const auto& [n, off] : kZones) {
      if (z == n) f_.tz = off;
    }
    return Step::kOk;
  }

  Step conversion(char conv, int width, bool ext_e) {
    int64_t ignored = 0;
    switch (conv) {
      case 'Y': return ranged(f_.year, 4, 0, 9999);
      case 'y': return ranged(f_.year2, 2, 0, 99);
      case 'C': return ranged(f_.century, 2, 0, 99);
      case 'm': return ranged(f_.month, 2, 1, 12);
      case 'd':
      case 'e': return ranged(f_.day, 2, 1, 31);
      case 'j': return ranged(f_.yday, 3, 1, 366);
      case 'H':
      case 'k': return ranged(f_.hour, 2, 0, 23);
      case 'I':
      case 'l': return ranged(f_.hour12, 2, 1, 12);
      case 'M': return ranged(f_.minute, 2, 0, 59);
      case 'S': return ranged(f_.second, 2, 0, 61);
      case 'N': return subseconds(width ? std::min(width, 9) : policy::kSubsecondDefaultDigitsN);
      case 'Q': return subseconds(width ? std::min(width, 9) : policy::kSubsecondDefaultDigitsQ);
      case 'f': return subseconds(6);
      case 's': {
        const size_t save = pos_;
        bool neg = pos_ < in_.size() && in_[pos_] == '-';
        if (neg) ++pos_;
        int64_t v;
        if (!number(12, v)) {
          pos_ = save;
          return Step::kMismatch;
        }
        f_.epoch = neg ? -v : v;
        return Step::kOk;
      }
      case 'p': {
        if (pos_ + 2 <= in_.size() && (lower(in_[pos_]) == 'a' || lower(in_[pos_]) == 'p') &&
            lower(in_[pos_ + 1]) == 'm') {
          f_.pm = lower(in_[pos_]) == 'p';
          f_.have_ampm = true;
          pos_ += 2;
          return Step::kOk;
        }
        return Step::kMismatch;
      }
      case 'b':
      case 'B':
      case 'h': {
        int k = name(kMonths);
        if (k < 0) return Step::kMismatch;
        f_.month = k + 1;
        return Step::kOk;
      }
      case 'a':
      case 'A': return name(kDays) < 0 ? Step::kMismatch : Step::kOk;
      case 'z':
        if (ext_e) {
          const size_t save = pos_;
          int sign = 1;
          if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) sign = in_[pos_++] == '-' ? -1 : 1;
          int64_t mins;
          if (!number(4, mins)) {
            pos_ = save;
            return Step::kMismatch;
          }
          f_.tz = static_cast<int>(sign * mins * 60);
          return Step::kOk;
        }
        return offset();
      case 'Z': return zone_name();
      case 'U':
      case 'W':
      case 'V': return number(2, ignored) ? Step::kOk : Step::kMismatch;
      case 'u':
      case 'w': return number(1, ignored) ? Step::kOk : Step::kMismatch;
      case 'G': return number(4, ignored) ? Step::kOk : Step::kMismatch;
      case 'g': return number(2, ignored) ? Step::kOk : Step::kMismatch;
      case 'n':
      case 't': skip_space(); return Step::kOk;
      case '%':
        if (pos_ < in_.size() && in_[pos_] == '%') {
          ++pos_;
          return Step::kOk;
        }
        return Step::kMismatch;
      case 'T': return run("%H:%M:%S");
      case 'F': return run("%Y-%m-%d");
      case 'D':
      case 'x': return run("%m/%d/%y");
      case 'R': return run("%H:%M");
      case 'r': return run("%I:%M:%S %p");
      case 'X': return run("%H:%M:%S");
      case 'c': return run("%a %b %e %H:%M:%S %Y");
      case '+': return run("%a %b %e %H:%M:%S %Z %Y");
      default: return Step::kBadFormat;
    }
  }

  std::string_view in_;
  size_t pos_ = 0;
  Fields f_;
};

}  // namespace

// Whole seconds plus microseconds as one division, so the double is the one
// nearest the decimal time (-1 + 0.999999 would land below -0.000001).
static double with_micros(int64_t seconds, int64_t micros) {
  if (seconds > 1000000000000 || seconds < -1000000000000)  // no exact micros there anyway
    return static_cast<double>(seconds) + static_cast<double>(micros) / 1e6;
  return static_cast<double>(seconds * 1000000 + micros) / 1e6;
}

std::optional<double> parse_time(std::string_view text, std::string_view format, const ParseTimeOptions& opt) {
  TimeParser p(text);
  const Step st = p.run(format);
  if (st == Step::kBadFormat) return std::nullopt;
  if (st == Step::kMismatch && !opt.stop_at_mismatch) return std::nullopt;
  if (st == Step::kOk && !opt.accept_trailing_text) {
    for (char c : p.rest()) {
      if (!is_space(c)) return std::nullopt;
    }
  }
  const Fields& f = p.fields();
  if (f.epoch) return with_micros(*f.epoch, f.micros);
  if (!f.day && !f.yday && opt.require_day) return std::nullopt;

  int64_t year;
  if (f.year) {
    year = *f.year;
  } else if (f.year2) {
    year = f.century ? *f.century * 100 + *f.year2 : (*f.year2 < 69 ? 2000 + *f.year2 : 1900 + *f.year2);
  } else if (f.century) {
    year = *f.century * 100;
  } else if (policy::kStrptimeDefaultYearFromNow && std::isfinite(opt.now)) {
    year = civil_from_seconds(static_cast<int64_t>(std::floor(opt.now)) + opt.tz_offset_seconds).year;
  } else {
    year = 1970;
  }
  int64_t days;
  if (f.day || !f.yday) {
    days = days_from_civil(year, static_cast<int>(f.month.value_or(1)), static_cast<int>(f.day.value_or(1)));
  } else {
    days = days_from_civil(year, 1, 1) + *f.yday - 1;
  }
  int64_t hour = f.hour.value_or(0);
  if (f.hour12) hour = *f.hour12 % 12 + (f.pm ? 12 : 0);
  const int64_t local = days * 86400 + hour * 3600 + f.minute.value_or(0) * 60 + f.second.value_or(0);
  const int tz = f.tz ? *f.tz : opt.tz_offset_seconds;
  return with_micros(local - tz, f.micros);
}

}  // namespace rulejit::rt
