// Random rules and events for differential testing (interpreter vs JIT).
//
// The generator writes SPL text, so every random case goes through the whole
// compiler. Rules mix search-language filters (what the JIT inlines) with
// eval expressions, special forms and functions (what it runs through
// helpers); events mix nulls, multivalues, numbers as text, unicode, empty
// strings and long values. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rulejit::difftest {

class Random {
 public:
  explicit Random(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  uint64_t s_;
};

// One detection search over `_json` test events (fields id, x, y, name, path,
// ip, k, tags{}); its results always include `id` or are grouped by `k`.
std::string random_search(Random& r);
// One NDJSON event with the given id.
std::string random_event(Random& r, int id);

}  // namespace rulejit::difftest
