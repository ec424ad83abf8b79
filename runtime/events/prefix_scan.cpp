#include "runtime/events/prefix_scan.h"

#include <cstdint>
#include <cstring>

#include <simdjson.h>

#include "runtime/events/json_scan.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rulejit::rt {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_delimiter(char c) { return c == ',' || c == '}' || c == ']' || is_space(c); }

// First '"' or '\\' in [p, end), else end. Reads up to 15 bytes past `end`
// (inside the line's padding).
const char* find_quote_or_backslash(const char* p, const char* end) {
#if defined(__x86_64__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; p < end; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
    if (mask) {
      const char* hit = p + __builtin_ctz(mask);
      return hit < end ? hit : end;
    }
  }
  return end;
#else
  while (p < end && *p != '"' && *p != '\\') ++p;
  return p;
#endif
}

// Bits of the byte flags find_quote_or_backslash_flagged collects.
constexpr unsigned kControlByte = 1;  // a byte below 0x20 (raw control character)
constexpr unsigned kHighByte = 2;     // a byte of 0x80 or more (UTF-8 to validate)

inline unsigned byte_flags(unsigned char u) { return (u < 0x20 ? kControlByte : 0) | (u >= 0x80 ? kHighByte : 0); }

// find_quote_or_backslash that also ORs into `flags` what the bytes before
// the hit hold (kControlByte, kHighByte): a string value's checks in the same
// pass as its end. Reads up to 15 bytes past `end` (padding).
const char* find_quote_or_backslash_flagged(const char* p, const char* end, unsigned& flags) {
#if defined(__x86_64__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i high3 = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i zero = _mm_setzero_si128();
  for (; p < end; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto stop = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
    const auto ctrl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, high3), zero)));
    const auto high = static_cast<unsigned>(_mm_movemask_epi8(v));
    const auto left = static_cast<size_t>(end - p);
    unsigned valid = left >= 16 ? 0xFFFFu : (1u << left) - 1;
    if (stop) valid &= (stop & (0u - stop)) - 1;  // the bytes before the first hit
    flags |= ((ctrl & valid) ? kControlByte : 0) | ((high & valid) ? kHighByte : 0);
    if (stop) {
      const char* hit = p + __builtin_ctz(stop);
      return hit < end ? hit : end;
    }
  }
  return end;
#else
  for (; p < end && *p != '"' && *p != '\\'; ++p) flags |= byte_flags(static_cast<unsigned char>(*p));
  return p;
#endif
}

// One 64-byte block as bit masks (bit i = byte i): quotes, backslashes,
// opening and closing brackets ('[' / '{' and ']' / '}' differ only in bit
// 0x20). Reads 64 bytes at p (the caller keeps them inside the padding).
struct BlockMasks {
  uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

#if defined(__x86_64__)
inline BlockMasks classify_block_sse2(const char* p) {
  BlockMasks m;
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i lower = _mm_set1_epi8(0x20);
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, lower);
    const auto bits = [&](__m128i eq) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(eq))) << (16 * k);
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, quote));
    m.backslash |= bits(_mm_cmpeq_epi8(v, backslash));
    m.open |= bits(_mm_cmpeq_epi8(folded, open));
    m.close |= bits(_mm_cmpeq_epi8(folded, close));
  }
  return m;
}

__attribute__((target("avx2,pclmul"))) inline BlockMasks classify_block_avx2(const char* p) {
  BlockMasks m;
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i lower = _mm256_set1_epi8(0x20);
  const __m256i open = _mm256_set1_epi8('{');
  const __m256i close = _mm256_set1_epi8('}');
  for (int k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i folded = _mm256_or_si256(v, lower);
    // (no lambda: it would not inherit the target attribute)
    const int shift = 32 * k;
    m.quote |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)))} << shift;
    m.backslash |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, backslash)))} << shift;
    m.open |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(folded, open)))} << shift;
    m.close |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(folded, close)))} << shift;
  }
  return m;
}
#else
inline BlockMasks classify_block_sse2(const char* p) {  // portable
  BlockMasks m;
  for (int i = 0; i < 64; ++i) {
    const uint64_t bit = uint64_t{1} << i;
    const char c = p[i];
    if (c == '"') m.quote |= bit;
    if (c == '\\') m.backslash |= bit;
    if ((c | 0x20) == '{') m.open |= bit;
    if ((c | 0x20) == '}') m.close |= bit;
  }
  return m;
}
#endif

// Bit i of the result = XOR of bits 0..i of x: from the quote bits, which
// bytes lie inside a string (opening quote included, closing one not).
inline uint64_t prefix_xor_portable(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The end of the container whose opening bracket is at p (the byte after
// its matching bracket), or nullptr: unterminated, or nested deeper than
// max_depth counting `level` enclosing containers. 64 bytes at a time: a
// backslash escapes the next byte, quotes that are not escaped toggle
// "inside a string", brackets outside strings move the depth. A block that
// can neither close the container nor nest too deep is passed by counting
// its brackets; only the others are walked bracket by bracket. Reads up to
// 63 bytes past `end` (the line's padding).
template <typename Classify>
inline const char* container_end(const char* p, const char* end, size_t level, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;     // carried from the previous block
  bool escape_first = false;  // the previous block ended with a lone backslash
  for (const char* block = p; block < end; block += 64) {
    const BlockMasks m = Classify::masks(block);
    const auto avail = static_cast<size_t>(end - block);
    const uint64_t valid = avail >= 64 ? ~uint64_t{0} : (uint64_t{1} << avail) - 1;
    uint64_t escaped = escape_first ? 1 : 0;
    escape_first = false;
    for (uint64_t bs = m.backslash & valid; bs; bs &= bs - 1) {
      const int i = __builtin_ctzll(bs);
      if (escaped >> i & 1) continue;  // an escaped backslash escapes nothing
      if (i == 63) escape_first = true;
      else escaped |= uint64_t{1} << (i + 1);
    }
    const uint64_t inside = Classify::prefix_xor(m.quote & valid & ~escaped) ^ (in_string ? ~uint64_t{0} : 0);
    in_string = inside >> 63 & 1;
    const uint64_t opens = m.open & valid & ~inside;
    const uint64_t closes = m.close & valid & ~inside;
    const auto n_open = static_cast<size_t>(__builtin_popcountll(opens));
    const auto n_close = static_cast<size_t>(__builtin_popcountll(closes));
    if (n_close < depth && level + depth + n_open <= max_depth) {
      depth = depth + n_open - n_close;
      continue;
    }
    for (uint64_t all = opens | closes; all; all &= all - 1) {
      const int i = __builtin_ctzll(all);
      if (opens >> i & 1) {
        if (level + ++depth > max_depth) return nullptr;
      } else if (--depth == 0) {
        return block + i + 1;
      }
    }
  }
  return nullptr;
}

// The block classifiers as types: GCC does not inline a classifier passed
// as a function pointer (a call per 64 bytes showed in profiles).
struct PortableBlocks {
  static BlockMasks masks(const char* p) { return classify_block_sse2(p); }
  static uint64_t prefix_xor(uint64_t x) { return prefix_xor_portable(x); }
};

#if defined(__x86_64__)
struct Avx2Blocks {
  __attribute__((target("avx2,pclmul"))) static BlockMasks masks(const char* p) {
    return classify_block_avx2(p);
  }
  // Carry-less multiplication by all ones is the prefix XOR in one instruction.
  __attribute__((target("avx2,pclmul"))) static uint64_t prefix_xor(uint64_t x) {
    const __m128i r = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), _mm_set1_epi8(-1), 0);
    return static_cast<uint64_t>(_mm_cvtsi128_si64(r));
  }
};

// flatten: the loop and its classifier inlined, in AVX2 code.
__attribute__((target("avx2,pclmul"), flatten)) const char* container_end_avx2(const char* p, const char* end, size_t level,
                                                                       size_t max_depth) {
  return container_end<Avx2Blocks>(p, end, level, max_depth);
}
#endif

const char* find_container_end(const char* p, const char* end, size_t level, size_t max_depth) {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul");
  if (avx2) return container_end_avx2(p, end, level, max_depth);
#endif
  return container_end<PortableBlocks>(p, end, level, max_depth);
}

bool hex4(const char* s, uint32_t& v) {
  v = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = s[i];
    uint32_t d;
    if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
    else return false;
    v = v << 4 | d;
  }
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | cp >> 6));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | cp >> 12));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | cp >> 18));
    out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// JSON string escapes. Lone surrogates are left to the exact reader.
bool decode_escapes(std::string_view body, std::string& arena, std::string_view& out) {
  const size_t start = arena.size();
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {  // the run up to the next backslash, whole
      size_t j = body.find('\\', i);
      if (j == std::string_view::npos) j = body.size();
      arena.append(body.data() + i, j - i);
      i = j - 1;
      continue;
    }
    if (++i >= body.size()) return false;
    switch (body[i]) {
      case '"': arena.push_back('"'); break;
      case '\\': arena.push_back('\\'); break;
      case '/': arena.push_back('/'); break;
      case 'b': arena.push_back('\b'); break;
      case 'f': arena.push_back('\f'); break;
      case 'n': arena.push_back('\n'); break;
      case 'r': arena.push_back('\r'); break;
      case 't': arena.push_back('\t'); break;
      case 'u': {
        uint32_t cp;
        if (i + 4 >= body.size()) return false;
        if (!hex4(body.data() + i + 1, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low;
          if (i + 6 >= body.size()) return false;
          if (body[i + 1] != '\\' || body[i + 2] != 'u' || !hex4(body.data() + i + 3, low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return false;
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;
        }
        append_utf8(arena, cp);
        break;
      }
      default:
        return false;
    }
  }
  out = std::string_view(arena.data() + start, arena.size() - start);
  return true;
}

// One scan. Every member returns false for "not decided here".
class Scan {
 public:
  Scan(std::string_view text, const FieldPathSet& paths, const EarlyStop& stop, EventFields& out,
       std::string& decoded, size_t max_depth, NullPolicy nulls)
      : p_(text.data()), end_(text.data() + text.size()), paths_(paths), stop_(stop), out_(out),
        decoded_(decoded), max_depth_(max_depth), nulls_(nulls) {}

  bool root() {
    space();
    if (p_ >= end_ || *p_ != '{') return false;
    ++p_;
    const bool has_children = !paths_.node(FieldPathSet::kRoot).children.empty();
    const bool read = sequence('}', [&] {
      std::string_view key;
      if (!member_key(key)) return false;
      out_.add_top_level_key(key);
      const int32_t c = has_children ? paths_.descend_key(FieldPathSet::kRoot, key) : -1;
      if (!group_) {
        // The first key that is a group's decides (EarlyStop).
        for (const auto& g : stop_.groups) {
          if (g.key == key) {
            group_ = &g;
            remaining_ = g.count;
            break;
          }
        }
        if (group_ && !group_->stoppable) return false;  // the whole event is needed
        if (group_ && remaining_ == 0) {
          if (c >= 0 && paths_.node(c).presence_slot >= 0) out_.set_present(paths_.node(c).presence_slot);
          stopped_ = true;
          return true;
        }
      }
      if (frontier_) return frontier_member(c, 1);
      return c < 0 ? skip_value(1) : visit(c, 1);
    });
    return read && (stopped_ || finish_root());
  }
  bool stopped() const { return stopped_; }

 private:
  void space() {
    while (p_ < end_ && is_space(*p_)) ++p_;
  }

  // The members of an object or the elements of an array, p_ after the
  // opening bracket: `one` reads one of them. Ends after `close`, or as soon
  // as the early stop is reached.
  template <typename One>
  bool sequence(char close, One one) {
    space();
    if (*p_ == close) {
      ++p_;
      return true;
    }
    for (;;) {
      if (!one()) return false;
      if (stopped_) return true;
      space();
      if (*p_ == ',') {
        ++p_;
        space();
        continue;
      }
      if (*p_ != close) return false;
      ++p_;
      return true;
    }
  }

  bool finish_root() {
    space();
    return p_ == end_;  // trailing text: the exact reader reports it
  }

  // p_ after an opening quote: the raw body; p_ after the closing quote.
  bool string_body(std::string_view& body, bool& escaped) {
    const char* start = p_;
    escaped = false;
    for (;;) {
      const char* q = find_quote_or_backslash(p_, end_);
      if (q >= end_) return false;
      if (*q == '"') {
        body = std::string_view(start, static_cast<size_t>(q - start));
        p_ = q + 1;
        return true;
      }
      escaped = true;
      p_ = q + 2;  // the backslash and the byte it escapes
      if (p_ >= end_) return false;
    }
  }

  // `"key" :` with p_ at the quote; p_ left at the value.
  bool member_key(std::string_view& key) {
    if (*p_ != '"') return false;
    ++p_;
    bool escaped;
    if (!string_body(key, escaped) || escaped) return false;  // escaped keys: rare, exact reader
    space();
    if (*p_ != ':') return false;
    ++p_;
    space();
    return p_ < end_;
  }

  // A string value that will be returned: no raw control characters, valid
  // UTF-8 (what stage 1 would have checked), escapes decoded.
  bool string_value(std::string_view& s) {
    // string_body, checking every byte of the body on the way.
    const char* start = p_;
    bool escaped = false;
    unsigned flags = 0;
    std::string_view body;
    for (;;) {
      const char* q = find_quote_or_backslash_flagged(p_, end_, flags);
      if (q >= end_) return false;
      if (*q == '"') {
        body = std::string_view(start, static_cast<size_t>(q - start));
        p_ = q + 1;
        break;
      }
      escaped = true;
      p_ = q + 2;  // the backslash and the byte it escapes
      if (p_ >= end_) return false;
      flags |= byte_flags(static_cast<unsigned char>(q[1]));
    }
    if (flags & kControlByte) return false;
    if ((flags & kHighByte) && !simdjson::validate_utf8(body.data(), body.size())) return false;
    if (!escaped) {
      s = body;
      return true;
    }
    return decode_escapes(body, decoded_, s);
  }

  // A number or literal: its text up to the next delimiter.
  std::string_view scalar_token() {
    const char* start = p_;
    while (p_ < end_ && !is_delimiter(*p_)) ++p_;
    return std::string_view(start, static_cast<size_t>(p_ - start));
  }

  // After the waited fields were found (the frontier): the rest of each
  // enclosing object is skipped, unless a key leads to a field that already
  // has a value. That key repeats (a multivalue the interpreter sees): the
  // exact reader must read the whole line, so the scan declines.
  bool frontier_member(int32_t c, size_t level) {
    if (c >= 0 && paths_.has_values_below(c, [&](int32_t s) { return out_.count(s); })) return false;
    return skip_value(level);
  }

  // Skips one value; `level` = containers around it.
  bool skip_value(size_t level) {
    const char c = *p_;
    if (c == '"') {
      ++p_;
      std::string_view body;
      bool escaped;
      return string_body(body, escaped);
    }
    if (c == '{' || c == '[') return skip_container(level);
    return !scalar_token().empty();
  }

  // p_ at '{' or '[': p_ after its matching bracket (find_container_end).
  bool skip_container(size_t level) {
    const char* after = find_container_end(p_, end_, level, max_depth_);
    if (!after) return false;
    p_ = after;
    return true;
  }

  void emit(const FieldPathSet::Node& n, std::string_view v) {
    if (n.value_slot >= 0) {
      out_.add_value(n.value_slot, v);
      const auto slot = static_cast<size_t>(n.value_slot);
      if (group_ && slot < group_->member.size() && group_->member[slot] && out_.count(n.value_slot) == 1 &&
          --remaining_ == 0)
        frontier_ = true;  // the rest is only checked for repeats (frontier_member)
    }
    if (n.presence_slot >= 0) out_.set_present(n.presence_slot);
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return p_ == end_ || is_delimiter(*p_);
  }

  // The value at p_ for trie node `nd`.
  bool visit(int32_t nd, size_t level) {
    const FieldPathSet::Node& n = paths_.node(nd);
    const bool wants_scalar = n.value_slot >= 0 || n.presence_slot >= 0;
    switch (*p_) {
      case '{': {
        if (n.presence_slot >= 0) out_.set_present(n.presence_slot);
        if (n.children.empty()) return skip_container(level);
        if (level + 1 > max_depth_) return false;
        ++p_;
        return sequence('}', [&] {
          std::string_view key;
          if (!member_key(key)) return false;
          const int32_t c = paths_.descend_key(nd, key);
          if (frontier_) return frontier_member(c, level + 1);
          return c < 0 ? skip_value(level + 1) : visit(c, level + 1);
        });
      }
      case '[': {
        if (n.presence_slot >= 0) out_.set_present(n.presence_slot);
        if (n.array_child < 0) return skip_container(level);
        if (level + 1 > max_depth_) return false;
        ++p_;
        return sequence(']', [&] { return p_ < end_ && visit(n.array_child, level + 1); });
      }
      case '"': {
        if (!wants_scalar) return skip_value(level);
        ++p_;
        std::string_view s;
        if (!string_value(s)) return false;
        emit(n, s);
        return true;
      }
      case 't':
        if (!literal("true")) return false;
        if (wants_scalar) emit(n, "true");
        return true;
      case 'f':
        if (!literal("false")) return false;
        if (wants_scalar) emit(n, "false");
        return true;
      case 'n':
        if (!literal("null")) return false;
        if (wants_scalar && nulls_ == NullPolicy::Text) emit(n, "null");
        return true;
      default: {
        const std::string_view tok = scalar_token();
        if (!is_json_number(tok)) return false;
        if (wants_scalar) emit(n, tok);
        return true;
      }
    }
  }

  const char* p_;
  const char* end_;
  const FieldPathSet& paths_;
  const EarlyStop& stop_;
  EventFields& out_;
  std::string& decoded_;
  const size_t max_depth_;
  const NullPolicy nulls_;
  const EarlyStop::Group* group_ = nullptr;
  uint32_t remaining_ = 0;
  bool stopped_ = false;   // at the routing key: nothing more is read
  bool frontier_ = false;  // the waited fields are in: the rest is checked for repeats
};

}  // namespace

bool PrefixScanner::scan(const Line& line, const FieldPathSet& paths, const EarlyStop& stop, EventFields& out) {
  const std::string_view text = line.text;
  all_top_keys_ = false;
  if (paths.all_fields() || line.capacity < text.size() + kJsonPadding) return false;
  // Decoded strings are never longer than their escaped text, so with this
  // reserve no append moves the buffer under an earlier view.
  decoded_.clear();
  if (decoded_.capacity() < text.size()) decoded_.reserve(text.size());
  out.begin(paths.size(), text);
  Scan scan(text, paths, stop, out, decoded_, max_depth_, nulls_);
  if (!scan.root()) return false;
  all_top_keys_ = !scan.stopped();
  out.finish();
  // Repeated names and capped fields are the exact reader's to report
  // (DuplicateKey, ValuesCapped).
  if (out.dropped_values() > 0) return false;
  for (int32_t s : out.touched_slots())
    if (!paths.is_presence(s) && !paths.under_array(s) && out.count(s) > 1) return false;
  const auto keys = out.top_level_keys();
  if (keys.size() > 16) return false;
  for (size_t i = 1; i < keys.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (keys[i] == keys[j]) return false;
  return true;
}

}  // namespace rulejit::rt
