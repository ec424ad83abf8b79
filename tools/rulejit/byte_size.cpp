#include "tools/rulejit/byte_size.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace rulejit::cli {

std::optional<size_t> parse_byte_size(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  const std::string number = text.substr(0, i);
  char* end = nullptr;
  const double amount = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(amount)) return std::nullopt;
  std::string unit;
  for (size_t k = i; k < text.size(); ++k) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
  if (unit.size() > 1 && (unit.ends_with("ib") || unit.ends_with("b"))) unit.resize(unit.size() - (unit.ends_with("ib") ? 2 : 1));
  double scale = 1;
  if (unit == "" || unit == "b") scale = 1;
  else if (unit == "k") scale = 1024.0;
  else if (unit == "m") scale = 1024.0 * 1024;
  else if (unit == "g") scale = 1024.0 * 1024 * 1024;
  else if (unit == "t") scale = 1024.0 * 1024 * 1024 * 1024;
  else return std::nullopt;
  const double bytes = std::floor(amount * scale);
  if (bytes >= 18446744073709551615.0) return std::nullopt;
  return static_cast<size_t>(bytes);
}

std::string format_byte_size(size_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double b = static_cast<double>(bytes);
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  if (u == 0 || b == std::floor(b)) return fmt::format("{:.0f} {}", b, units[u]);
  return fmt::format("{:.1f} {}", b, units[u]);
}

}  // namespace rulejit::cli
