#include "runtime/events/json_scan.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace rulejit::rt {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Number of '{' and '[' bytes (an upper bound of the nesting depth).
size_t count_openers(std::string_view text) {
  // '[' (0x5B) and '{' (0x7B) are the only bytes with b | 0x20 == 0x7B.
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  size_t n = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const uint64_t y = (w | (0x20 * kOnes)) ^ (0x7B * kOnes);
    // Exact per-byte zero test: high bit set where the byte of y is 0.
    const uint64_t zero = ~(((y & kLow7) + kLow7) | y | kLow7);
    n += static_cast<size_t>(__builtin_popcountll(zero));
  }
  for (; i < text.size(); ++i) n += (text[i] | 0x20) == 0x7B;
  return n;
}

}  // namespace

bool nesting_exceeds(std::string_view text, size_t limit) {
  if (count_openers(text) <= limit) return false;
  size_t depth = 0;
  bool in_string = false;
  bool escape = false;
  for (char c : text) {
    if (in_string) {
      if (escape) escape = false;
      else if (c == '\\') escape = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return true;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return false;
}

ErrorKind classify_failure(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i == text.size()) return ErrorKind::MalformedJson;
  const char first = text[i];
  if (first != '{') {
    const bool value_start = first == '[' || first == '"' || first == '-' ||
                             (first >= '0' && first <= '9') || first == 't' || first == 'f' ||
                             first == 'n';
    return value_start ? ErrorKind::NotAnObject : ErrorKind::MalformedJson;
  }
  std::string stack;  // error path only: an allocation is fine here
  bool in_string = false;
  bool escape = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escape) escape = false;
      else if (c == '\\') escape = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      stack.push_back(c);
    } else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != (c == '}' ? '{' : '[')) return ErrorKind::MalformedJson;
      stack.pop_back();
      if (stack.empty()) break;
    }
  }
  if (i >= text.size()) return ErrorKind::Truncated;  // never closed
  for (++i; i < text.size(); ++i) {
    if (!is_space(text[i])) return ErrorKind::TrailingContent;
  }
  return ErrorKind::MalformedJson;
}

bool is_json_number(std::string_view t) {
  size_t i = 0;
  const size_t n = t.size();
  auto digit = [&](size_t k) { return k < n && t[k] >= '0' && t[k] <= '9'; };
  if (i < n && t[i] == '-') ++i;
  if (!digit(i)) return false;
  if (t[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < n && t[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

}  // namespace rulejit::rt
