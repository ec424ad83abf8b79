// run_merger: the merge process of scale-out. Reads the stream's worker
// output (NAME.out.>: partials, marks, per-event rows) from the beginning
// with an ordered consumer (it follows a restart of nats-server from where
// it was), in stream order, into a WindowMerger (window_merger.h); every
// result line goes to the output and, with publish_results, to NAME.results
// (msg id per row, so a row written again after a restart is stored once).
//
// Restart: after writing rows the merger publishes its record
// (merger_record.h). A restarted merger reads the last record first; it
// still reads the worker output from the start (the stream keeps it: the
// open windows' partials are rebuilt from it) but writes only windows past
// the record and per-event rows after it. With the same -o FILE the file is
// cut back to the record's length and continued: every row once. On
// standard output the rows written after the last record may repeat.
// reprint ignores the record (and writes everything again).
//
// It returns when exit_when_done and every expected worker is done (or
// timed out), or when *stop is set.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"
#include "scaleout/merger_record.h"
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
  std::string output;          // "" or "-": standard output
  bool reprint = false;        // ignore the record of a previous run
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const std::string&)> on_problem;  // each rejected or late partial, as it happens
};

struct MergerResult {
  MergerCounters counters;
  std::map<std::string, WorkerView> workers;
  std::vector<std::string> problems;
  bool resumed = false;  // continued after `record`
  EmitRecord record;
};

// 0 ok; 2 bad configuration, or the output cannot be opened or continued;
// 4 results could not be written; 5 NATS failure (*error).
int run_merger(const MergerConfig& config, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
               MergerResult* result, std::string* error);

}  // namespace rulejit::scaleout
