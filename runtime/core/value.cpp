#include "runtime/core/value.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace rulejit::rt {

Value Value::make_multi(std::vector<std::string> values) {
  if (values.empty()) return Value();
  if (values.size() == 1) return string(std::move(values[0]));
  Value v;
  v.v_ = std::move(values);
  return v;
}

size_t Value::count() const {
  switch (kind()) {
    case Kind::Null: return 0;
    case Kind::Multi: return as_multi().size();
    default: return 1;
  }
}

std::string Value::value_text(size_t i) const {
  if (kind() == Kind::Multi) return as_multi().at(i);
  return to_text();
}

std::vector<std::string> Value::texts() const {
  switch (kind()) {
    case Kind::Null: return {};
    case Kind::Multi: return as_multi();
    default: return {to_text()};
  }
}

std::optional<double> Value::to_number() const {
  switch (kind()) {
    case Kind::Number: return as_number();
    case Kind::String: return parse_number(as_string());
    case Kind::Multi: return parse_number(as_multi().front());
    default: return std::nullopt;
  }
}

std::string Value::to_text() const {
  switch (kind()) {
    case Kind::Null: return {};
    case Kind::Bool: return as_bool() ? "true" : "false";
    case Kind::Number: return format_number(as_number());
    case Kind::String: return as_string();
    case Kind::Multi: return as_multi().front();
  }
  return {};
}

std::string Value::debug() const {
  switch (kind()) {
    case Kind::Null: return "null";
    case Kind::Bool: return as_bool() ? "true" : "false";
    case Kind::Number: return format_number(as_number());
    case Kind::String: return fmt::format("\"{}\"", as_string());
    case Kind::Multi: {
      std::string out = "[";
      for (size_t i = 0; i < as_multi().size(); ++i) {
        if (i) out += ",";
        out += fmt::format("\"{}\"", as_multi()[i]);
      }
      return out + "]";
    }
  }
  return {};
}

std::optional<double> parse_number(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  if (t.front() == '+') {
    t.remove_prefix(1);
    // "+-5" is not a number; from_chars would accept the "-5" left over.
    if (!t.empty() && t.front() == '-') return std::nullopt;
  }
  if (t.empty()) return std::nullopt;
  // from_chars accepts "inf"/"nan"; SPL field text like "nan" is a string.
  char c = t.front() == '-' && t.size() > 1 ? t[1] : t.front();
  if (!((c >= '0' && c <= '9') || c == '.')) return std::nullopt;
  double d = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d, std::chars_format::general);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return d;
}

std::string format_number(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  if (d == std::floor(d) && std::fabs(d) <= 9007199254740992.0) {
    return fmt::format("{}", static_cast<long long>(d));
  }
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  (void)ec;
  return std::string(buf, p);
}

}  // namespace rulejit::rt
