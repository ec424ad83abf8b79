// Streaming windows: tumbling windows of event time, the watermark, allowed
// lateness, late and untimed events, flush.
#include <map>

#include "capi_test_util.h"

using namespace capi_test;

namespace {

constexpr double T0 = 1700000040;  // a multiple of 60: windows [T0, T0+60), ...

struct Row {
  std::string json;
  double start, end;
};

std::vector<Row> drain_rows(rulejit_engine* e) {
  std::vector<Row> out;
  for (;;) {
    rulejit_result* r = nullptr;
    if (rulejit_engine_poll(e, &r) != RULEJIT_OK) break;
    Row row;
    const char* json;
    size_t len;
    EXPECT_EQ(rulejit_result_json(r, &json, &len), RULEJIT_OK);
    row.json.assign(json, len);
    EXPECT_EQ(rulejit_result_window(r, &row.start, &row.end), RULEJIT_OK);
    rulejit_result_free(r);
    out.push_back(row);
  }
  return out;
}

// "user:count@window_start" of the Count By User rows.
std::vector<std::string> counts(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    if (r.json.find("CAPI Count By User") == std::string::npos) continue;
    auto u = r.json.find("\"user\":\"");
    auto c = r.json.find("\"count\":");
    std::string user = r.json.substr(u + 8, r.json.find('"', u + 8) - u - 8);
    std::string count = r.json.substr(c + 8, r.json.find_first_of(",}", c + 8) - c - 8);
    out.push_back(user + ":" + count + "@" + std::to_string(static_cast<long long>(r.start - T0)));
  }
  return out;
}

}  // namespace

TEST(CapiWindows, TumblingWindowsCloseWhenTheWatermarkPasses) {
  rulejit_engine* e = make_engine(test_options(60));
  ASSERT_EQ(push(e, json_event(T0 + 1, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(T0 + 30, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(T0 + 59.5, "bob", "ok")), RULEJIT_OK);
  EXPECT_TRUE(counts(drain_rows(e)).empty());  // window 0 still open
  EXPECT_EQ(stats(e).windows_open, 1u);
  ASSERT_EQ(push(e, json_event(T0 + 60, "alice", "ok")), RULEJIT_OK);  // watermark reaches window 0's end
  auto rows = drain_rows(e);
  EXPECT_EQ(counts(rows), (std::vector<std::string>{"alice:2@0", "bob:1@0"}));
  for (const auto& r : rows) EXPECT_EQ(r.end - r.start, 60);
  ASSERT_EQ(push(e, json_event(T0 + 200, "carol", "ok")), RULEJIT_OK);  // closes window 1 (T0+60..120)
  EXPECT_EQ(counts(drain_rows(e)), (std::vector<std::string>{"alice:1@60"}));
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);  // closes window 3 (T0+180..240)
  EXPECT_EQ(counts(drain_rows(e)), (std::vector<std::string>{"carol:1@180"}));
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.windows_closed, 3u);
  EXPECT_EQ(st.windows_open, 0u);
  EXPECT_EQ(st.late_events, 0u);
  rulejit_engine_destroy(e);
}

TEST(CapiWindows, StreamingResultsCarryTheEventsWindow) {
  rulejit_engine* e = make_engine(test_options(60));
  ASSERT_EQ(push(e, json_event(T0 + 61, "alice", "fail")), RULEJIT_OK);
  auto rows = drain_rows(e);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].json.find("CAPI Fail Events"), std::string::npos);
  EXPECT_EQ(rows[0].start, T0 + 60);
  EXPECT_EQ(rows[0].end, T0 + 120);
  rulejit_engine_destroy(e);
}

TEST(CapiWindows, LateEventsAreCountedAndDropped) {
  rulejit_engine* e = make_engine(test_options(60));
  ASSERT_EQ(push(e, json_event(T0 + 10, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(T0 + 70, "bob", "ok")), RULEJIT_OK);   // closes window 0
  ASSERT_EQ(push(e, json_event(T0 + 20, "late", "ok")), RULEJIT_OK);  // window 0 is gone
  ASSERT_EQ(push(e, json_event(T0 + 65, "carol", "ok")), RULEJIT_OK);  // out of order, window 1 still open
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  EXPECT_EQ(counts(drain_rows(e)), (std::vector<std::string>{"alice:1@0", "bob:1@60", "carol:1@60"}));
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.late_events, 1u);
  EXPECT_EQ(st.events, 4u);
  rulejit_engine_destroy(e);
}

TEST(CapiWindows, AllowedLatenessKeepsWindowsOpen) {
  rulejit_engine* e = make_engine(test_options(60, 30));
  ASSERT_EQ(push(e, json_event(T0 + 10, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(T0 + 70, "bob", "ok")), RULEJIT_OK);  // watermark T0+40: window 0 open
  EXPECT_EQ(stats(e).windows_open, 2u);
  ASSERT_EQ(push(e, json_event(T0 + 20, "alice", "ok")), RULEJIT_OK);  // in time for window 0
  EXPECT_TRUE(counts(drain_rows(e)).empty());
  ASSERT_EQ(push(e, json_event(T0 + 90, "bob", "ok")), RULEJIT_OK);  // watermark T0+60: window 0 closes
  EXPECT_EQ(counts(drain_rows(e)), (std::vector<std::string>{"alice:2@0"}));
  ASSERT_EQ(push(e, json_event(T0 + 5, "late", "ok")), RULEJIT_OK);
  EXPECT_EQ(stats(e).late_events, 1u);
  ASSERT_EQ(rulejit_engine_close(e), RULEJIT_OK);
  EXPECT_EQ(counts(drain_rows(e)), (std::vector<std::string>{"bob:2@60"}));
  rulejit_engine_destroy(e);
}

TEST(CapiWindows, UntimedEventsJoinTheNewestWindow) {
  rulejit_engine* e = make_engine(test_options(60));
  ASSERT_EQ(push(e, R"({"user":"early","action":"ok"})"), RULEJIT_OK);  // no time yet: window of now()
  ASSERT_EQ(push(e, json_event(T0 + 10, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(T0 + 70, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, R"({"user":"notime","action":"ok","_time":"yesterday"})"), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  // now() = 1700000000 is in window [T0-60, T0).
  EXPECT_EQ(counts(drain_rows(e)), (std::vector<std::string>{"early:1@-60", "alice:1@0", "alice:1@60", "notime:1@60"}));
  EXPECT_EQ(stats(e).untimed_events, 2u);
  rulejit_engine_destroy(e);
}

TEST(CapiWindows, ExtremeTimesDoNotOverflow) {
  rulejit_engine* e = make_engine(test_options(1));
  ASSERT_EQ(push(e, R"({"_time":"1e300","user":"huge","action":"ok"})"), RULEJIT_OK);
  ASSERT_EQ(push(e, R"({"_time":"-1e300","user":"tiny","action":"ok"})"), RULEJIT_OK);
  ASSERT_EQ(push(e, R"({"_time":"inf","user":"inf","action":"ok"})"), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  EXPECT_EQ(counts(drain_rows(e)).size(), 3u);
  EXPECT_EQ(stats(e).untimed_events, 3u);
  rulejit_engine_destroy(e);
}

TEST(CapiWindows, WindowsWithTheSourcetypeHintUseThatMapsTime) {
  rulejit_engine* e = make_engine(test_options(60));
  // Routed as a login event: its time is login.ts, not _time.
  std::string ev = R"({"_time":"1","login":{"user":"dana","ts":1700000050}})";
  ASSERT_EQ(push(e, ev, "test:login"), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain_rows(e);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].json.find("dana"), std::string::npos);
  EXPECT_EQ(rows[0].start, 1700000040);
  EXPECT_EQ(stats(e).untimed_events, 0u);
  rulejit_engine_destroy(e);
}
