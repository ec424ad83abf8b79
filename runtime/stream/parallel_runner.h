// ParallelRunner: one pack over one stream on several threads, with the
// results one engine would give (`rulejit run --threads N`, bench, C API).
//
// Contract:
//  - The calling thread reads: push(line) copies the line into the current
//    batch (about batch_bytes of whole lines); a full batch goes to a queue
//    that `threads` workers take from, each running its own Engine over it.
//    Every line gets its global arrival number (Engine::set_sequence), so
//    ties on _time and the newest-first order of buffered rows are decided
//    as in one engine, whichever worker saw the line.
//  - Per-event result rows (rules without aggregation) are copied by the
//    worker and delivered to `sink` on the calling thread, batch by batch in
//    input order, so they come out in the order one engine emits them.
//    Delivery happens inside push() (when batches complete) and finish().
//  - finish() waits for every batch, moves each worker's aggregation state
//    (Engine::take_rule_states) into the first worker's engine
//    (merge_rule_states: exact, runtime/agg), and finishes that engine: the
//    aggregated rows go to `sink` on the calling thread.
//  - threads == 1 runs everything on the calling thread (no copy, no queue):
//    exactly today's single engine.
//  - In flight are at most 2 * threads + 2 batches: memory stays bounded
//    when the reader is faster than the workers (push() then waits).
//  - Not thread-safe itself: one thread calls push/finish.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"

namespace rulejit::rt {

struct ParallelOptions {
  size_t threads = 1;
  size_t batch_bytes = size_t{1} << 20;  // a batch is cut after this many bytes of lines
};

class ParallelRunner {
 public:
  ParallelRunner(std::shared_ptr<const ir::Pack> pack, ParallelOptions options, SinkEngineFactory make,
                 ResultSink sink);
  ~ParallelRunner();
  ParallelRunner(const ParallelRunner&) = delete;
  ParallelRunner& operator=(const ParallelRunner&) = delete;

  // Makes the engines and starts the workers; false (with *error) when an
  // engine cannot be made.
  bool start(std::string* error);
  // Setup problems of the first engine (the same pack: the same for all).
  const std::vector<std::string>& setup_errors() const;

  void push(const Line& line);
  void finish();

  // Every engine's counters summed (valid after finish, or between pushes
  // for threads == 1).
  EngineStats stats() const;
  size_t threads() const { return options_.threads; }
  void set_timing(bool on);

 private:
  struct Batch;
  struct Worker;
  struct Shared;

  void dispatch_current();
  // Delivers completed batches in order; with `wait_for_oldest`, blocks
  // until the oldest in-flight batch is done first.
  void deliver_done(bool wait_for_oldest);
  void worker_loop(Worker& w);
  void stop_workers();

  std::shared_ptr<const ir::Pack> pack_;
  ParallelOptions options_;
  SinkEngineFactory make_;
  ResultSink sink_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Shared> shared_;
  std::unique_ptr<Batch> current_;
  uint64_t next_sequence_ = 0;  // global arrival number of the next line
  bool finished_ = false;
};

}  // namespace rulejit::rt
