// SeqCover: the event numbers (message stream sequence and index in the
// message, worker_recovery.h) of the events already counted in merged
// partial states, so the merger counts every event once.
//
// Why: a worker can die after publishing a window's partial but before
// acking its events; the server then redelivers them to another worker,
// which must not add them to the merge again. Workers put the event numbers
// of a partial's events in its header (wire.h) and keep redelivered events in
// partials of their own (worker.h), so such a partial is either wholly
// counted already (a duplicate) or not at all.
//
// Contract:
//  - overlap(r): None when no number of r was added, All when every one
//    was (an empty r is None), else Some.
//  - add(r) records r; ranges may touch or overlap what is there.
//  - Memory grows with the number of disjoint ranges (about one per fetched
//    batch per worker); the merger keeps one SeqCover per open window.
#pragma once

#include <cstdint>
#include <map>

#include "scaleout/wire.h"

namespace rulejit::scaleout {

class SeqCover {
 public:
  enum class Overlap { None, Some, All };
  Overlap overlap(const SeqRanges& r) const;
  void add(const SeqRanges& r);
  size_t ranges() const { return spans_.size(); }

 private:
  // Sequences covered by [a, b] already recorded.
  uint64_t covered(uint64_t a, uint64_t b) const;
  std::map<uint64_t, uint64_t> spans_;  // first -> last (inclusive), disjoint, not touching
};

}  // namespace rulejit::scaleout
