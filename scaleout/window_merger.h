// WindowMerger: the merge half of scale-out, without NATS (testable alone).
// Takes the workers' partial-state messages, marks and per-event rows (wire.h)
// in stream order and emits result lines: per-event rows as they come (once
// per row id), and per window the rows of one engine of the pack into which
// every worker's partial of that window was merged (then finish()ed), in the
// JSON of `rulejit run --window`.
//
// Contract:
//  - add_partial: a message whose id was seen, or all of whose events
//    (header sequences) are in partials already merged for its window, is a
//    duplicate (not merged again: a worker died between publishing it and
//    acking its events, and they were redelivered); one that shares only
//    some events with merged ones is merged and counted in `overlaps` (its
//    shared events count twice; reported); one that does not parse, whose state bytes are corrupt
//    (partial_state.h), whose pack fingerprint or window span differs from
//    the merger's, or whose states do not all fit the pack's rules is
//    rejected (counted, first reasons kept, each also passed to the problem
//    sink) and merges nothing; one whose window was already emitted is late
//    (counted, not merged), or, when the window was emitted before a restart
//    (resume()), skipped as such.
//  - resume(t): a restarted merger: windows ending at or before t were
//    emitted by its previous run; skip_row(id): a per-event row it printed.
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
#include "scaleout/seq_cover.h"
#include "scaleout/wire.h"

namespace rulejit::scaleout {

struct MergerCounters {
  uint64_t partials = 0;     // merged
  uint64_t duplicates = 0;   // partials seen before (same id, or every event already counted)
  uint64_t overlaps = 0;     // merged though some of their events were counted already
  uint64_t rejected = 0;     // corrupt, foreign, malformed
  uint64_t late = 0;         // for windows already emitted
  uint64_t rows = 0;         // per-event rows passed on
  uint64_t duplicate_rows = 0;
  uint64_t windows = 0;      // windows emitted
  uint64_t merged_rows = 0;  // rows of emitted windows
  uint64_t before_restart = 0;  // partials of windows emitted before a restart (resume)
  uint64_t skipped_rows = 0;    // per-event rows printed before a restart
};

struct WorkerView {
  double watermark = 0;
  bool done = false;
  bool timed_out = false;
  double last_seen = 0;
  uint64_t events = 0, late = 0;
  uint64_t redelivered = 0, held = 0, pending = 0;  // see Mark (wire.h)
};

class WindowMerger {
 public:
  using Emit = std::function<void(const std::string& line, const std::string& id)>;
  WindowMerger(std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker, Emit emit, double span,
               size_t expect_workers, double worker_timeout);

  enum class Verdict { Merged, Duplicate, Rejected, Late, BeforeRestart };
  Verdict add_partial(std::string_view message, std::string* why = nullptr);
  void add_row(const std::string& id, std::string_view line);
  void skip_row(const std::string& id);
  void resume(double emitted_through);
  void set_problem_sink(std::function<void(const std::string&)> sink) { problem_sink_ = std::move(sink); }
  // Windows ending at or before this were emitted (the merger's record).
  double emitted_through() const { return emitted_through_; }
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
    SeqCover cover;  // events merged into it
  };
  void problem(const std::string& text);
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
  double resumed_through_ = -1e300;  // ... of which those emitted before a restart
  int64_t emitting_ = 0;             // window of the rows being emitted
  uint64_t row_index_ = 0;
  MergerCounters counters_;
  std::vector<std::string> problems_;
  std::function<void(const std::string&)> problem_sink_;
};

}  // namespace rulejit::scaleout
