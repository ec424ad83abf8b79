#include "runtime/events/json_scan.h"

#include <algorithm>
#include <cstdint>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rulejit::rt {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Number of '{' and '[' bytes (an upper bound of the nesting depth). Runs on
// every line, so it is vectorised by hand (AVX2 when the CPU has it, else
// SSE2): popcount is a libgcc call without -mpopcnt, so matches are summed
// bytewise instead. '[' (0x5B) and '{' (0x7B) are the only bytes with
// b | 0x20 == 0x7B.
size_t count_openers_tail(const char* p, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) n += (p[i] | 0x20) == 0x7B;
  return n;
}

#if defined(__x86_64__)
size_t count_openers_sse2(const char* p, size_t len) {
  size_t n = 0;
  const __m128i lower = _mm_set1_epi8(0x20);
  const __m128i brace = _mm_set1_epi8(0x7B);
  while (len >= 16) {
    // Up to 255 blocks per byte-wise accumulator before it could overflow.
    size_t blocks = std::min<size_t>(len / 16, 255);
    __m128i acc = _mm_setzero_si128();
    for (size_t b = 0; b < blocks; ++b, p += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_or_si128(v, lower), brace));  // +1 per match
    }
    const __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    n += static_cast<size_t>(_mm_cvtsi128_si64(sums)) +
         static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    len -= blocks * 16;
  }
  return n + count_openers_tail(p, len);
}

__attribute__((target("avx2"))) size_t count_openers_avx2(const char* p, size_t len) {
  size_t n = 0;
  const __m256i lower = _mm256_set1_epi8(0x20);
  const __m256i brace = _mm256_set1_epi8(0x7B);
  while (len >= 32) {
    size_t blocks = std::min<size_t>(len / 32, 255);
    __m256i acc = _mm256_setzero_si256();
    for (size_t b = 0; b < blocks; ++b, p += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
      acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_or_si256(v, lower), brace));
    }
    const __m256i sums = _mm256_sad_epu8(acc, _mm256_setzero_si256());
    n += static_cast<size_t>(_mm256_extract_epi64(sums, 0)) + static_cast<size_t>(_mm256_extract_epi64(sums, 1)) +
         static_cast<size_t>(_mm256_extract_epi64(sums, 2)) + static_cast<size_t>(_mm256_extract_epi64(sums, 3));
    len -= blocks * 32;
  }
  return n + count_openers_tail(p, len);
}
#endif

size_t count_openers(std::string_view text) {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? count_openers_avx2(text.data(), text.size()) : count_openers_sse2(text.data(), text.size());
#else
  return count_openers_tail(text.data(), text.size());
#endif
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
