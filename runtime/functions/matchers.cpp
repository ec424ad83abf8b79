#include "runtime/functions/matchers.h"

#include <array>
#include <cstring>

#include "runtime/functions/utf8.h"

namespace rulejit::rt {

namespace {

constexpr std::array<unsigned char, 256> make_fold() {
  std::array<unsigned char, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + 32 : i);
  return t;
}
constexpr std::array<unsigned char, 256> kFold = make_fold();

inline unsigned char fold(char c) { return kFold[static_cast<unsigned char>(c)]; }

// s[0..n) equals the pre-folded `lit` ignoring ASCII case.
inline bool eq_folded(const char* s, const char* lit, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (fold(s[i]) != static_cast<unsigned char>(lit[i])) return false;
  }
  return true;
}

inline bool eq_bytes(const char* s, const char* lit, size_t n, bool cs) {
  return cs ? std::memcmp(s, lit, n) == 0 : eq_folded(s, lit, n);
}

// First occurrence of the (pre-folded when !cs) literal in s[from..to).
size_t find_lit(const char* s, size_t from, size_t to, const std::string& lit, bool cs) {
  const size_t m = lit.size();
  if (m == 0) return from;
  if (to < from || to - from < m) return std::string_view::npos;
  const size_t last = to - m;
  if (cs) {
    const void* p = memmem(s + from, to - from, lit.data(), m);
    return p ? static_cast<size_t>(static_cast<const char*>(p) - s) : std::string_view::npos;
  }
  // Case-insensitive: jump with memchr to an "anchor" byte that has a single
  // form (the first non-letter of the literal), then compare the rest.
  size_t k = 0;
  while (k < m && lit[k] >= 'a' && lit[k] <= 'z') ++k;
  if (k < m) {
    const char anchor = lit[k];
    const char* p = s + from + k;
    const char* end = s + last + k + 1;
    while (p < end) {
      p = static_cast<const char*>(std::memchr(p, anchor, static_cast<size_t>(end - p)));
      if (!p) return std::string_view::npos;
      const char* start = p - k;
      if (eq_folded(start, lit.data(), m)) return static_cast<size_t>(start - s);
      ++p;
    }
    return std::string_view::npos;
  }
  // All letters: follow the earlier of the next lower- and upper-case
  // occurrence of the first letter.
  const char lo = lit[0], up = static_cast<char>(lit[0] - 32);
  const char* end = s + last + 1;
  const char* pos = s + from;
  const char* nl = static_cast<const char*>(std::memchr(pos, lo, static_cast<size_t>(end - pos)));
  const char* nu = static_cast<const char*>(std::memchr(pos, up, static_cast<size_t>(end - pos)));
  while (nl || nu) {
    const char* c = !nl ? nu : !nu ? nl : (nl < nu ? nl : nu);
    if (eq_folded(c + 1, lit.data() + 1, m - 1)) return static_cast<size_t>(c - s);
    const char* next = c + 1;
    if (c == nl) nl = next < end ? static_cast<const char*>(std::memchr(next, lo, static_cast<size_t>(end - next))) : nullptr;
    if (c == nu) nu = next < end ? static_cast<const char*>(std::memchr(next, up, static_cast<size_t>(end - next))) : nullptr;
  }
  return std::string_view::npos;
}

}  // namespace

bool eq_ci(const char* a, size_t an, const char* b, size_t bn) noexcept {
  if (an != bn) return false;
  for (size_t i = 0; i < an; ++i) {
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

size_t find_ci(std::string_view hay, std::string_view needle) noexcept {
  std::string lit(needle.size(), '\0');
  for (size_t i = 0; i < needle.size(); ++i) lit[i] = static_cast<char>(fold(needle[i]));
  return find_lit(hay.data(), 0, hay.size(), lit, false);
}

std::string fold_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(fold(c));
  return out;
}

// ---- GlobPattern -----------------------------------------------------------

GlobPattern::GlobPattern(std::string_view pattern, bool case_sensitive)
    : pattern_(pattern), case_sensitive_(case_sensitive) {
  std::string folded = case_sensitive ? std::string(pattern) : fold_ascii(pattern);
  anchored_start_ = folded.empty() || folded.front() != '*';
  anchored_end_ = folded.empty() || folded.back() != '*';
  size_t i = 0;
  while (i <= folded.size()) {
    size_t j = folded.find('*', i);
    if (j == std::string::npos) j = folded.size();
    if (j > i) segments_.push_back(folded.substr(i, j - i));
    i = j + 1;
  }
  for (const auto& s : segments_) min_length_ += s.size();
  const bool has_star = folded.find('*') != std::string::npos;
  if (!has_star) {
    kind_ = Kind::kExact;
    if (segments_.empty()) segments_.emplace_back();  // "" matches only ""
  } else if (segments_.empty()) {
    kind_ = Kind::kAny;
  } else if (segments_.size() == 1 && anchored_start_) {
    kind_ = Kind::kPrefix;
  } else if (segments_.size() == 1 && anchored_end_) {
    kind_ = Kind::kSuffix;
  } else if (segments_.size() == 1) {
    kind_ = Kind::kContains;
  } else {
    kind_ = Kind::kGeneral;
  }
}

bool GlobPattern::match(const char* s, size_t n) const noexcept {
  switch (kind_) {
    case Kind::kAny:
      return true;
    case Kind::kExact: {
      const std::string& lit = segments_.front();
      return n == lit.size() && eq_bytes(s, lit.data(), n, case_sensitive_);
    }
    case Kind::kPrefix: {
      const std::string& lit = segments_.front();
      return n >= lit.size() && eq_bytes(s, lit.data(), lit.size(), case_sensitive_);
    }
    case Kind::kSuffix: {
      const std::string& lit = segments_.front();
      return n >= lit.size() && eq_bytes(s + (n - lit.size()), lit.data(), lit.size(), case_sensitive_);
    }
    case Kind::kContains:
      return find_lit(s, 0, n, segments_.front(), case_sensitive_) != std::string_view::npos;
    case Kind::kGeneral:
      return general_match(s, n);
  }
  return false;
}

bool GlobPattern::general_match(const char* s, size_t n) const noexcept {
  if (n < min_length_) return false;
  size_t first = 0, last = segments_.size();
  size_t pos = 0, end = n;
  if (anchored_start_) {
    const std::string& lit = segments_.front();
    if (!eq_bytes(s, lit.data(), lit.size(), case_sensitive_)) return false;
    pos = lit.size();
    ++first;
  }
  if (anchored_end_) {
    const std::string& lit = segments_.back();
    if (n - pos < lit.size()) return false;
    if (!eq_bytes(s + (n - lit.size()), lit.data(), lit.size(), case_sensitive_)) return false;
    end = n - lit.size();
    --last;
  }
  // Middle segments: the leftmost occurrence of each is always the best
  // choice when `*` is the only wildcard, so no backtracking is needed.
  for (size_t k = first; k < last; ++k) {
    size_t at = find_lit(s, pos, end, segments_[k], case_sensitive_);
    if (at == std::string_view::npos) return false;
    pos = at + segments_[k].size();
  }
  return true;
}

bool glob_match_ci(std::string_view pattern, std::string_view s) { return GlobPattern(pattern).match(s); }

// ---- LikePattern -----------------------------------------------------------

LikePattern::LikePattern(std::string_view pattern, bool case_sensitive)
    : pattern_(pattern), case_sensitive_(case_sensitive) {
  anchored_start_ = pattern.empty() || pattern.front() != '%';
  anchored_end_ = pattern.empty() || pattern.back() != '%';
  Segment cur;
  bool in_segment = false;
  auto flush = [&] {
    if (in_segment) segments_.push_back(std::move(cur));
    cur = Segment();
    in_segment = false;
  };
  for (char c : pattern) {
    if (c == '%') {
      flush();
      continue;
    }
    in_segment = true;
    cur.text += case_sensitive ? c : static_cast<char>(fold(c));
    cur.any.push_back(c == '_');
    cur.has_wildcard = cur.has_wildcard || c == '_';
  }
  flush();
  if (segments_.empty() && anchored_start_) segments_.emplace_back();  // "" matches only ""
}

size_t LikePattern::match_at(const Segment& seg, const char* s, size_t n, size_t pos) const noexcept {
  const std::string_view sv(s, n);
  for (size_t k = 0; k < seg.text.size(); ++k) {
    if (pos >= n) return std::string_view::npos;
    if (seg.any[k]) {
      pos += utf8::char_length(sv, pos);
      continue;
    }
    unsigned char c = case_sensitive_ ? static_cast<unsigned char>(s[pos]) : fold(s[pos]);
    if (c != static_cast<unsigned char>(seg.text[k])) return std::string_view::npos;
    ++pos;
  }
  return pos;
}

bool LikePattern::match(const char* s, size_t n) const noexcept {
  if (segments_.empty()) return true;  // only '%'s
  const std::string_view sv(s, n);
  size_t first = 0, last = segments_.size();
  size_t pos = 0;
  if (anchored_start_) {
    size_t e = match_at(segments_.front(), s, n, 0);
    if (e == std::string_view::npos) return false;
    if (segments_.size() == 1 && anchored_end_) return e == n;
    pos = e;
    ++first;
  }
  if (anchored_end_) --last;
  for (size_t k = first; k < last; ++k) {
    const Segment& seg = segments_[k];
    size_t found = std::string_view::npos;
    if (!seg.has_wildcard) {
      found = find_lit(s, pos, n, seg.text, case_sensitive_);
      if (found == std::string_view::npos) return false;
      pos = found + seg.text.size();
      continue;
    }
    // Leftmost start (at a character boundary) where the segment matches.
    for (size_t p = pos; p < n; p += utf8::char_length(sv, p)) {
      size_t e = match_at(seg, s, n, p);
      if (e != std::string_view::npos) {
        found = e;
        break;
      }
    }
    if (found == std::string_view::npos) return false;
    pos = found;
  }
  if (anchored_end_) {
    const Segment& seg = segments_.back();
    // The last segment must end exactly at n: try each start from pos.
    for (size_t p = pos; p <= n; p += (p < n ? utf8::char_length(sv, p) : 1)) {
      if (match_at(seg, s, n, p) == n) return true;
      if (p == n) break;
    }
    return false;
  }
  return true;
}

bool like_match(std::string_view pattern, std::string_view s, bool case_sensitive) {
  return LikePattern(pattern, case_sensitive).match(s);
}

}  // namespace rulejit::rt
