// `rulejit run --state DIR`: killed with SIGKILL at random points and started
// again until it finishes, the output is byte for byte the output of one
// uninterrupted run; the same while following a file that is rotated
// between kills; a corrupt or foreign checkpoint is refused until
// --fresh-state.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "cli_runner.h"

namespace {

using namespace cli_test;

const std::string kData = kRepo + "/tests/unit/capi/data";
constexpr long long T0 = 1700000040;  // a multiple of 60

// Events over ~40 minutes of event time, slightly out of order, some late.
std::string events(int count, int first_id, double start) {
  std::mt19937 rng(static_cast<unsigned>(first_id) + 7);
  std::string out;
  for (int i = 0; i < count; ++i) {
    const double t = start + i * 0.06 - static_cast<double>(rng() % 400) / 100.0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", t);
    out += std::string(R"({"_time":")") + buf + R"(","user":"u)" + std::to_string(rng() % 40) + R"(","action":")" +
           (rng() % 3 ? "fail" : "ok") + R"(","id":)" + std::to_string(first_id + i) + "}\n";
  }
  return out;
}

std::string run_args(const std::string& inputs, const fs::path& out) {
  return "run --no-progress -q --engine interp --threads 2 --now " + std::to_string(T0) + " --rules '" + kData +
         "/rules' --fieldmaps '" + kData + "/fieldmaps' --window 60 --allowed-lateness 5 " + inputs + " -o '" +
         out.string() + "'";
}

TEST(RunState, KilledAtRandomPointsThenResumedGivesTheRowsOfOneRun) {
  ScratchDir dir;
  const fs::path in = dir / "events.ndjson";
  spit(in, events(60000, 0, T0));
  const Result ref = rulejit(run_args("-i '" + in.string() + "'", dir / "ref.ndjson"));
  ASSERT_EQ(ref.status, 0) << ref.err;
  const std::string expected = slurp(dir / "ref.ndjson");
  ASSERT_GT(lines(expected), 100u);

  const std::string args = run_args("-i '" + in.string() + "'", dir / "out.ndjson") + " --state '" +
                           (dir / "state").string() + "' --checkpoint-interval 0.01";
  // Each attempt lives a little longer, so the run ends whatever the speed.
  std::mt19937 rng(std::random_device{}());
  int kills = 0, status = -1;
  double life = 0.05;
  for (int attempt = 0; attempt < 40 && status != 0; ++attempt) {
    const double t = life * (0.5 + static_cast<double>(rng() % 100) / 100.0);
    const Result r = rulejit(args, "timeout -s KILL " + std::to_string(t));
    status = r.status;
    if (status == 137) ++kills;
    else ASSERT_EQ(status, 0) << r.err;
    life *= 1.25;
  }
  ASSERT_EQ(status, 0);
  EXPECT_GE(kills, 1);
  EXPECT_EQ(slurp(dir / "out.ndjson"), expected) << kills << " kills";
}

TEST(RunState, FollowingAcrossKillsAndARotationGivesTheRowsOfOneRun) {
  ScratchDir dir;
  const fs::path log = dir / "tetragon.log";
  const std::string a = events(3000, 0, T0), b = events(3000, 3000, T0 + 180), c = events(3000, 6000, T0 + 360);
  spit(dir / "all.ndjson", a + b + c);
  const Result ref = rulejit(run_args("-i '" + (dir / "all.ndjson").string() + "'", dir / "ref.ndjson"));
  ASSERT_EQ(ref.status, 0) << ref.err;

  const std::string state = " --state '" + (dir / "state").string() + "' --checkpoint-interval 0.01";
  const std::string follow = run_args("-i '" + log.string() + "'", dir / "out.ndjson") + " --follow" + state;
  spit(log, a);
  // Killed while following (after at least one checkpoint), part B appended
  // while it is down, then the file is rotated while it is down again.
  Result r = rulejit(follow, "timeout -s KILL 1.5");
  EXPECT_EQ(r.status, 137) << r.err;
  ASSERT_TRUE(fs::exists(dir / "state" / "checkpoint"));
  std::ofstream(log, std::ios::binary | std::ios::app) << b.substr(0, b.size() / 2);
  r = rulejit(follow, "timeout -s KILL 1.5");
  EXPECT_EQ(r.status, 137) << r.err;
  std::ofstream(log, std::ios::binary | std::ios::app) << b.substr(b.size() / 2);
  fs::rename(log, dir / "tetragon.log.1");
  spit(log, c);
  r = rulejit(follow, "timeout -s TERM 1.5");  // SIGTERM: open windows saved, not closed
  EXPECT_EQ(r.status, 124) << r.err;  // timeout's status after its signal ended the child
  // Without --follow the same state reads to the end and closes every window.
  r = rulejit(run_args("-i '" + log.string() + "'", dir / "out.ndjson") + state);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(dir / "out.ndjson"), slurp(dir / "ref.ndjson"));
}

TEST(RunState, ACorruptOrForeignCheckpointIsRefusedUntilFreshState) {
  ScratchDir dir;
  const fs::path in = dir / "events.ndjson";
  spit(in, events(500, 0, T0));
  const std::string state = " --state '" + (dir / "state").string() + "'";
  const std::string args = run_args("-i '" + in.string() + "'", dir / "out.ndjson") + state;
  ASSERT_EQ(rulejit(args).status, 0);
  const std::string first = slurp(dir / "out.ndjson");
  // Damaged on disk.
  std::string bytes = slurp(dir / "state" / "checkpoint");
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
  spit(dir / "state" / "checkpoint", bytes);
  Result r = rulejit(args);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("corrupt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--fresh-state"), std::string::npos) << r.err;
  r = rulejit(args + " --fresh-state");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(dir / "out.ndjson"), first);
  // Made with another window span.
  std::string other = args;
  other.replace(other.find("--window 60"), 11, "--window 30");
  r = rulejit(other);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("other settings"), std::string::npos) << r.err;
  // stdin cannot be resumed; a state folder that cannot be made is an error.
  r = rulejit(run_args("-i -", dir / "x.ndjson") + state + " < '" + in.string() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("stdin"), std::string::npos) << r.err;
  spit(dir / "afile", "x");
  r = rulejit(run_args("-i '" + in.string() + "'", dir / "y.ndjson") + " --state '" + (dir / "afile").string() + "/s'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot create"), std::string::npos) << r.err;
}

}  // namespace
