#include "runtime/functions/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs/hs.h>
#include <pcre2.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <cstring>

#include "runtime/functions/utf8.h"

namespace rulejit::rt {

struct Regex::Code {
  pcre2_code* code = nullptr;
};

struct Regex::Prefilter {
  hs_database_t* db = nullptr;
  uint64_t id = 0;  // unique per prefilter ever built (HsScratch)
};

namespace {

// Per-thread match scratch: one match-data block (grown to the largest
// capture count seen), one match context carrying the limits, one JIT stack.
// Reused across calls so a match costs no allocation.
class Scratch {
 public:
  Scratch() {
    ctx_ = pcre2_match_context_create(nullptr);
    jit_stack_ = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
    if (ctx_ && jit_stack_) pcre2_jit_stack_assign(ctx_, nullptr, jit_stack_);
  }
  ~Scratch() {
    if (data_) pcre2_match_data_free(data_);
    if (ctx_) pcre2_match_context_free(ctx_);
    if (jit_stack_) pcre2_jit_stack_free(jit_stack_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  pcre2_match_data* data(uint32_t pairs) {
    if (pairs > pairs_ || !data_) {
      if (data_) pcre2_match_data_free(data_);
      pairs_ = std::max<uint32_t>(pairs, 16);
      data_ = pcre2_match_data_create(pairs_, nullptr);
      if (!data_) pairs_ = 0;
    }
    return data_;
  }
  pcre2_match_context* context(const RegexLimits& l) {
    if (ctx_) {
      pcre2_set_match_limit(ctx_, l.match_limit);
      pcre2_set_depth_limit(ctx_, l.depth_limit);
      pcre2_set_heap_limit(ctx_, l.heap_limit_kib);
    }
    return ctx_;
  }

 private:
  pcre2_match_data* data_ = nullptr;
  uint32_t pairs_ = 0;
  pcre2_match_context* ctx_ = nullptr;
  pcre2_jit_stack* jit_stack_ = nullptr;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Per-thread Hyperscan scratch, grown once for each prefilter this thread
// scans with: a scratch only grows, so one that fitted a database still fits
// it (hs_alloc_scratch itself is costly even when nothing needs to change).
class HsScratch {
 public:
  ~HsScratch() {
    if (s_) hs_free_scratch(s_);
  }
  hs_scratch_t* fit(const hs_database_t* db, uint64_t id) {
    if (fitted_.count(id)) return s_;
    if (hs_alloc_scratch(db, &s_) != HS_SUCCESS) return nullptr;
    if (fitted_.size() >= kMaxRemembered) fitted_.clear();  // bounded: fitting again is only slower
    fitted_.insert(id);
    return s_;
  }
  static constexpr size_t kMaxRemembered = 4096;

 private:
  hs_scratch_t* s_ = nullptr;
  std::unordered_set<uint64_t> fitted_;
};

std::atomic<uint64_t> g_prefilter_ids{0};

HsScratch& hs_scratch() {
  thread_local HsScratch s;
  return s;
}

bool all_ascii(std::string_view s) {
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    high |= w;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080ull) == 0;
}

// A Hyperscan database matching a superset of the pattern's matches, or
// null when Hyperscan cannot take the pattern (then PCRE2 alone decides).
// Byte mode is exact here because only ASCII subjects are scanned.
hs_database_t* compile_prefilter(std::string_view pattern, bool caseless) {
  for (char c : pattern)
    if (c == '\0' || static_cast<unsigned char>(c) >= 0x80) return nullptr;
  const std::string expr(pattern);
  unsigned flags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
  if (caseless) flags |= HS_FLAG_CASELESS;
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(expr.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return nullptr;
  }
  return db;
}

int on_prefilter_match(unsigned, unsigned long long, unsigned long long, unsigned, void* found) {
  *static_cast<bool*>(found) = true;
  return 1;  // stop at the first: one is enough to ask PCRE2
}

Regex::Status status_of(int rc) {
  if (rc >= 0) return Regex::Status::kMatch;
  switch (rc) {
    case PCRE2_ERROR_NOMATCH:
      return Regex::Status::kNoMatch;
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
    case PCRE2_ERROR_NOMEMORY:
      return Regex::Status::kLimit;
    default:
      return Regex::Status::kError;
  }
}

std::string error_text(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof buf);
  if (n < 0) return "unknown PCRE2 error " + std::to_string(code);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

}  // namespace

// ---- ReplaceTemplate -------------------------------------------------------

ReplaceTemplate::ReplaceTemplate(std::string_view text, uint32_t capture_count) {
  std::string lit;
  auto flush = [&] {
    if (!lit.empty()) pieces_.push_back(Piece{std::move(lit), -1});
    lit.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 >= text.size()) {
      lit += c;
      continue;
    }
    char d = text[i + 1];
    if (d >= '0' && d <= '9') {
      int num = d - '0';
      size_t used = 2;
      if (i + 2 < text.size() && text[i + 2] >= '0' && text[i + 2] <= '9') {
        int two = num * 10 + (text[i + 2] - '0');
        if (two <= static_cast<int>(capture_count)) {
          num = two;
          used = 3;
        }
      }
      flush();
      pieces_.push_back(Piece{std::string(), num});
      i += used - 1;
    } else if (d == '\\') {
      lit += '\\';
      ++i;
    } else {
      lit += c;  // unknown escape: keep the backslash; d is copied next round
    }
  }
  flush();
}

void ReplaceTemplate::append_to(std::string& out, std::string_view subject,
                                const std::vector<RegexSpan>& groups) const {
  for (const Piece& p : pieces_) {
    if (p.group < 0) {
      out += p.literal;
    } else if (static_cast<size_t>(p.group) < groups.size() && groups[p.group].matched()) {
      const RegexSpan& s = groups[p.group];
      out.append(subject.substr(s.begin, s.end - s.begin));
    }
  }
}

// ---- Regex -----------------------------------------------------------------

namespace {

// Compiled patterns by pattern and options, held weakly: an engine made
// while another engine of the same pack lives (a window's or a scale-out
// worker's fresh engine, a reload) shares its regexes instead of compiling
// them again (Hyperscan's compile is ~ms per pattern). The last
// kKeepRecent compiled stay alive even when no engine holds them, for
// engines made one at a time (the scale-out merger's, one per window).
struct CompiledCache {
  static constexpr size_t kKeepRecent = 256;
  std::mutex mu;
  std::unordered_map<std::string, std::weak_ptr<const Regex>> by_key;
  std::deque<std::shared_ptr<const Regex>> recent;
  size_t sweep_at = 64;  // drop expired entries when the map grows past this
};

CompiledCache& compiled_cache() {
  static CompiledCache* c = new CompiledCache();  // never destroyed: engines may outlive static teardown
  return *c;
}

std::string cache_key(std::string_view pattern, const RegexOptions& o) {
  std::string key;
  key.reserve(pattern.size() + 32);
  key += o.caseless ? 'i' : '-';
  key += o.jit ? 'j' : '-';
  key += o.prefilter ? 'p' : '-';
  key += std::to_string(o.limits.match_limit) + ',' + std::to_string(o.limits.depth_limit) + ',' +
         std::to_string(o.limits.heap_limit_kib) + ':';
  key.append(pattern);
  return key;
}

}  // namespace

std::shared_ptr<const Regex> Regex::compile(std::string_view pattern, std::string* error,
                                            const RegexOptions& options) {
  CompiledCache& cache = compiled_cache();
  const std::string key = cache_key(pattern, options);
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto it = cache.by_key.find(key);
    if (it != cache.by_key.end())
      if (auto re = it->second.lock()) return re;
  }
  // Compiled outside the lock; two threads racing on one pattern both
  // compile it, and either result is right.
  std::shared_ptr<const Regex> re = build(pattern, error, options);
  if (!re) return nullptr;  // invalid: not cached (the error is cheap to find again)
  std::lock_guard<std::mutex> lock(cache.mu);
  if (cache.by_key.size() >= cache.sweep_at) {
    std::erase_if(cache.by_key, [](const auto& kv) { return kv.second.expired(); });
    cache.sweep_at = std::max<size_t>(64, cache.by_key.size() * 2);
  }
  cache.by_key[key] = re;
  cache.recent.push_back(re);
  if (cache.recent.size() > CompiledCache::kKeepRecent) cache.recent.pop_front();
  return re;
}

std::shared_ptr<const Regex> Regex::build(std::string_view pattern, std::string* error, const RegexOptions& options) {
  uint32_t flags = 0;
  if (policy::kRegexUtf) flags |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (options.caseless) flags |= PCRE2_CASELESS;
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), flags,
                                   &errcode, &erroffset, nullptr);
  if (!code) {
    if (error) {
      *error = "invalid regular expression \"" + std::string(pattern) + "\": " + error_text(errcode) +
               " at offset " + std::to_string(erroffset);
    }
    return nullptr;
  }
  std::shared_ptr<Regex> re(new Regex());
  re->pattern_ = std::string(pattern);
  re->code_ = new Code{code};
  re->limits_ = options.limits;
  re->jit_ = options.jit && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  if (options.prefilter) {
    if (hs_database_t* db = compile_prefilter(pattern, options.caseless)) re->prefilter_ = new Prefilter{db, ++g_prefilter_ids};
  }
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &re->capture_count_);

  uint32_t name_count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &name_count);
  if (name_count > 0) {
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < name_count; ++i) {
      PCRE2_SPTR e = table + static_cast<size_t>(i) * entry_size;
      uint32_t num = (static_cast<uint32_t>(e[0]) << 8) | e[1];
      re->named_.push_back(NamedGroup{std::string(reinterpret_cast<const char*>(e + 2)), num});
    }
    std::stable_sort(re->named_.begin(), re->named_.end(),
                     [](const NamedGroup& a, const NamedGroup& b) { return a.number < b.number; });
  }
  return re;
}

Regex::~Regex() {
  if (code_) {
    pcre2_code_free(code_->code);
    delete code_;
  }
  if (prefilter_) {
    hs_free_database(prefilter_->db);
    delete prefilter_;
  }
}

bool Regex::ruled_out(std::string_view subject) const {
  if (!prefilter_ || subject.size() > UINT32_MAX || !all_ascii(subject)) return false;
  hs_scratch_t* scratch = hs_scratch().fit(prefilter_->db, prefilter_->id);
  if (!scratch) return false;
  bool found = false;
  const hs_error_t st = hs_scan(prefilter_->db, subject.data(), static_cast<unsigned>(subject.size()), 0, scratch,
                                on_prefilter_match, &found);
  return (st == HS_SUCCESS || st == HS_SCAN_TERMINATED) && !found;
}

Regex::Status Regex::search(std::string_view subject) const {
  if (ruled_out(subject)) return Status::kNoMatch;
  Scratch& s = scratch();
  pcre2_match_data* md = s.data(1);
  if (!md) return Status::kLimit;
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md,
                       s.context(limits_));
  return status_of(rc);
}

namespace {

// Runs one pcre2_match and copies the ovector into `groups`.
Regex::Status match_at(pcre2_code* code, const RegexLimits& limits, uint32_t captures, std::string_view subject,
                       size_t offset, uint32_t options, std::vector<RegexSpan>& groups) {
  Scratch& s = scratch();
  pcre2_match_data* md = s.data(captures + 1);
  if (!md) return Regex::Status::kLimit;
  int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), offset, options, md,
                       s.context(limits));
  Regex::Status st = status_of(rc);
  if (st != Regex::Status::kMatch) return st;
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  groups.assign(captures + 1, RegexSpan{});
  for (uint32_t g = 0; g <= captures; ++g) {
    if (ov[2 * g] != PCRE2_UNSET) groups[g] = RegexSpan{ov[2 * g], ov[2 * g + 1]};
  }
  return st;
}

}  // namespace

Regex::Status Regex::find(std::string_view subject, size_t offset, std::vector<RegexSpan>& groups) const {
  if (offset > subject.size()) return Status::kNoMatch;
  if (offset == 0 && ruled_out(subject)) return Status::kNoMatch;
  return match_at(code_->code, limits_, capture_count_, subject, offset, 0, groups);
}

Regex::Status Regex::for_each_match(std::string_view subject, size_t max_matches,
                                    const std::function<void(const std::vector<RegexSpan>&)>& on_match) const {
  if (ruled_out(subject)) return Status::kNoMatch;
  std::vector<RegexSpan> groups;
  size_t start = 0;
  size_t found = 0;
  uint32_t opts = 0;
  while (start <= subject.size() && (max_matches == 0 || found < max_matches)) {
    Status st = match_at(code_->code, limits_, capture_count_, subject, start, opts, groups);
    if (st == Status::kNoMatch) {
      if (opts == 0) break;
      // The empty match at `start` could not be extended: step one character.
      start += std::max<size_t>(1, utf8::char_length(subject, start));  // 1 past the end stops the loop
      opts = 0;
      continue;
    }
    if (st != Status::kMatch) return st;
    ++found;
    on_match(groups);
    opts = groups[0].begin == groups[0].end ? (PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) : 0;
    start = groups[0].end;
  }
  return found ? Status::kMatch : Status::kNoMatch;
}

Regex::Status Regex::replace(std::string_view subject, const ReplaceTemplate& tmpl, size_t occurrence,
                             std::string& out) const {
  out.clear();
  if (ruled_out(subject)) {
    out.assign(subject);
    return Status::kMatch;  // as below when nothing matched: the subject unchanged
  }
  std::vector<RegexSpan> groups;
  size_t start = 0, copied = 0, seen = 0;
  uint32_t opts = 0;
  while (start <= subject.size()) {
    Status st = match_at(code_->code, limits_, capture_count_, subject, start, opts, groups);
    if (st == Status::kNoMatch) {
      if (opts == 0) break;
      start += std::max<size_t>(1, utf8::char_length(subject, start));  // 1 past the end stops the loop
      opts = 0;
      continue;
    }
    if (st != Status::kMatch) return st;
    ++seen;
    const RegexSpan whole = groups[0];
    if (occurrence == 0 || seen == occurrence) {
      out.append(subject.substr(copied, whole.begin - copied));
      tmpl.append_to(out, subject, groups);
      copied = whole.end;
      if (occurrence != 0) break;
    }
    opts = whole.begin == whole.end ? (PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) : 0;
    start = whole.end;
  }
  out.append(subject.substr(copied));
  return Status::kMatch;
}

Regex::Status Regex::replace_all(std::string_view subject, std::string_view replacement, std::string& out) const {
  ReplaceTemplate tmpl(replacement, capture_count_);
  return replace(subject, tmpl, 0, out);
}

// ---- SedExpr ---------------------------------------------------------------

std::unique_ptr<SedExpr> SedExpr::parse(std::string_view expr, std::string* error) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<SedExpr> {
    if (error) *error = "invalid sed expression \"" + std::string(expr) + "\": " + why;
    return nullptr;
  };
  if (expr.size() < 2 || (expr[0] != 's' && expr[0] != 'y')) return fail("must start with s or y and a delimiter");
  const char kind = expr[0];
  const char delim = expr[1];
  if (delim == '\\' || delim == '\n' || (delim >= '0' && delim <= '9') || (delim >= 'a' && delim <= 'z') ||
      (delim >= 'A' && delim <= 'Z')) {
    return fail("bad delimiter");
  }
  // Split on unescaped delimiters. Part 0 (the regex) keeps escapes for PCRE;
  // other parts turn \<delim> into the delimiter and keep other escapes.
  std::vector<std::string> parts(1);
  size_t i = 2;
  for (; i < expr.size() && parts.size() <= 2; ++i) {
    char c = expr[i];
    if (c == '\\' && i + 1 < expr.size()) {
      char d = expr[i + 1];
      if (d == delim && parts.size() > 1) {
        parts.back() += d;
      } else {
        parts.back() += c;
        parts.back() += d;
      }
      ++i;
    } else if (c == delim) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (parts.size() < 3) return fail("expected three delimiters");
  std::string_view flags = expr.substr(std::min(i, expr.size()));
  // parts[2] collected nothing (loop stops right after the third delimiter).

  std::unique_ptr<SedExpr> sed(new SedExpr());
  if (kind == 'y') {
    if (!flags.empty()) return fail("y/// takes no flags");
    // Unescape \<delim> (done above for part 1) and \\ in both sides.
    auto unescape = [&](const std::string& s) {
      std::string r;
      for (size_t k = 0; k < s.size(); ++k) {
        if (s[k] == '\\' && k + 1 < s.size() && (s[k + 1] == '\\' || s[k + 1] == delim)) ++k;
        r += s[k];
      }
      return r;
    };
    std::string from = unescape(parts[0]);
    std::string to = unescape(parts[1]);
    std::vector<std::string_view> a = utf8::split_chars(from);
    std::vector<std::string_view> b = utf8::split_chars(to);
    if (a.size() != b.size()) return fail("y/// sides differ in length");
    sed->transliterate_ = true;
    for (size_t k = 0; k < a.size(); ++k) {
      uint32_t cp = utf8::decode(a[k]);
      bool dup = false;
      for (auto& [key, v] : sed->ymap_) dup = dup || key == cp;
      if (!dup) sed->ymap_.emplace_back(cp, std::string(b[k]));
    }
    return sed;
  }
  RegexOptions opts;
  size_t occurrence = 1;
  bool have_number = false;
  for (size_t k = 0; k < flags.size(); ++k) {
    char f = flags[k];
    if (f == 'g') {
      occurrence = 0;
    } else if (f == 'i') {
      opts.caseless = true;
    } else if (f >= '0' && f <= '9') {
      size_t n = 0;
      while (k < flags.size() && flags[k] >= '0' && flags[k] <= '9' && n < 1000000) {
        n = n * 10 + static_cast<size_t>(flags[k] - '0');
        ++k;
      }
      --k;
      if (n == 0) return fail("occurrence must be >= 1");
      have_number = true;
      if (occurrence != 0) occurrence = n;
    } else {
      return fail(std::string("unknown flag '") + f + "'");
    }
  }
  (void)have_number;
  std::string err;
  sed->regex_ = Regex::compile(parts[0], &err, opts);
  if (!sed->regex_) return fail(err);
  sed->tmpl_ = std::make_unique<ReplaceTemplate>(parts[1], sed->regex_->capture_count());
  sed->occurrence_ = occurrence;
  return sed;
}

Regex::Status SedExpr::apply(std::string_view subject, std::string& out) const {
  if (transliterate_) {
    out.clear();
    size_t i = 0;
    while (i < subject.size()) {
      size_t n = utf8::char_length(subject, i);
      std::string_view ch = subject.substr(i, n);
      uint32_t cp = utf8::decode(ch);
      const std::string* rep = nullptr;
      if (cp != utf8::kInvalid) {
        for (const auto& [key, v] : ymap_) {
          if (key == cp) {
            rep = &v;
            break;
          }
        }
      }
      if (rep) {
        out += *rep;
      } else {
        out.append(ch);
      }
      i += n;
    }
    return Regex::Status::kMatch;
  }
  return regex_->replace(subject, *tmpl_, occurrence_, out);
}

}  // namespace rulejit::rt
