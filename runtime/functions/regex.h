// Regex: a compiled PCRE2 pattern with bounded matching, shared by match(),
// replace(), mvfind(), the `regex` and `rex` commands and JIT code.
//
// Contract:
//  - compile() never throws: it returns nullptr and an error message
//    ("missing closing parenthesis at offset 3") for an invalid pattern.
//  - Patterns are compiled in UTF mode with PCRE2_MATCH_INVALID_UTF, so any
//    byte string is a valid subject; JIT-compiled when PCRE2 supports it.
//  - Matching is unanchored (spl-semantics.md §2.6) and bounded by the
//    match/depth/heap limits (policy.h, Splunk's limits.conf defaults). A
//    match that hits a limit reports Status::kLimit; it is never a silent
//    "no match".
//  - A compiled Regex is immutable and may be used from many threads at once:
//    match data, the match context and the JIT stack live in per-thread
//    scratch space. Measured on this machine (short subjects, JIT pattern):
//    ~25 ns per search with the reused scratch vs 32-50 ns when match data
//    is allocated per call.
//  - compile() of a pattern and options that a live Regex was compiled from
//    returns that Regex (a process-wide cache of weak references, and the
//    last 256 compiled kept alive), so engines made one after another share
//    their compiled patterns.
//  - Offsets are byte offsets into the subject.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/functions/policy.h"

namespace rulejit::rt {

struct RegexLimits {
  uint32_t match_limit = policy::kRegexMatchLimit;
  uint32_t depth_limit = policy::kRegexDepthLimit;
  uint32_t heap_limit_kib = policy::kRegexHeapLimitKiB;
};

struct RegexOptions {
  bool caseless = false;   // as if the pattern started with (?i)
  bool jit = true;         // use PCRE2 JIT when available
  bool prefilter = policy::kRegexHyperscanPrefilter;  // Hyperscan before PCRE2 (policy.h)
  RegexLimits limits{};
};

// One capture group's position; begin == npos when the group did not take part.
struct RegexSpan {
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t begin = npos;
  size_t end = npos;
  bool matched() const { return begin != npos; }
};

struct NamedGroup {
  std::string name;
  uint32_t number = 0;
};

// A parsed replacement template: literal text and \N back-references.
// `\1`..`\99` refer to groups (the longest number that names an existing
// group; `\0` is the whole match), `\\` is one backslash, and a backslash
// before anything else is kept as is. Unset or missing groups insert "".
class ReplaceTemplate {
 public:
  explicit ReplaceTemplate(std::string_view text, uint32_t capture_count);
  void append_to(std::string& out, std::string_view subject, const std::vector<RegexSpan>& groups) const;

 private:
  struct Piece {
    std::string literal;
    int group = -1;  // >= 0: insert this group
  };
  std::vector<Piece> pieces_;
};

class Regex {
 public:
  enum class Status : uint8_t { kMatch, kNoMatch, kLimit, kError };

  static std::shared_ptr<const Regex> compile(std::string_view pattern, std::string* error,
                                              const RegexOptions& options = {});
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  std::string_view pattern() const { return pattern_; }
  uint32_t capture_count() const { return capture_count_; }
  bool jit_compiled() const { return jit_; }
  // Whether a Hyperscan prefilter was built for the pattern (policy.h).
  bool has_prefilter() const { return prefilter_ != nullptr; }
  // Named groups in group-number order.
  const std::vector<NamedGroup>& named_groups() const { return named_; }

  // Unanchored search: does the pattern occur in `subject`?
  Status search(std::string_view subject) const;

  // First match starting at or after byte `offset`. On kMatch, `groups` has
  // capture_count()+1 entries (group 0 = whole match).
  Status find(std::string_view subject, size_t offset, std::vector<RegexSpan>& groups) const;

  // Calls `on_match(groups)` for successive non-overlapping matches, at most
  // `max_matches` times (0 = unlimited); an empty match advances one
  // character. Returns kMatch if there was at least one match.
  Status for_each_match(std::string_view subject, size_t max_matches,
                        const std::function<void(const std::vector<RegexSpan>&)>& on_match) const;

  // Replaces the `occurrence`-th match (1-based), or every match when
  // occurrence == 0, writing the result to `out`.
  Status replace(std::string_view subject, const ReplaceTemplate& tmpl, size_t occurrence,
                 std::string& out) const;
  Status replace_all(std::string_view subject, std::string_view replacement, std::string& out) const;

 private:
  Regex() = default;
  static std::shared_ptr<const Regex> build(std::string_view pattern, std::string* error, const RegexOptions& options);
  // True when the prefilter proves that `subject` holds no match.
  bool ruled_out(std::string_view subject) const;
  struct Code;
  struct Prefilter;
  Prefilter* prefilter_ = nullptr;  // hs_database_t, kept opaque like Code
  std::string pattern_;
  Code* code_ = nullptr;  // pcre2_code_8, kept opaque so PCRE2's header stays here
  uint32_t capture_count_ = 0;
  bool jit_ = false;
  RegexLimits limits_{};
  std::vector<NamedGroup> named_;
};

// `rex mode=sed` expressions: "s/regex/replacement/flags" (flags: g, a
// number N = only the Nth match, i = caseless) and "y/abc/xyz/"
// (transliterate code points; both sides must have the same length). The
// delimiter is the character after s/y. In the replacement, `\N` is a group
// (ReplaceTemplate) and `\<delim>` is the delimiter itself.
class SedExpr {
 public:
  // Returns nullptr and sets *error when `expr` is not a valid sed expression.
  static std::unique_ptr<SedExpr> parse(std::string_view expr, std::string* error);
  // Applies the expression; kLimit when the regex hit its match limit.
  Regex::Status apply(std::string_view subject, std::string& out) const;

 private:
  SedExpr() = default;
  bool transliterate_ = false;
  std::shared_ptr<const Regex> regex_;
  std::unique_ptr<ReplaceTemplate> tmpl_;
  size_t occurrence_ = 1;  // 0 = global
  std::vector<std::pair<uint32_t, std::string>> ymap_;  // code point -> replacement bytes
};

}  // namespace rulejit::rt
