// run_signals (compiled into this test): the first SIGINT/SIGTERM only sets
// the stop flag, a second one exits at once with 128 + the signal, SIGHUP
// asks for one reload.
#include "tools/rulejit/run_signals.h"

#include <csignal>

#include <gtest/gtest.h>

namespace {

namespace rs = rulejit::cli::run_signals;

TEST(RunSignals, FirstStopSetsTheFlagSecondExitsAtOnce) {
  EXPECT_EXIT(
      {
        rs::install(false);
        std::raise(SIGINT);
        if (!rs::stop_requested() || rs::stop_signal() != SIGINT) std::_Exit(1);
        std::raise(SIGINT);
        std::_Exit(2);  // not reached
      },
      ::testing::ExitedWithCode(130), "");
  EXPECT_EXIT(
      {
        rs::install(false);
        std::raise(SIGTERM);
        if (!rs::stop_flag().load()) std::_Exit(1);
        std::raise(SIGTERM);
        std::_Exit(2);
      },
      ::testing::ExitedWithCode(143), "");
}

TEST(RunSignals, SighupAsksForOneReload) {
  rs::install(false);
  EXPECT_FALSE(rs::take_reload());
  std::raise(SIGHUP);
  std::raise(SIGHUP);
  EXPECT_TRUE(rs::take_reload());
  EXPECT_FALSE(rs::take_reload());
  EXPECT_FALSE(rs::stop_requested());
  rs::restore();
}

}  // namespace
