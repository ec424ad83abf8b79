// Signals of `rulejit run`: the handlers only set flags; the run's loop acts
// on them between lines and while it waits for input.
//
// Contract:
//  - install() sets handlers for SIGINT, SIGTERM and SIGHUP (SA_RESTART);
//    restore() puts the previous ones back.
//  - The first SIGINT or SIGTERM sets stop_flag(): the run stops reading,
//    closes its windows, flushes and prints its summary. When stdin is an
//    input (install(true)), fd 0 is also pointed at /dev/null so that a read
//    blocked on it ends at once (open, dup2, close are async-signal-safe).
//  - A second SIGINT (or SIGTERM) exits at once with 128 + the signal
//    (130 for SIGINT) through _exit: no flush, no summary.
//  - SIGHUP counts a reload request; take_reload() returns true once per
//    burst of requests and clears them.
//  - Process-wide state: one run at a time.
#pragma once

#include <atomic>

namespace rulejit::cli::run_signals {

void install(bool stdin_is_input);
void restore();

const std::atomic<bool>& stop_flag();
bool stop_requested();
// The signal that asked to stop (SIGINT or SIGTERM), 0 when none did.
int stop_signal();
bool take_reload();

}  // namespace rulejit::cli::run_signals
