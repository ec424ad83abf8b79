// RunState: `rulejit run --state DIR`, checkpoints of a run and the restart
// from one (runtime/stream/checkpoint.h has what a checkpoint holds).
//
// Contract:
//  - open(): creates DIR when missing and loads its checkpoint. A corrupt
//    checkpoint, one of another format version, or one made with other
//    settings (window span, lateness, output file) is refused with the
//    reason, unless `fresh` (--fresh-state) says to discard it.
//  - due() is true every `interval` seconds (a clock read every 1024 calls);
//    save() then runs every pushed event (WindowedEngine::snapshot syncs),
//    makes the output durable (flush + fsync), and writes the checkpoint
//    atomically. Order matters: rows first, then the checkpoint that counts
//    them, so after a crash the output holds at least what the checkpoint
//    says and a restart cuts it back to exactly that (open_resumed).
//  - A failed save is reported (the first time and every 100th) and counted;
//    the run goes on and the caller fails it at the end (exit 4).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/core/output_file.h"
#include "runtime/stream/checkpoint.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::cli {

class RunState {
 public:
  RunState(std::string dir, std::string settings, double interval_seconds, bool fresh);

  // False (with *error) when the folder cannot be used or its checkpoint is
  // refused.
  bool open(std::string* error);
  // A checkpoint was loaded: the run continues it.
  const std::optional<rt::Checkpoint>& loaded() const { return loaded_; }

  bool due() {
    if ((++calls_ & 1023) != 0) return false;
    return std::chrono::steady_clock::now() >= next_;
  }
  // The same without the call counting (when the input pauses).
  bool due_now() const { return std::chrono::steady_clock::now() >= next_; }
  bool save(rt::WindowedEngine& windows, rt::OutputStream& out, std::vector<rt::InputPosition> positions,
            uint64_t rows_out);

  uint64_t saves() const { return saves_; }
  uint64_t failures() const { return failures_; }
  double save_seconds() const { return save_seconds_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_, settings_;
  std::chrono::duration<double> interval_;
  bool fresh_;
  std::optional<rt::Checkpoint> loaded_;
  uint64_t calls_ = 0, saves_ = 0, failures_ = 0;
  double save_seconds_ = 0;
  std::chrono::steady_clock::time_point next_;
};

}  // namespace rulejit::cli
