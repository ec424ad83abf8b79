// Matchers: the hot string tests of search and eval, shared by the
// interpreter and JIT code (c_api.h wraps them as plain C functions).
//
// Contract:
//  - Everything here works on (pointer, length) byte strings, never
//    allocates while matching, never throws, and is safe on any bytes.
//  - "Case-insensitive" means ASCII case folding (A-Z/a-z); other bytes
//    compare exactly. Splunk's search-time value matching is documented as
//    case-insensitive without saying more; ASCII covers field values in the
//    corpus (spl-semantics.md §1.2).
//  - GlobPattern implements search-language wildcards (§1.3): only `*` is
//    special (zero or more bytes), `?` and `\` are literal, the whole value
//    must match. It is classified once at construction so the common shapes
//    (exact, prefix*, *suffix, *contains*, *) take a direct path.
//  - LikePattern implements like()/LIKE (§2.7): `%` = any run of characters,
//    `_` = exactly one character (a UTF-8 code point), whole-string match,
//    case-sensitive by default (policy::kLikeCaseSensitive), no escape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/functions/policy.h"

namespace rulejit::rt {

// ASCII case-insensitive equality.
bool eq_ci(const char* a, size_t an, const char* b, size_t bn) noexcept;
inline bool eq_ci(std::string_view a, std::string_view b) noexcept { return eq_ci(a.data(), a.size(), b.data(), b.size()); }

// Byte offset of the first ASCII-case-insensitive occurrence of `needle` in
// `hay`, or npos. An empty needle is found at 0.
size_t find_ci(std::string_view hay, std::string_view needle) noexcept;

// ASCII lower-casing of a whole string (used to pre-fold literals).
std::string fold_ascii(std::string_view s);

class GlobPattern {
 public:
  enum class Kind : uint8_t {
    kExact,     // "abc"
    kPrefix,    // "abc*"
    kSuffix,    // "*abc"
    kContains,  // "*abc*"
    kAny,       // "*" (any value, including "")
    kGeneral,   // anything else, e.g. "a*b*c", "*a*b*"
  };

  explicit GlobPattern(std::string_view pattern, bool case_sensitive = false);

  Kind kind() const { return kind_; }
  bool case_sensitive() const { return case_sensitive_; }
  // For kExact/kPrefix/kSuffix/kContains: the literal (folded when
  // case-insensitive). Empty for kAny/kGeneral.
  std::string_view literal() const { return kind_ == Kind::kGeneral || kind_ == Kind::kAny ? std::string_view() : std::string_view(segments_.front()); }
  const std::string& pattern() const { return pattern_; }

  bool match(const char* s, size_t n) const noexcept;
  bool match(std::string_view s) const noexcept { return match(s.data(), s.size()); }

 private:
  bool general_match(const char* s, size_t n) const noexcept;

  std::string pattern_;
  Kind kind_ = Kind::kExact;
  bool case_sensitive_ = false;
  bool anchored_start_ = true;  // pattern does not start with '*'
  bool anchored_end_ = true;    // pattern does not end with '*'
  std::vector<std::string> segments_;  // non-empty literal runs between '*'
  size_t min_length_ = 0;
};

// One-shot glob match without pre-compiling (case-insensitive).
bool glob_match_ci(std::string_view pattern, std::string_view s);

class LikePattern {
 public:
  explicit LikePattern(std::string_view pattern, bool case_sensitive = policy::kLikeCaseSensitive);

  bool match(const char* s, size_t n) const noexcept;
  bool match(std::string_view s) const noexcept { return match(s.data(), s.size()); }
  const std::string& pattern() const { return pattern_; }

 private:
  // A segment: literal bytes with '_' positions (one character each).
  struct Segment {
    std::string text;             // folded when case-insensitive; '_' kept
    std::vector<bool> any;        // any[i]: text[i] is the '_' wildcard
    bool has_wildcard = false;
  };
  // End offset when `seg` matches at `pos`, or npos.
  size_t match_at(const Segment& seg, const char* s, size_t n, size_t pos) const noexcept;

  std::string pattern_;
  bool case_sensitive_ = true;
  bool anchored_start_ = true;
  bool anchored_end_ = true;
  std::vector<Segment> segments_;
};

bool like_match(std::string_view pattern, std::string_view s, bool case_sensitive = policy::kLikeCaseSensitive);

}  // namespace rulejit::rt
