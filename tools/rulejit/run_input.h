// RunInput: the lines `rulejit run` reads: its inputs through an
// rt::LineSource, or with --follow through an rt::FollowSource that keeps
// reading files as they grow (tail -F).
//
// Contract:
//  - next() gives the next line; false when every input is read (without
//    --follow; with it, only when every input is stdin at EOF) or once
//    run_signals asked to stop (looked at before each line, and every
//    <= 50 ms while a follower waits for data).
//  - Before a line, when SIGHUP asked for a reload, hooks.reload runs.
//  - Following: when the follower has caught up with every input,
//    hooks.idle runs (flush the rows so far), then once per poll interval
//    while nothing comes.
//  - The follower's notices (waiting, rotation, truncation) go to stderr as
//    "rulejit run: ...".
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/events/follow.h"
#include "runtime/events/line_source.h"

namespace rulejit::cli {

class RunInput {
 public:
  struct Hooks {
    std::function<void()> idle;
    std::function<void()> reload;
  };
  // How the inputs are read.
  struct Mode {
    bool follow = false;  // keep reading as files grow
    // --state without --follow: read through the follower (positions), from
    // `saved`, and end when every input is caught up.
    bool positions = false;
    std::vector<rt::InputPosition> saved;  // where a checkpoint left each input
  };
  RunInput(std::vector<std::string> inputs, Mode mode, rt::LineSourceOptions options, Hooks hooks);

  // Why these inputs cannot be followed (a folder, a gzip file); empty when they can.
  static std::string check_follow(const std::vector<std::string>& inputs);

  bool next(rt::Line& line);
  const rt::ReadStats& stats() const { return follow_ ? follow_->stats() : lines_->stats(); }
  // Following or --state: where each input stands (rt::FollowSource::positions); empty otherwise.
  std::vector<rt::InputPosition> positions() const { return follow_ ? follow_->positions() : std::vector<rt::InputPosition>{}; }
  // Lines for the run summary: how the run was stopped, what following met.
  std::string summary() const;

 private:
  std::optional<rt::LineSource> lines_;
  std::optional<rt::FollowSource> follow_;
  bool end_when_idle_ = false;
  Hooks hooks_;
};

}  // namespace rulejit::cli
