// Deterministic partial ids: see worker_recovery.h.
#include "scaleout/worker_recovery.h"

#include <fmt/format.h>

namespace rulejit::scaleout {

std::string partial_id(const PartialHeader& h, bool redelivered_events) {
  uint64_t first = 0, last = 0, events = 0;
  if (!h.seqs.empty()) first = h.seqs.front().first, last = h.seqs.back().second;
  for (const auto& [a, b] : h.seqs) events += b - a + 1;
  uint32_t hash = 2166136261u;  // FNV-1a 32: sets of equal bounds and size still differ
  for (unsigned char c : format_seq_ranges(h.seqs)) hash = (hash ^ c) * 16777619u;
  return fmt::format("{}:{}:{}-{}:{}:{:08x}", redelivered_events ? std::string("redelivered") : h.worker, h.window,
                     first, last, events, hash);
}

}  // namespace rulejit::scaleout
