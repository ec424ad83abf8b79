// Conversion and informational functions (spl-semantics.md §2.3, §2.8):
// tostring, tonumber, typeof, isnum, isint, isstr, isbool.
//
// Field values are text; one that parses as a number IS a number for typeof,
// isnum, isint and isstr (§2.3: "field values that look numeric are used as
// numbers"). rt::Value does not record whether a String came from a literal,
// so the compiler should fold these functions over string literals itself
// (isnum("12") on a literal is false in Splunk).
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/math.h"

namespace rulejit::rt {

namespace {

std::string with_commas(double x) {
  const bool integral = x == std::floor(x);
  std::string s = integral ? fmt::format("{:.0f}", std::fabs(x)) : fmt::format("{:.2f}", std::fabs(round_decimals(x, 2)));
  size_t dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  std::string out;
  for (size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) out += ',';
    out += int_part[i];
  }
  if (dot != std::string::npos) out += s.substr(dot);
  return (x < 0 ? "-" : "") + out;
}

// Seconds as [D+]HH:MM:SS (fraction dropped).
std::string duration(double x) {
  const bool neg = x < 0;
  auto total = static_cast<long long>(std::trunc(std::fabs(x)));
  long long days = total / 86400;
  total %= 86400;
  std::string s = fmt::format("{:02}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
  if (days) s = fmt::format("{}+{}", days, s);
  return (neg ? "-" : "") + s;
}

std::string integer_in_base(double x, int base, const char* prefix) {
  const bool neg = x < 0;
  auto v = static_cast<unsigned long long>(std::trunc(std::fabs(x)));
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789ABCDEF"[v % static_cast<unsigned>(base)]);
    v /= static_cast<unsigned>(base);
  } while (v);
  return (neg ? "-" : "") + std::string(prefix) + digits;
}

Value fn_tostring(std::span<const Value> a, FunctionContext&) {
  const Value& v = a[0];
  if (v.is_null()) return Value();
  if (a.size() == 1) {
    if (v.is_bool()) return Value::string(v.as_bool() ? "True" : "False");
    args::Text t(v, "tostring");
    return Value::string(t.view());
  }
  args::Text f(a[1], "tostring");
  if (f.null()) return Value();
  std::string format = f.str();
  for (char& c : format) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (v.is_bool()) return Value::string(v.as_bool() ? "True" : "False");
  auto x = v.to_number();
  if (format != "hex" && format != "commas" && format != "duration" && format != "binary") {
    throw EvalError("tostring: unknown format \"" + f.str() + "\" (expected hex, commas, duration or binary)");
  }
  if (!x) {  // non-numeric text is returned unchanged
    args::Text t(v, "tostring");
    return Value::string(t.view());
  }
  if (!std::isfinite(*x)) return Value::string(format_number(*x));
  const bool fits = std::fabs(*x) < 1.8e19;
  if (format == "hex") return Value::string(fits ? integer_in_base(*x, 16, "0x") : format_number(*x));
  if (format == "binary") return Value::string(fits ? integer_in_base(*x, 2, "") : format_number(*x));
  if (format == "commas") return Value::string(with_commas(*x));
  return Value::string(std::fabs(*x) < 9.2e18 ? duration(*x) : format_number(*x));
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// tonumber(s[, base]): base 10 accepts decimals and exponents; other bases
// (2..36) accept an optionally signed integer (base 16 also a 0x prefix).
// Unparsable text -> null.
Value fn_tonumber(std::span<const Value> a, FunctionContext&) {
  const Value& v = a[0];
  if (v.is_null()) return Value();
  if (v.is_bool()) args::bool_error("tonumber");
  int base = 10;
  if (a.size() > 1) {
    auto b = args::integer(a[1], "tonumber");
    if (!b) return Value();
    if (*b < 2 || *b > 36) throw EvalError("tonumber: base must be between 2 and 36, got " + std::to_string(*b));
    base = static_cast<int>(*b);
  }
  if (base == 10) {
    if (v.is_number()) return v;
    auto d = v.to_number();
    return d ? Value::number(*d) : Value();
  }
  args::Text t(v, "tonumber");
  std::string_view s = t.view();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  bool neg = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (base == 16 && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  if (s.empty()) return Value();
  double acc = 0;
  for (char c : s) {
    int d = digit_value(c);
    if (d >= base) return Value();
    acc = acc * base + d;
  }
  return Value::number(neg ? -acc : acc);
}

// The type name of one value: a numeric String counts as a Number.
const char* type_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return "Invalid";
    case Value::Kind::Bool:
      return "Bool";
    case Value::Kind::Number:
      return "Number";
    default:
      return v.to_number() ? "Number" : "String";
  }
}

Value fn_typeof(std::span<const Value> a, FunctionContext&) { return Value::string(type_name(a[0])); }

Value fn_isnum(std::span<const Value> a, FunctionContext&) {
  return Value::boolean(!a[0].is_bool() && a[0].to_number().has_value());
}

Value fn_isint(std::span<const Value> a, FunctionContext&) {
  if (a[0].is_bool()) return Value::boolean(false);
  auto d = a[0].to_number();
  return Value::boolean(d && std::isfinite(*d) && *d == std::floor(*d));
}

Value fn_isstr(std::span<const Value> a, FunctionContext&) {
  const Value& v = a[0];
  return Value::boolean((v.is_string() || v.is_multi()) && !v.to_number());
}

Value fn_isbool(std::span<const Value> a, FunctionContext&) { return Value::boolean(a[0].is_bool()); }

constexpr FunctionInfo kConversionFunctions[] = {
    {"isbool", 1, 1, fn_isbool, true},
    {"isint", 1, 1, fn_isint, true},
    {"isnum", 1, 1, fn_isnum, true},
    {"isstr", 1, 1, fn_isstr, true},
    {"tonumber", 1, 2, fn_tonumber, true},
    {"tostring", 1, 2, fn_tostring, true},
    {"typeof", 1, 1, fn_typeof, true},
};

}  // namespace

std::span<const FunctionInfo> families::conversion_functions() { return kConversionFunctions; }

}  // namespace rulejit::rt
