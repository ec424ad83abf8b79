// StateBudget: the bound on aggregation state, and when to measure it. The
// one place the memory policy is written down; rt::WindowedEngine applies
// it (for `rulejit run --max-state` and the C API's memory_budget_bytes).
//
// Policy:
//  - The state is what the engines' memory_bytes() say: group tables,
//    accumulators, buffered rows (an estimate of the heap they hold).
//  - When it passes the cut point (kCutFraction of the budget), the OLDEST
//    open window that received events since it was last emptied is cut:
//    its engine's finish() runs now, so its rows are emitted, each marked
//    partial (kPartialField = 1), and its state is freed. Repeated, oldest
//    first, until the state is under the cut point (or every such window
//    was cut once this round). The other half of the budget is headroom:
//    a group table's storage grows by doubling, and its vectors of one
//    entry per group double at the same group count, so the state can
//    nearly double from one event to the next (`stats count by` at 2^17
//    groups: 6.0 MB to 10.4 MB). Cutting at half the budget keeps even
//    that under it; state also grows a little between two measures.
//  - A cut window stays open: later events of it aggregate afresh, and its
//    rows when it finally closes are marked partial too. Nothing is dropped
//    (late_events is unchanged by cuts), nothing is counted twice: rows of
//    one rule, window and by-keys add up (count, sum) or merge (values, dc
//    are per part) to the whole window's.
//  - Without windows the one state over the whole input is cut the same
//    way: emitted early as partial rows, aggregation restarts empty.
//  - Never aborts, and state does not grow without bound: it stays under
//    the budget (plus what grows between two measures: tests/unit/stream/
//    state_budget_test.cpp checks budget + 5%).
//
// Threads (parallel_engine.h): workers report their state after each batch,
// and up to 2 * threads + 2 batches are in flight, so the state seen lags by
// the groups of those lines. parallel_batch_bytes() caps the batch size so
// that the lines in flight are at most 1/kInFlightShare of the budget (their
// groups take about as many bytes as their text).
//
// Cost: measuring means visiting every accumulator, so it is not done per
// event. Every kProbeEvery events the group counts are read (O(rules)) and
// the bytes estimated from the bytes per group of the last measure; a full
// measure runs when the estimate passes the budget, or when enough events
// passed since the last one (at least state bytes / kMeasureCostDivisor, so
// the amortized cost stays a few object visits per event).
#pragma once

#include <cstddef>
#include <cstdint>

namespace rulejit::rt {

// The default budget (`rulejit run` without --max-state, the C API's 0).
constexpr size_t kDefaultMaxState = size_t{1} << 30;
// The state is cut once over this fraction of the budget.
constexpr double kCutFraction = 0.5;
// The column that marks a row emitted from a cut (partial) state.
constexpr const char* kPartialField = "_partial";
// Events between two probes of the group counts.
constexpr uint64_t kProbeEvery = 1024;
// A full measure at least every bytes / this many events.
constexpr size_t kMeasureCostDivisor = 1024;
// Bytes a group is assumed to take before one was measured.
constexpr size_t kFirstBytesPerGroup = 64;

// Lines in flight under threads: at most budget / this many bytes.
constexpr size_t kInFlightShare = 16;

// The batch size for `threads` workers under `max_state` (0: unbounded):
// `preferred`, or smaller when the budget asks (at least 4 KiB).
inline size_t parallel_batch_bytes(size_t preferred, size_t threads, size_t max_state) {
  if (max_state == 0 || threads <= 1) return preferred;
  const size_t cap = max_state / kInFlightShare / (2 * threads + 2);
  return cap < preferred ? (cap < 4096 ? 4096 : cap) : preferred;
}

class StateBudget {
 public:
  explicit StateBudget(size_t max_bytes) : max_bytes_(max_bytes) {}

  size_t max_bytes() const { return max_bytes_; }
  // Where cutting starts (kCutFraction of the budget).
  size_t cut_point() const { return static_cast<size_t>(static_cast<double>(max_bytes_) * kCutFraction); }
  bool enabled() const { return max_bytes_ > 0; }

  // One event passed; true when it is time to probe.
  bool event() {
    if (!enabled() || ++since_probe_ < kProbeEvery) return false;
    since_probe_ = 0;
    return true;
  }
  // The probe: `groups` held now. True when a full measure is due.
  bool needs_measure(size_t groups);
  // A full measure: `bytes` and `groups` held now (after a cut too). True
  // when the state is over the cut point.
  bool measured(size_t bytes, size_t groups);
  // One round of cuts began (the state was over the budget).
  void note_enforced() { ++rounds_; }
  // One window (or the whole-input state) was cut.
  void note_cut() { ++cuts_; }

  size_t bytes() const { return bytes_; }            // at the last measure
  size_t peak_bytes() const { return peak_bytes_; }  // the largest measured
  size_t groups() const { return groups_; }          // at the last measure
  size_t peak_groups() const { return peak_groups_; }
  uint64_t rounds() const { return rounds_; }  // times the budget was enforced
  uint64_t cuts() const { return cuts_; }      // windows cut early
  uint64_t measures() const { return measures_; }

 private:
  size_t max_bytes_;
  uint64_t since_probe_ = 0;
  uint64_t since_measure_ = 0;  // events, counted at probes
  size_t bytes_ = 0, peak_bytes_ = 0, groups_ = 0, peak_groups_ = 0;
  uint64_t rounds_ = 0, cuts_ = 0, measures_ = 0;
};

}  // namespace rulejit::rt
