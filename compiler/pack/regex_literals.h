// Necessary literals of a PCRE2 pattern, for the raw-line prefilter
// (prefilter_plan.h): a set of texts one of which every subject the pattern
// matches contains, byte for byte up to ASCII case.
//
// Contract:
//  - regex_literals() returns nullopt when it knows no such set, or when the
//    pattern uses syntax it does not model (backreferences, conditionals,
//    \Q..\E, extended mode, verbs, ...): never a set a match could miss.
//  - For an alternation every branch gives literals (the set is their
//    union); in a sequence the best single requirement is kept (a run of
//    plain characters, or a mandatory group). Literal text is printable
//    ASCII without `"`, `\` or `*`; anything else ends a run.
//  - word_start / word_end: the pattern puts `\b` right before / after the
//    literal, so in the subject the byte before / after it is not [A-Za-z0-9_]
//    (or the subject starts / ends there). PCRE2 without UCP: \w is ASCII.
//  - Matching is ASCII case-insensitive, so (?i) needs nothing, but under
//    PCRE2_UTF + caseless 'k' also matches U+212A and 's' U+017F: callers add
//    those characters' UTF-8 as alternatives (unicode_case_alternatives).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit {

struct RegexLiteral {
  std::string text;
  bool word_start = false;
  bool word_end = false;
  bool operator==(const RegexLiteral&) const = default;
};

std::optional<std::vector<RegexLiteral>> regex_literals(std::string_view pattern);

// UTF-8 of the non-ASCII characters a caseless UTF regex matches for ASCII
// letters of `texts` (KELVIN SIGN for k, LONG S for s).
std::vector<std::string> unicode_case_alternatives(const std::vector<std::string>& texts);

}  // namespace rulejit
