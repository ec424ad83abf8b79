// `rulejit run --max-state SIZE`: millions of distinct groups under a small
// bound are written early as rows marked "_partial":1 whose counts add up
// to the events read; the summary says how much state was held and how many
// windows were closed early; bad sizes are rejected.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "cli_runner.h"

namespace {

using namespace cli_test;

const std::string kData = kRepo + "/tests/unit/capi/data";
constexpr long long T0 = 1700000040;  // a multiple of 60

#if defined(__SANITIZE_ADDRESS__)
constexpr int kEvents = 50000;
#else
constexpr int kEvents = 400000;
#endif

// kEvents events of distinct users, spread evenly over `seconds` from T0.
std::string distinct_users(int seconds) {
  std::string out;
  out.reserve(static_cast<size_t>(kEvents) * 56);
  for (int i = 0; i < kEvents; ++i)
    out += R"({"_time":")" + std::to_string(T0 + static_cast<long long>(seconds) * i / kEvents) + R"(","user":"u)" +
           std::to_string(i) + "\"}\n";
  return out;
}

struct Tally {
  long long rows = 0, partial = 0, count_sum = 0;
};

Tally tally(const std::string& out) {
  static const std::regex count(R"("count":([0-9]+))");
  Tally t;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    ++t.rows;
    if (line.find(R"("_partial":1)") != std::string::npos) ++t.partial;
    std::smatch m;
    if (std::regex_search(line, m, count)) t.count_sum += std::stoll(m[1].str());
  }
  return t;
}

// MiB in a summary size ("5.0 MiB", "512 KiB").
double mib(const std::string& number, const std::string& unit) {
  const double v = std::stod(number);
  return unit == "GiB" ? v * 1024 : unit == "MiB" ? v : unit == "KiB" ? v / 1024 : v / 1048576;
}

struct Summary {
  long long groups = -1, closed_early = -1;
  double peak_mib = -1, budget_mib = -1;
};

Summary summary(const std::string& err) {
  static const std::regex line(
      R"(aggregation state: ([0-9]+) groups, [0-9.]+ [KMGT]?i?B at end of input, peak ([0-9.]+) ([KMGT]?i?B) \([0-9]+ groups\); budget ([0-9.]+) ([KMGT]?i?B) \(--max-state\): ([0-9]+) windows closed early)");
  Summary s;
  std::smatch m;
  if (!std::regex_search(err, m, line)) return s;
  s.groups = std::stoll(m[1].str());
  s.peak_mib = mib(m[2].str(), m[3].str());
  s.budget_mib = mib(m[4].str(), m[5].str());
  s.closed_early = std::stoll(m[6].str());
  return s;
}

struct PackRun {
  ScratchDir dir;
  Result r;
  PackRun(const std::string& input, const std::string& extra) {
    spit(dir / "count.yml", "name: Count\nid: count\nsearch: 'sourcetype=_json | stats count by user'\n");
    spit(dir / "in.ndjson", input);
    r = rulejit("run --no-progress --rules '" + (dir / "count.yml").string() + "' --fieldmaps '" + kData +
                "/fieldmaps' -i '" + (dir / "in.ndjson").string() + "' " + extra);
  }
};

TEST(CliRunMaxState, WithoutWindowsTheStateIsWrittenEarlyAsPartialRowsAndNothingIsLost) {
  // Worker threads report their state a batch late: batches shrink under a small budget.
  for (const std::string engine : {"interp --threads 1", "interp --threads 2", "jit --threads 2"}) {
    PackRun run(distinct_users(0), "--engine " + engine + " --max-state 2M");
    ASSERT_EQ(run.r.status, 0) << run.r.err;
    const Tally t = tally(run.r.out);
    EXPECT_EQ(t.count_sum, kEvents) << engine;
    EXPECT_EQ(t.rows, kEvents) << engine;
    EXPECT_EQ(t.partial, t.rows) << engine;  // the one state was cut: every part is partial
    const Summary s = summary(run.r.err);
    EXPECT_GT(s.closed_early, 0) << run.r.err;
    EXPECT_EQ(s.budget_mib, 2.0) << run.r.err;
    EXPECT_GT(s.peak_mib, 0.0) << run.r.err;
    EXPECT_LE(s.peak_mib, 2.0 * 1.05) << run.r.err;
    EXPECT_GE(s.groups, 0) << run.r.err;
    EXPECT_NE(run.r.err.find("warning: aggregation state reached the memory budget's cut point"), std::string::npos)
        << run.r.err;
  }
}

TEST(CliRunMaxState, WindowsClosedEarlyStayOpenAndTheirRowsAddUp) {
  PackRun run(distinct_users(180), "--engine interp --max-state 1M --window 1m");
  ASSERT_EQ(run.r.status, 0) << run.r.err;
  const Tally t = tally(run.r.out);
  EXPECT_EQ(t.count_sum, kEvents);
  EXPECT_GT(t.partial, 0);
  EXPECT_NE(run.r.err.find("3 closed; late events (dropped): 0"), std::string::npos) << run.r.err;
  const Summary s = summary(run.r.err);
  EXPECT_GT(s.closed_early, 0) << run.r.err;
  EXPECT_LE(s.peak_mib, 1.0 * 1.05) << run.r.err;
}

TEST(CliRunMaxState, TheDefaultBudgetIsOneGiBAndSmallRunsAreNotCut) {
  PackRun run(R"({"_time":"1700000041","user":"alice"})" "\n" R"({"_time":"1700000042","user":"bob"})" "\n",
          "--engine interp");
  ASSERT_EQ(run.r.status, 0) << run.r.err;
  EXPECT_EQ(run.r.out.find("_partial"), std::string::npos);
  const Summary s = summary(run.r.err);
  EXPECT_EQ(s.budget_mib, 1024.0) << run.r.err;
  EXPECT_EQ(s.closed_early, 0) << run.r.err;
  EXPECT_EQ(s.groups, 2) << run.r.err;  // held at the end of the input
}

TEST(CliRunMaxState, BadSizesAreRejected) {
  for (const std::string bad : {"12Q", "M", "-5M", "512K", "1000"}) {
    Result r = rulejit("run -q --max-state " + bad);
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--max-state"), std::string::npos) << r.err;
  }
  EXPECT_EQ(rulejit("run -q --now 1755216000 --max-state 64MiB").status, 0);
  EXPECT_EQ(rulejit("run -q --now 1755216000 --max-state 1048576").status, 0);
}

}  // namespace
