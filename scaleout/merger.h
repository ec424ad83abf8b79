// run_merger: the merge process of scale-out. Reads the stream's worker
// output (NAME.out.>: partials, marks, per-event rows) from the beginning
// with an ephemeral consumer, in stream order, into a WindowMerger
// (window_merger.h); every result line goes to `out` and, with
// publish_results, to NAME.results (msg id per row, so a restarted merger
// within the duplicate window does not publish a row twice).
//
// A restarted merger reads the worker output again from the start and so
// prints every result again (the stream keeps everything; no retention
// policy yet). It returns when exit_when_done and every expected worker is
// done (or timed out), or when *stop is set.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"
#include "scaleout/window_merger.h"

namespace rulejit::scaleout {

struct MergerConfig {
  std::string url = "nats://127.0.0.1:4222";
  std::string stream;
  double span = 0;             // the workers' --window
  size_t expect_workers = 1;   // windows wait until this many workers were seen
  double worker_timeout_s = 30;  // a silent worker stops holding windows back after this
  bool exit_when_done = true;
  bool publish_results = false;
  const std::atomic<bool>* stop = nullptr;
};

// 0 ok; 2 bad configuration; 5 NATS failure (*error).
int run_merger(const MergerConfig& config, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
               const std::function<void(const std::string& line)>& out, MergerCounters* counters,
               std::map<std::string, WorkerView>* workers, std::vector<std::string>* problems, std::string* error);

}  // namespace rulejit::scaleout
