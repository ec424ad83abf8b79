#include "tools/rulejit/run_input.h"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>

#include "tools/rulejit/run_signals.h"

namespace rulejit::cli {

RunInput::RunInput(std::vector<std::string> inputs, Mode mode, rt::LineSourceOptions options, Hooks hooks)
    : end_when_idle_(!mode.follow), hooks_(std::move(hooks)) {
  if (mode.follow || mode.positions) {
    rt::FollowOptions fo;
    fo.lines = options;
    fo.notice = [](const std::string& m) { std::fprintf(stderr, "rulejit run: %s\n", m.c_str()); };
    follow_.emplace(std::move(inputs), std::move(fo), mode.saved);
  } else {
    lines_.emplace(std::move(inputs), options);
  }
}

std::string RunInput::check_follow(const std::vector<std::string>& inputs) {
  for (const auto& in : inputs)
    if (std::string why = rt::FollowSource::unfollowable(in); !why.empty()) return in + ": " + why;
  return {};
}

bool RunInput::next(rt::Line& line) {
  for (;;) {
    if (run_signals::stop_requested()) return false;
    if (run_signals::take_reload() && hooks_.reload) hooks_.reload();
    if (!follow_) return lines_->next(line);
    switch (follow_->next(line, &run_signals::stop_flag())) {
      case rt::FollowSource::Status::Line:
        return true;
      case rt::FollowSource::Status::End:
        return false;
      case rt::FollowSource::Status::Idle:
        if (end_when_idle_) return false;  // --state without --follow: every input read to its end
        if (hooks_.idle) hooks_.idle();
        break;
    }
  }
}

std::string RunInput::summary() const {
  std::string s;
  if (int sig = run_signals::stop_signal())
    s += fmt::format("  stopped by {}; the pending results were written\n",
                     sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal");
  if (follow_) {
    const rt::FollowStats& f = follow_->follow_stats();
    if (f.rotations || f.truncations)
      s += fmt::format("  followed inputs: {} rotated, {} truncated (read again from the start)\n", f.rotations,
                       f.truncations);
  }
  return s;
}

}  // namespace rulejit::cli
