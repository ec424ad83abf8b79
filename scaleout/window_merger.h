// WindowMerger: the merge half of scale-out, without NATS (testable alone).
// Takes the workers' partial-state messages, marks and per-event rows (wire.h)
// in stream order and emits result lines: per-event rows as they come (once
// per row id), and per window the rows of one engine of the pack into which
// every worker's partial of that window was merged (then finish()ed), in the
// JSON of `rulejit run --window`.
//
// Contract:
//  - add_partial: a message whose id was seen is a duplicate (not merged
//    again); one that does not parse, whose state bytes are corrupt
//    (partial_state.h), whose pack fingerprint or window span differs from
//    the merger's, or whose states do not all fit the pack's rules is
//    rejected (counted, first reasons kept) and merges nothing; one whose
//    window was already emitted is late (counted, not merged).
//  - flush_ready(now): a window is emitted once at least expect_workers
//    workers have been seen (or worker_timeout seconds have passed since
//    time 0 of `now`, the merger's start) and every worker still counted
//    has a watermark at or past the window's end. A worker not done and silent for
//    worker_timeout seconds (by `now`, the caller's clock) stops being
//    counted (reported in timed_out()); with it gone the windows it held back
//    are emitted. Windows go out oldest first.
//  - finish(): emits every window still held (end of the run).
//  - Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"
#include "scaleout/wire.h"

namespace rulejit::scaleout {

struct MergerCounters {
  uint64_t partials = 0;     // merged
  uint64_t duplicates = 0;   // partials seen before (same id)
  uint64_t rejected = 0;     // corrupt, foreign, malformed
  uint64_t late = 0;         // for windows already emitted
  uint64_t rows = 0;         // per-event rows passed on
  uint64_t duplicate_rows = 0;
  uint64_t windows = 0;      // windows emitted
  uint64_t merged_rows = 0;  // rows of emitted windows
};

struct WorkerView {
  double watermark = 0;
  bool done = false;
  bool timed_out = false;
  double last_seen = 0;
  uint64_t events = 0, late = 0;
};

class WindowMerger {
 public:
  using Emit = std::function<void(const std::string& line, const std::string& id)>;
  WindowMerger(std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker, Emit emit, double span,
               size_t expect_workers, double worker_timeout);

  enum class Verdict { Merged, Duplicate, Rejected, Late };
  Verdict add_partial(std::string_view message, std::string* why = nullptr);
  void add_row(const std::string& id, std::string_view line);
  void add_mark(std::string_view message, double now);
  size_t flush_ready(double now);
  void finish();

  // Every expected worker was seen (or worker_timeout passed) and every one
  // counted is done.
  bool all_done(double now) const;
  const MergerCounters& counters() const { return counters_; }
  const std::map<std::string, WorkerView>& workers() const { return workers_; }
  const std::vector<std::string>& problems() const { return problems_; }  // first few rejections
  double span() const { return span_; }

 private:
  struct Open {
    std::unique_ptr<rt::Engine> engine;
    size_t partials = 0;
  };
  void emit_window(int64_t index, Open& open);
  void reject(const std::string& why, std::string* out);
  double low_watermark(double now);
  bool enough_workers(double now) const;

  std::shared_ptr<const ir::Pack> pack_;
  rt::SinkEngineFactory maker_;
  Emit emit_;
  double span_;
  size_t expect_workers_;
  double worker_timeout_;
  std::string fingerprint_;
  std::map<int64_t, Open> open_;
  std::set<std::string> seen_partials_, seen_rows_;
  std::map<std::string, WorkerView> workers_;
  double emitted_through_ = -1e300;  // windows ending at or before it are out
  int64_t emitting_ = 0;             // window of the rows being emitted
  uint64_t row_index_ = 0;
  MergerCounters counters_;
  std::vector<std::string> problems_;
};

}  // namespace rulejit::scaleout
