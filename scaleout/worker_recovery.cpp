// Deterministic partial ids: see worker_recovery.h.
#include "scaleout/worker_recovery.h"

#include <fmt/format.h>

#include "scaleout/event_batch.h"

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

std::pair<uint64_t, uint64_t> event_span(uint64_t seq, uint32_t index, uint32_t events) {
  const uint64_t n = event_number(seq, index);
  if (events == 0 || index + 1 < events) return {n, n};
  return {n, event_number(seq, kMaxEventsPerMessage - 1)};  // touches event_number(seq + 1, 0)
}

}  // namespace rulejit::scaleout
