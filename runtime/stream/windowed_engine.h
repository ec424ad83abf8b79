// WindowedEngine: aggregations per tumbling window of event time, over one
// rt::Engine per open window. Shared by the C API (rulejit.h, "Windows")
// and `rulejit run --window`, so both cut windows the same way.
//
// Contract:
//  - span > 0: windows are [k*span, (k+1)*span) of the event's `_time`, as
//    TimeProbe finds it. The watermark is the largest event time seen minus
//    the allowed lateness. When an event raises it, every open window whose
//    end is <= the watermark is closed, oldest first: its engine's finish()
//    runs (aggregates, row stages) and the window counts as closed.
//  - A timed event whose window is already closed (end <= watermark) is
//    late: counted and dropped. An event without a usable _time is untimed:
//    counted, and run in the window of the largest event time seen (of
//    options.now when none was seen). A malformed event is counted by the
//    probe (probe_stats) and dropped.
//  - span <= 0: no windows. One engine gets every event; finish() ends it
//    (counted as one closed window); nothing is late or untimed.
//  - Results go to the sinks of the engines the factory makes. While they
//    are produced (inside push or finish), current_window() is their window:
//    the closing window, or for a non-aggregating rule the event's window.
//  - An engine whose window closed is kept and reused for a later window
//    (finish() leaves it empty), so engines are made once per concurrently
//    open window, not once per window.
//  - options.max_state > 0 bounds the aggregation state: past it the oldest
//    windows are cut (emitted early as partial rows, emptied, kept open),
//    as runtime/stream/state_budget.h says. While a cut window's rows are
//    produced, and when a window that was cut closes, current_window()
//    says partial.
//  - Engines may run events later (threads: parallel_engine.h). Their
//    per-event rows then come out in input order, each while
//    current_window() is its event's window: an engine is synced before
//    another window's engine takes an event, and before a window is closed
//    or cut (so per-event rows are never marked partial).
//  - Not thread-safe: callers serialize (the C API holds its engine lock).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"
#include "runtime/stream/state_budget.h"
#include "runtime/stream/time_probe.h"

namespace rulejit::rt {

struct WindowOptions {
  double span = 0;      // seconds; <= 0: no windows
  double lateness = 0;  // seconds the watermark trails the largest event time
  double now = 0;       // the reference time of untimed events before any timed one
  size_t max_state = 0;  // bytes of aggregation state; 0: unbounded (state_budget.h)
};

// [start, end) in epoch seconds; {0, 0} when there are no windows.
struct Window {
  double start = 0, end = 0;
  // The rows being produced hold part of the window's (or the whole
  // input's) aggregation: the memory budget cut it (state_budget.h).
  bool partial = false;
};

// What the state budget saw (state_budget.h); bytes and groups measured
// when asked.
struct StateStats {
  size_t budget = 0;        // bytes; 0: unbounded
  size_t bytes = 0;         // held now
  size_t groups = 0;        // held now
  size_t peak_bytes = 0;    // the largest measured (now included)
  size_t peak_groups = 0;
  uint64_t enforced = 0;      // times the state was found over the budget
  uint64_t closed_early = 0;  // windows cut (emitted early as partial rows)
};

// The windows' state at one point of the stream, as data: what a checkpoint
// (--state, runtime/stream/checkpoint.h) saves and a restart restores.
struct WindowSnapshot {
  struct OpenWindow {
    int64_t index = 0;  // 0 without windows (the single engine)
    bool fed = false, split = false;
    std::string states;  // Engine::take_rule_states as bytes (partial_state.h)
  };
  bool have_time = false;
  double max_time = 0;
  uint64_t late = 0, untimed = 0, closed = 0;
  std::vector<OpenWindow> windows;  // oldest first
};

// Makes an engine of the pack; nullptr and *error when it cannot.
using EngineFactory = std::function<std::unique_ptr<Engine>(std::string* error)>;

class WindowedEngine {
 public:
  // `first` is an engine the factory made (the caller has seen its setup
  // errors); it serves the first window.
  WindowedEngine(std::shared_ptr<const ir::Pack> pack, WindowOptions options, EngineFactory factory,
                 std::unique_ptr<Engine> first);

  // One event, routed by `sourcetype` when it is not empty. False (with
  // *error) only when no engine could be made for a new window.
  bool push(const Line& line, std::string_view sourcetype, std::string* error);
  // Closes every open window, whatever the watermark (which is kept).
  void finish();
  // Every pushed event is run and its per-event rows delivered (engines on
  // worker threads deliver late otherwise: parallel_engine.h).
  void sync();

  Window current_window() const;
  const WindowOptions& options() const { return options_; }

  // Hot reload: every open window's rule states move to an engine of the
  // new pack (by rule key and plan text, Engine::adopt_rule_states); spare
  // engines are dropped. `first` is a fresh engine of the new pack. On
  // success the replaced engines (and probe) are handed to the caller, who
  // may read their counters and destroys them; on failure (an engine could
  // not be made) nothing changes.
  struct Retired {
    std::vector<std::unique_ptr<Engine>> engines;
    std::unique_ptr<TimeProbe> probe;
  };
  bool replace_pack(std::shared_ptr<const ir::Pack> pack, EngineFactory factory, std::unique_ptr<Engine> first,
                    Retired* retired, std::string* error);

  // Checkpoints: every pushed event is run (sync), then each open window's
  // state is copied out (taken and given back). Events pushed afterwards
  // are not part of it.
  WindowSnapshot snapshot();
  // Before any event: reopens the snapshot's windows with their states and
  // the clock (watermark, counters). False (with *error) when an engine
  // cannot be made or a state does not fit this pack (then the caller
  // should start fresh: nothing was half restored that it keeps).
  bool restore(WindowSnapshot&& snapshot, std::string* error);

  // Every engine held (open windows and spares), for counters and memory.
  std::vector<Engine*> engines() const;
  // The probe's reading counters (malformed events); nullptr without windows.
  const ReadStats* probe_stats() const { return probe_ ? &probe_->stats() : nullptr; }
  // The engines' counters summed, with the probe's reading counters.
  EngineStats stats() const;

  // The largest event time seen minus the lateness: every window ending at
  // or before it is closed. -inf before the first timed event (and without
  // windows).
  double watermark() const;
  uint64_t late_events() const { return late_; }
  uint64_t untimed_events() const { return untimed_; }
  uint64_t windows_closed() const { return windows_closed_; }
  // Windows aggregating now (always 1 without windows).
  size_t windows_open() const { return windowed() ? open_.size() : 1; }
  // Windows (or the whole-input state) cut by the memory budget.
  uint64_t windows_closed_early() const { return budget_.cuts(); }
  // Measures the state now (O(state): not per event).
  StateStats state_stats() const;

 private:
  struct Open {
    std::unique_ptr<Engine> engine;
    bool fed = false;    // events since it was last emptied
    bool split = false;  // cut by the budget: every row of it is partial
  };
  using OpenMap = std::map<int64_t, Open>;

  bool windowed() const { return options_.span > 0; }
  Open* engine_for(int64_t window, std::string* error);
  void close_through(double watermark);
  void close(OpenMap::iterator it);
  std::unique_ptr<Engine> take_spare();
  // The budget's per-event check, and its cuts (state_budget.h).
  void check_budget();
  void enforce_budget();
  // Emits the state of a window (or the single engine) early and empties it.
  void cut(int64_t window, Open& open);
  size_t state_bytes() const;
  size_t state_groups() const;

  std::shared_ptr<const ir::Pack> pack_;
  WindowOptions options_;
  EngineFactory factory_;
  Open single_;                                  // span <= 0
  OpenMap open_;                                // window index -> engine
  std::vector<std::unique_ptr<Engine>> spare_;       // emptied, reusable
  std::unique_ptr<TimeProbe> probe_;                 // span > 0
  bool have_time_ = false;
  double max_time_ = 0;
  Engine* last_ = nullptr;   // the engine of the last event (of window last_window_)
  int64_t last_window_ = 0;
  int64_t emit_window_ = 0;  // window of the results being produced
  bool emit_partial_ = false;  // ... and they are partial (cut by the budget)
  StateBudget budget_;
  uint64_t late_ = 0, untimed_ = 0, windows_closed_ = 0;
};

}  // namespace rulejit::rt
