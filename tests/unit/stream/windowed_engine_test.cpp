// rt::WindowedEngine: tumbling windows of event time, the watermark, allowed
// lateness, late, untimed and malformed events, several rules, no windows.
// Rules and field maps are the C API test pack (tests/unit/capi/data).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/core/value.h"
#include "runtime/engine/result_format.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::rt {
namespace {

const std::string kData = std::string(RULEJIT_SOURCE_DIR) + "/tests/unit/capi/data";
constexpr double T0 = 1700000040;  // a multiple of 60: windows [T0, T0+60), ...

std::string num(double t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  return buf;
}
std::string json_event(double t, const std::string& user, const std::string& action) {
  return R"({"_time":")" + num(t) + R"(","user":")" + user + R"(","action":")" + action + R"("})";
}
std::string untimed_event(const std::string& user) { return R"({"user":")" + user + R"(","action":"ok"})"; }
std::string login_event(double t, const std::string& user) {
  return R"({"login":{"user":")" + user + R"(","ts":)" + num(t) + "}}";
}

// A result: "<rule id> <window start - T0> <row json>".
struct Harness {
  std::shared_ptr<ir::Pack> pack;
  std::unique_ptr<WindowedEngine> windows;
  std::vector<std::string> rows;
  std::string buf;

  explicit Harness(WindowOptions wo, const std::string& executor = "interp",
                   std::vector<std::string> rules = {"count_by_user.yml"}) {
    PackSources s;
    for (const auto& r : rules) s.rule_paths.push_back(kData + "/rules/" + r);
    s.fieldmap_dirs = {kData + "/fieldmaps"};
    pack = build_pack(s).pack;
    EXPECT_EQ(pack->rules.size(), rules.size());
    EngineFactory factory = [this, executor, wo](std::string* error) {
      EngineOptions eo;
      eo.now = wo.now > 0 ? wo.now : T0;
      ResultSink sink = [this](uint32_t rule, const ir::Plan& plan, const Row& row) {
        const Window w = windows->current_window();
        std::string where = w.end > 0 ? format_number(w.start - T0) : "-";
        rows.push_back(pack->rules[rule].id + " " + where + " " + format_result_json("", "", plan, row));
      };
      return make_engine(executor, pack, eo, sink, error);
    };
    std::string err;
    auto first = factory(&err);
    EXPECT_TRUE(first) << err;
    windows = std::make_unique<WindowedEngine>(pack, wo, factory, std::move(first));
  }

  void push(const std::string& event, std::string_view sourcetype = "") {
    Line line = padded_line(buf, event, "<test>");
    std::string err;
    ASSERT_TRUE(windows->push(line, sourcetype, &err)) << err;
  }
  // The rows produced since the last call.
  std::vector<std::string> take() { return std::exchange(rows, {}); }
};

// "user:count@window" of count_by_user rows.
std::vector<std::string> counts(const std::vector<std::string>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    if (r.rfind("capi-count-by-user ", 0) != 0) continue;
    auto field = [&](const std::string& key) {
      auto p = r.find("\"" + key + "\":");
      p += key.size() + 3;
      if (r[p] == '"') ++p;
      return r.substr(p, r.find_first_of("\",}", p) - p);
    };
    std::string window = r.substr(19, r.find(' ', 19) - 19);
    out.push_back(field("user") + ":" + field("count") + "@" + window);
  }
  return out;
}

using Rows = std::vector<std::string>;

TEST(WindowedEngine, EventExactlyAtASpanMultipleOpensTheNextWindowAndClosesThePrevious) {
  Harness h({60, 0, 0});
  h.push(json_event(T0, "alice", "ok"));         // first instant of window 0
  h.push(json_event(T0 + 59.999, "bob", "ok"));  // last instant of window 0
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.windows->windows_open(), 1u);
  h.push(json_event(T0 + 60, "carol", "ok"));  // window 1; the watermark reaches window 0's end
  EXPECT_EQ(counts(h.take()), (Rows{"alice:1@0", "bob:1@0"}));
  EXPECT_EQ(h.windows->windows_closed(), 1u);
  EXPECT_EQ(h.windows->windows_open(), 1u);
  h.windows->finish();
  EXPECT_EQ(counts(h.take()), (Rows{"carol:1@60"}));
  EXPECT_EQ(h.windows->windows_closed(), 2u);
  EXPECT_EQ(h.windows->windows_open(), 0u);
  EXPECT_EQ(h.windows->late_events(), 0u);
}

TEST(WindowedEngine, AnEventOfAClosedWindowIsLateCountedAndDropped) {
  Harness h({60, 0, 0});
  h.push(json_event(T0 + 10, "alice", "ok"));
  h.push(json_event(T0 + 130, "bob", "ok"));  // closes windows 0 and 1 (1 never opened)
  EXPECT_EQ(counts(h.take()), (Rows{"alice:1@0"}));
  h.push(json_event(T0 + 20, "alice", "ok"));   // window 0: closed
  h.push(json_event(T0 + 119, "carol", "ok"));  // window 1: its end 120 <= watermark 130
  EXPECT_EQ(h.windows->late_events(), 2u);
  h.push(json_event(T0 + 121, "dave", "ok"));  // window 2, still open: not late
  h.windows->finish();
  EXPECT_EQ(counts(h.take()), (Rows{"bob:1@120", "dave:1@120"}));
  EXPECT_EQ(h.windows->late_events(), 2u);
  // Late events never reached a rule.
  EXPECT_EQ(h.windows->stats().rules.at(0).events_in, 3u);
}

TEST(WindowedEngine, AllowedLatenessKeepsAWindowOpenUntilTheWatermarkPassesIt) {
  Harness h({60, 30, 0});
  h.push(json_event(T0 + 10, "alice", "ok"));
  h.push(json_event(T0 + 80, "bob", "ok"));  // watermark T0+50: window 0 stays open
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.windows->windows_open(), 2u);
  h.push(json_event(T0 + 20, "alice", "ok"));  // out of order, within the lateness
  EXPECT_EQ(h.windows->late_events(), 0u);
  h.push(json_event(T0 + 90, "bob", "ok"));  // watermark T0+60: window 0 closes
  EXPECT_EQ(counts(h.take()), (Rows{"alice:2@0"}));
  h.push(json_event(T0 + 59, "alice", "ok"));  // now late
  EXPECT_EQ(h.windows->late_events(), 1u);
  h.windows->finish();
  EXPECT_EQ(counts(h.take()), (Rows{"bob:2@60"}));
}

TEST(WindowedEngine, UntimedEventsJoinTheWindowOfTheNewestTimeOrOfNow) {
  Harness h({60, 0, T0 + 125});  // now is in window 2
  h.push(untimed_event("ghost"));  // no time seen yet: now's window
  h.push(json_event(T0 + 5, "alice", "ok"));
  h.push(untimed_event("ghost"));  // newest time T0+5: window 0
  h.push(json_event(T0 + 61, "bob", "ok"));  // closes window 0
  EXPECT_EQ(counts(h.take()), (Rows{"alice:1@0", "ghost:1@0"}));
  h.push(untimed_event("ghost"));  // newest time T0+61: window 1
  h.windows->finish();  // windows 1, then 2 (oldest first)
  EXPECT_EQ(counts(h.take()), (Rows{"bob:1@60", "ghost:1@60", "ghost:1@120"}));
  EXPECT_EQ(h.windows->untimed_events(), 3u);
  EXPECT_EQ(h.windows->late_events(), 0u);
}

TEST(WindowedEngine, SeveralRulesShareWindowsAndStreamingRowsCarryTheEventsWindow) {
  Harness h({60, 0, 0}, "interp", {"count_by_user.yml", "fail_events.yml", "login_count.yml"});
  h.push(json_event(T0 + 1, "alice", "fail"));
  Rows now = h.take();  // the table rule's row comes at once, tagged with window 0
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].rfind("capi-fail-events 0 ", 0), 0u) << now[0];
  h.push(login_event(T0 + 2, "alice"));
  h.push(login_event(T0 + 3, "bob"));
  h.push(json_event(T0 + 70, "bob", "fail"));  // window 1; closes window 0
  Rows rows = h.take();
  EXPECT_EQ(counts(rows), (Rows{"alice:1@0"}));
  size_t logins = 0, fails = 0;
  for (const auto& r : rows) {
    if (r.rfind("capi-login-count 0 ", 0) == 0) ++logins;
    if (r.rfind("capi-fail-events 60 ", 0) == 0) ++fails;
  }
  EXPECT_EQ(logins, 2u);  // alice and bob, both of window 0
  EXPECT_EQ(fails, 1u);   // bob's fail event, in window 1
  h.windows->finish();
  EXPECT_EQ(counts(h.take()), (Rows{"bob:1@60"}));
  const EngineStats st = h.windows->stats();
  EXPECT_EQ(st.rules.at(0).events_in, 2u);  // count_by_user: the two _json events
  EXPECT_EQ(st.rules.at(2).events_in, 2u);  // login_count: the two logins
}

TEST(WindowedEngine, MalformedEventsAreCountedByTheProbeAndReachNoEngine) {
  Harness h({60, 0, 0});
  h.push(R"({"_time":"1700000041","user":)");
  h.push(json_event(T0 + 1, "alice", "ok"));
  ASSERT_NE(h.windows->probe_stats(), nullptr);
  EXPECT_EQ(h.windows->probe_stats()->events_skipped, 1u);
  const EngineStats st = h.windows->stats();
  EXPECT_EQ(st.read.events_skipped, 1u);
  EXPECT_EQ(st.events, 1u);
  EXPECT_EQ(h.windows->untimed_events(), 0u);
}

TEST(WindowedEngine, WithoutASpanOneEngineTakesEverythingUntilFinish) {
  Harness h({0, 0, 0});
  h.push(json_event(T0 + 1, "alice", "ok"));
  h.push(json_event(T0 + 500, "alice", "ok"));
  h.push(json_event(T0 + 2, "alice", "ok"));  // never late without windows
  h.push(untimed_event("ghost"));
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.windows->windows_open(), 1u);
  EXPECT_EQ(h.windows->probe_stats(), nullptr);
  h.windows->finish();
  EXPECT_EQ(counts(h.take()), (Rows{"alice:3@-", "ghost:1@-"}));
  EXPECT_EQ(h.windows->windows_closed(), 1u);
  EXPECT_EQ(h.windows->late_events(), 0u);
  EXPECT_EQ(h.windows->untimed_events(), 0u);
}

TEST(WindowedEngine, EnginesOfClosedWindowsAreReused) {
  Harness h({60, 0, 0});
  for (int k = 0; k < 10; ++k) h.push(json_event(T0 + 60 * k + 1, "alice", "ok"));
  h.windows->finish();
  EXPECT_EQ(counts(h.take()).size(), 10u);
  EXPECT_EQ(h.windows->windows_closed(), 10u);
  // Window k closes when window k+1's first event arrives: two engines at most.
  EXPECT_EQ(h.windows->engines().size(), 2u);
}

TEST(WindowedEngine, TheJitCutsTheSameWindowsAsTheInterpreter) {
  Rows got[2];
  const char* executors[2] = {"interp", "jit"};
  for (int i = 0; i < 2; ++i) {
    Harness h({60, 15, 0}, executors[i], {"count_by_user.yml", "fail_events.yml"});
    for (double t : {1.0, 50.0, 70.0, 40.0, 76.0, 10.0, 130.0, 200.0, 125.0})
      h.push(json_event(T0 + t, t < 100 ? "alice" : "bob", t > 60 && t < 80 ? "fail" : "ok"));
    h.windows->finish();
    got[i] = h.take();
    EXPECT_EQ(h.windows->late_events(), 2u) << executors[i];  // T0+10 (watermark 61) and T0+125 (185)
  }
  EXPECT_EQ(got[0], got[1]);
  EXPECT_FALSE(got[0].empty());
}

}  // namespace
}  // namespace rulejit::rt
