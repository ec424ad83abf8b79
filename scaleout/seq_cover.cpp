// SeqCover: see seq_cover.h.
#include "scaleout/seq_cover.h"

#include <algorithm>

namespace rulejit::scaleout {

uint64_t SeqCover::covered(uint64_t a, uint64_t b) const {
  uint64_t n = 0;
  auto it = spans_.upper_bound(a);
  if (it != spans_.begin()) --it;
  for (; it != spans_.end() && it->first <= b; ++it) {
    const uint64_t lo = std::max(a, it->first), hi = std::min(b, it->second);
    if (lo <= hi) n += hi - lo + 1;
  }
  return n;
}

SeqCover::Overlap SeqCover::overlap(const SeqRanges& r) const {
  uint64_t total = 0, hit = 0;
  for (const auto& [a, b] : r) {
    total += b - a + 1;
    hit += covered(a, b);
  }
  if (hit == 0) return Overlap::None;
  return hit == total ? Overlap::All : Overlap::Some;
}

void SeqCover::add(const SeqRanges& r) {
  for (auto [a, b] : r) {
    // Absorb every span that overlaps or touches [a, b].
    auto it = spans_.upper_bound(a);
    if (it != spans_.begin()) {
      auto prev = std::prev(it);
      if (prev->second + 1 >= a) it = prev;
    }
    while (it != spans_.end() && it->first <= b + 1) {
      a = std::min(a, it->first);
      b = std::max(b, it->second);
      it = spans_.erase(it);
    }
    spans_.emplace(a, b);
  }
}

}  // namespace rulejit::scaleout
