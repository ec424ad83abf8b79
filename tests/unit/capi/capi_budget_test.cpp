// The C API's memory budget (rulejit_options.memory_budget_bytes) is
// enforced: many distinct groups under a small budget are delivered early
// as partial results (rulejit_result_partial, "_partial":1), nothing is
// lost, and the counters say so (groups, memory_peak_bytes,
// windows_closed_early).
#include <cstddef>
#include <string>

#include "capi_test_util.h"

namespace {

using namespace capi_test;

constexpr uint64_t kBudget = uint64_t{2} << 20;
constexpr int kEvents = RULEJIT_SANITIZED ? 60000 : 300000;

struct Tally {
  uint64_t results = 0, partial = 0, count_sum = 0, partial_json = 0;
};

void on_result(void* user, const rulejit_result* r) {
  auto* t = static_cast<Tally*>(user);
  ++t->results;
  int partial = -1;
  ASSERT_EQ(rulejit_result_partial(r, &partial), RULEJIT_OK);
  t->partial += partial == 1 ? 1 : 0;
  const char* json;
  size_t len;
  ASSERT_EQ(rulejit_result_json(r, &json, &len), RULEJIT_OK);
  if (std::string(json, len).find("\"_partial\":1") != std::string::npos) ++t->partial_json;
  size_t field;
  ASSERT_EQ(rulejit_result_find_field(r, "count", &field), RULEJIT_OK);
  const char* text;
  ASSERT_EQ(rulejit_result_value(r, field, 0, &text, nullptr), RULEJIT_OK);
  t->count_sum += std::stoull(text);
}

struct BudgetEngine {
  TempDir dir;
  rulejit_engine* e = nullptr;
  Tally tally;
  explicit BudgetEngine(rulejit_options o) {
    write_rule(dir.path(), "count.yml", "Count", "count", "sourcetype=_json | stats count by user");
    e = make_engine(o, dir.str());
    EXPECT_EQ(rulejit_engine_set_callback(e, on_result, &tally), RULEJIT_OK);
  }
  ~BudgetEngine() { rulejit_engine_destroy(e); }
};

void push_users(rulejit_engine* e, int n, double t0, double span) {
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(push(e, json_event(t0 + span * i / n, "u" + std::to_string(i), "ok")), RULEJIT_OK);
}

TEST(CapiBudget, WithoutWindowsPartialResultsAreDeliveredEarlyAndAddUp) {
  rulejit_options o = test_options();
  o.memory_budget_bytes = kBudget;
  BudgetEngine b(o);
  push_users(b.e, kEvents, 1700000001, 0);
  rulejit_stats st = stats(b.e);
  EXPECT_GT(st.windows_closed_early, 0u);
  EXPECT_GT(b.tally.results, 0u);  // before any flush
  EXPECT_EQ(st.memory_budget_exceeded, 1u);
  EXPECT_LE(st.memory_peak_bytes, kBudget + kBudget / 20);
  EXPECT_LE(st.memory_bytes, kBudget + kBudget / 20);
  EXPECT_GT(st.groups, 0u);
  EXPECT_NE(engine_error(b.e).find("memory budget"), std::string::npos);
  ASSERT_EQ(rulejit_engine_flush(b.e), RULEJIT_OK);
  EXPECT_EQ(b.tally.count_sum, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(b.tally.results, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(b.tally.partial, b.tally.results);  // the state was cut: every part is partial
  EXPECT_EQ(b.tally.partial_json, b.tally.partial);
  st = stats(b.e);
  EXPECT_EQ(st.groups, 0u);
  EXPECT_EQ(st.late_events, 0u);
}

TEST(CapiBudget, WorkerThreadsStayUnderTheBudgetToo) {
  rulejit_options o = test_options();
  o.memory_budget_bytes = kBudget;
  o.threads = 2;
  BudgetEngine b(o);
  // Each push waits for the workers (rulejit.h): fewer events keep this quick,
  // but under the sanitizers' smaller stream a third would not reach the cut.
  constexpr int n = RULEJIT_SANITIZED ? kEvents : kEvents / 3;
  push_users(b.e, n, 1700000001, 0);
  rulejit_stats st = stats(b.e);
  EXPECT_GT(st.windows_closed_early, 0u);
  EXPECT_LE(st.memory_peak_bytes, kBudget + kBudget / 20);
  ASSERT_EQ(rulejit_engine_flush(b.e), RULEJIT_OK);
  EXPECT_EQ(b.tally.count_sum, static_cast<uint64_t>(n));
  EXPECT_EQ(b.tally.partial, b.tally.results);
}

TEST(CapiBudget, WindowsClosedEarlyStayOpenAndLoseNothing) {
  rulejit_options o = test_options(60, 30);
  o.memory_budget_bytes = kBudget;
  BudgetEngine b(o);
  push_users(b.e, kEvents, 1700000040, 180);  // three windows
  ASSERT_EQ(rulejit_engine_flush(b.e), RULEJIT_OK);
  const rulejit_stats st = stats(b.e);
  EXPECT_GT(st.windows_closed_early, 0u);
  EXPECT_EQ(st.windows_closed, 3u);
  EXPECT_EQ(st.late_events, 0u);
  EXPECT_LE(st.memory_peak_bytes, kBudget + kBudget / 20);
  EXPECT_EQ(b.tally.count_sum, static_cast<uint64_t>(kEvents));
  EXPECT_GT(b.tally.partial, 0u);
}

TEST(CapiBudget, UnderTheBudgetNothingIsPartialAndGroupsAreCounted) {
  BudgetEngine b(test_options());  // the default budget, 1 GiB
  push_users(b.e, 3, 1700000001, 0);
  rulejit_stats st = stats(b.e);
  EXPECT_EQ(st.groups, 3u);
  EXPECT_GE(st.memory_peak_bytes, st.memory_bytes);
  EXPECT_GT(st.memory_bytes, 0u);
  EXPECT_EQ(st.windows_closed_early, 0u);
  EXPECT_EQ(st.memory_budget_exceeded, 0u);
  ASSERT_EQ(rulejit_engine_flush(b.e), RULEJIT_OK);
  EXPECT_EQ(b.tally.results, 3u);
  EXPECT_EQ(b.tally.partial, 0u);
}

TEST(CapiBudget, AnOlderStatsStructGetsOnlyItsMembers) {
  BudgetEngine b(test_options());
  push_users(b.e, 3, 1700000001, 0);
  rulejit_stats s;
  std::memset(&s, 0xab, sizeof s);
  s.struct_size = offsetof(rulejit_stats, groups);  // the struct before the budget counters
  ASSERT_EQ(rulejit_engine_stats(b.e, &s), RULEJIT_OK);
  EXPECT_EQ(s.events, 3u);
  EXPECT_EQ(s.rule_count, 1u);
  EXPECT_EQ(s.groups, 0xababababababababull);  // untouched
  EXPECT_EQ(s.windows_closed_early, 0xababababababababull);
}

TEST(CapiBudget, PartialNeedsAResultAndAnOutPointer) {
  int partial = 0;
  EXPECT_EQ(rulejit_result_partial(nullptr, &partial), RULEJIT_E_INVALID_ARGUMENT);
  BudgetEngine b(test_options());
  ASSERT_EQ(rulejit_engine_set_callback(b.e, nullptr, nullptr), RULEJIT_OK);
  push_users(b.e, 1, 1700000001, 0);
  ASSERT_EQ(rulejit_engine_flush(b.e), RULEJIT_OK);
  rulejit_result* r = nullptr;
  ASSERT_EQ(rulejit_engine_poll(b.e, &r), RULEJIT_OK);
  EXPECT_EQ(rulejit_result_partial(r, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_partial(r, &partial), RULEJIT_OK);
  EXPECT_EQ(partial, 0);
  EXPECT_EQ(rulejit_result_free(r), RULEJIT_OK);
}

}  // namespace
