// The memory budget of rt::WindowedEngine (runtime/stream/state_budget.h):
// millions of distinct group keys under a small budget keep the state under
// it (plus a small slack) at every point, cut windows' rows are marked
// partial, and the counts of all rows add up to the events pushed.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::rt {
namespace {

namespace fs = std::filesystem;

const std::string kFieldmaps = std::string(RULEJIT_SOURCE_DIR) + "/tests/unit/capi/data/fieldmaps";
constexpr double T0 = 1700000040;  // a multiple of 60

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// Budgets and stream sizes: lighter under ASan (about 10x slower).
constexpr size_t kBudget = kSanitized ? (size_t{1} << 20) : (size_t{8} << 20);
constexpr uint64_t kEvents = kSanitized ? 200000 : 2000000;

// One rule (its search) over plain JSON events, run through a WindowedEngine;
// rows are tallied as they come.
struct BudgetRun {
  fs::path dir;
  std::shared_ptr<ir::Pack> pack;
  std::unique_ptr<WindowedEngine> windows;
  uint64_t rows = 0, partial_rows = 0, count_sum = 0;
  std::map<double, uint64_t> sum_by_window, partial_by_window;  // window start -> count sum / partial rows
  size_t max_seen = 0;  // the largest state measured by check()
  std::string buf;

  BudgetRun(const std::string& search, WindowOptions wo, const std::string& executor = "interp") {
    dir = fs::temp_directory_path() / ("rulejit-budget-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(dir);
    std::ofstream(dir / "rule.yml") << "name: Budget Rule\nid: budget-rule\nsearch: '" << search << "'\n";
    PackSources s;
    s.rule_paths = {(dir / "rule.yml").string()};
    s.fieldmap_dirs = {kFieldmaps};
    pack = build_pack(s).pack;
    EXPECT_EQ(pack->rules.size(), 1u);
    EngineFactory factory = [this, executor, wo](std::string* error) {
      EngineOptions eo;
      eo.now = T0;
      eo.memory_budget = wo.max_state;
      eo.memory_budget_enforced = true;
      ResultSink sink = [this](uint32_t, const ir::Plan& plan, const Row& row) { tally(plan, row); };
      return make_engine(executor, pack, eo, sink, error);
    };
    std::string err;
    auto first = factory(&err);
    EXPECT_TRUE(first) << err;
    windows = std::make_unique<WindowedEngine>(pack, wo, factory, std::move(first));
  }
  ~BudgetRun() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  void tally(const ir::Plan& plan, const Row& row) {
    const Window w = windows->current_window();
    ++rows;
    if (w.partial) {
      ++partial_rows;
      ++partial_by_window[w.start];
    }
    for (size_t i = 0; i < plan.slots.size(); ++i) {
      if (plan.slots[i] != "count") continue;
      const uint64_t c = static_cast<uint64_t>(row.slots[i].to_number().value_or(0));
      count_sum += c;
      sum_by_window[w.start] += c;
    }
  }

  void push(const std::string& event) {
    Line line = padded_line(buf, event, "<test>");
    std::string err;
    ASSERT_TRUE(windows->push(line, "", &err)) << err;
  }
  // Measures the state now (the budget's own checks are rarer).
  void check() { max_seen = std::max(max_seen, windows->state_stats().bytes); }
};

std::string event(uint64_t i, double t) {
  return R"({"_time":")" + std::to_string(t) + R"(","user":"u)" + std::to_string(i) + R"(","action":"a)" +
         std::to_string(i % 7) + "\"}";
}

// The state may exceed the budget by 5% (state_budget.h: growth between two
// measures).
void expect_under_budget(const BudgetRun& r, size_t budget = kBudget) {
  const StateStats st = r.windows->state_stats();
  EXPECT_LE(r.max_seen, budget + budget / 20);
  EXPECT_LE(st.peak_bytes, budget + budget / 20);
  EXPECT_GT(st.closed_early, 0u);
  EXPECT_GT(st.enforced, 0u);
  std::printf("budget %zu: max state seen %zu, peak measured %zu (%zu groups), %llu windows cut in %llu rounds\n",
              budget, r.max_seen, st.peak_bytes, st.peak_groups, static_cast<unsigned long long>(st.closed_early),
              static_cast<unsigned long long>(st.enforced));
}

class StateBudgetExecutors : public ::testing::TestWithParam<std::string> {};

TEST_P(StateBudgetExecutors, WithoutWindowsTheWholeInputStateIsCutAndNothingIsLost) {
  BudgetRun r("sourcetype=_json | stats count by user", {0, 0, T0, kBudget}, GetParam());
  for (uint64_t i = 0; i < kEvents; ++i) {
    r.push(event(i, T0 + 1));
    if ((i & 4095) == 0) r.check();
  }
  r.check();
  expect_under_budget(r);
  r.windows->finish();
  EXPECT_EQ(r.count_sum, kEvents);  // every event counted once
  EXPECT_EQ(r.rows, kEvents);       // every key is distinct: one row each
  // The state was cut, so every row of it (the last part too) is partial.
  EXPECT_EQ(r.partial_rows, r.rows);
  EXPECT_EQ(r.windows->windows_closed(), 1u);
  // After the end the state is given back.
  EXPECT_LT(r.windows->state_stats().bytes, size_t{64} << 10);
  bool warned = false;
  for (const auto& w : r.windows->stats().warnings)
    warned = warned || w.find("memory budget") != std::string::npos;
  EXPECT_TRUE(warned);
}

INSTANTIATE_TEST_SUITE_P(Executors, StateBudgetExecutors, ::testing::Values("interp", "jit"));

TEST(StateBudget, WindowsAreCutOldestFirstStayOpenAndLoseNothing) {
  // Four windows of kEvents/4 events each; with 60 s of lateness two are
  // open at a time, each far over the budget alone.
  BudgetRun r("sourcetype=_json | stats count by user", {60, 60, T0, kBudget});
  const double step = 240.0 / static_cast<double>(kEvents);
  for (uint64_t i = 0; i < kEvents; ++i) {
    r.push(event(i, T0 + static_cast<double>(i) * step));
    if ((i & 4095) == 0) r.check();
  }
  r.check();
  expect_under_budget(r);
  r.windows->finish();
  EXPECT_EQ(r.count_sum, kEvents);
  EXPECT_EQ(r.windows->late_events(), 0u);  // cut windows stay open
  EXPECT_EQ(r.windows->windows_closed(), 4u);
  ASSERT_EQ(r.sum_by_window.size(), 4u);
  for (const auto& [start, sum] : r.sum_by_window) {
    EXPECT_NEAR(static_cast<double>(sum), static_cast<double>(kEvents / 4), 2.0) << start;
    EXPECT_GT(r.partial_by_window[start], 0u) << start;
  }
}

TEST(StateBudget, OnlyCutWindowsAreMarkedPartial) {
  constexpr size_t budget = size_t{1} << 20;
  constexpr uint64_t big = kSanitized ? 60000 : 200000;
  BudgetRun r("sourcetype=_json | stats count by user", {60, 0, T0, budget});
  for (uint64_t i = 0; i < 3; ++i) r.push(event(i, T0 + 1));  // window 0: small
  for (uint64_t i = 0; i < big; ++i) r.push(event(i, T0 + 61));  // window 1: far over the budget
  r.push(event(0, T0 + 121));  // window 2: small, after window 1 closed
  r.windows->finish();
  EXPECT_EQ(r.sum_by_window[T0], 3u);
  EXPECT_EQ(r.partial_by_window.count(T0), 0u);
  EXPECT_EQ(r.sum_by_window[T0 + 60], big);
  EXPECT_EQ(r.partial_by_window[T0 + 60], big);  // every row of the cut window
  EXPECT_EQ(r.sum_by_window[T0 + 120], 1u);
  EXPECT_EQ(r.partial_by_window.count(T0 + 120), 0u);
  EXPECT_GT(r.windows->windows_closed_early(), 0u);
}

TEST(StateBudget, AccumulatorStateIsMeasuredToo) {
  // values() keeps text per group: the estimate from group counts is not
  // the whole story, the full measures catch it.
  constexpr uint64_t n = kSanitized ? 100000 : 500000;
  // A group here holds ~1 KB, and up to 1024 groups arrive between two
  // checks: the budget must be large against that (1 MiB under ASan is not).
  constexpr size_t budget = size_t{4} << 20 > kBudget ? size_t{4} << 20 : kBudget;
  BudgetRun r("sourcetype=_json | stats count values(action) as actions dc(action) as kinds by user",
              {0, 0, T0, budget});
  for (uint64_t i = 0; i < n; ++i) {
    r.push(event(i, T0 + 1));
    if ((i & 4095) == 0) r.check();
  }
  r.check();
  expect_under_budget(r, budget);
  r.windows->finish();
  EXPECT_EQ(r.count_sum, n);
}

TEST(StateBudget, WithoutABudgetNothingIsCut) {
  BudgetRun r("sourcetype=_json | stats count by user", {0, 0, T0, 0});
  for (uint64_t i = 0; i < 50000; ++i) r.push(event(i, T0 + 1));
  r.windows->finish();
  EXPECT_EQ(r.count_sum, 50000u);
  EXPECT_EQ(r.partial_rows, 0u);
  EXPECT_EQ(r.windows->windows_closed_early(), 0u);
  EXPECT_EQ(r.windows->state_stats().enforced, 0u);
}

}  // namespace
}  // namespace rulejit::rt
