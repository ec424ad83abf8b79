// Hot reload: state of unchanged rules carries over, changed rules start
// empty, a failing reload keeps the old pack, and reloads while another
// thread pushes lose or duplicate no event.
#include <atomic>
#include <thread>

#include "capi_test_util.h"

using namespace capi_test;

namespace {

// A rules folder: the test pack, with edits.
struct RulesDir {
  TempDir dir;
  RulesDir() { fs::copy(data_dir() + "/rules", dir.path()); }
  std::string str() const { return dir.str(); }
};

rulejit_reload_info reload(rulejit_engine* e, const std::string& rules, rulejit_status expect = RULEJIT_OK) {
  Sources src = test_sources(rules);
  rulejit_sources s = src.c();
  rulejit_reload_info info{};
  info.struct_size = sizeof info;
  EXPECT_EQ(rulejit_engine_reload(e, &s, &info), expect) << rulejit_last_error();
  return info;
}

}  // namespace

TEST(CapiReload, UnchangedRulesKeepTheirAggregationState) {
  RulesDir v1;
  rulejit_engine* e = make_engine(test_options(), v1.str());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(push(e, json_event(1700000001 + i, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, login_event(1700000005, "bob")), RULEJIT_OK);

  // v2: count_by_user unchanged, login_count changed, fail_events removed, one rule added.
  RulesDir v2;
  write_rule(v2.dir.path(), "login_count.yml", "CAPI Login Count", "capi-login-count",
             "sourcetype=test:login | stats count as logins by user");
  fs::remove(v2.dir.path() / "fail_events.yml");
  write_rule(v2.dir.path(), "ok_events.yml", "CAPI Ok Events", "capi-ok-events",
             "sourcetype=_json action=ok | table user");
  rulejit_reload_info info = reload(e, v2.str());
  EXPECT_EQ(info.rules, 3u);
  EXPECT_EQ(info.state_carried, 1u);
  EXPECT_EQ(info.rules_changed, 1u);
  EXPECT_EQ(info.rules_added, 1u);
  EXPECT_EQ(info.rules_removed, 1u);

  ASSERT_EQ(push(e, json_event(1700000010, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, login_event(1700000011, "bob")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  // 3 events before the reload + 1 after.
  EXPECT_EQ(with(rows, R"("user":"alice","count":4)").size(), 1u) << ::testing::PrintToString(rows);
  // The changed rule starts empty: only the login after the reload.
  EXPECT_EQ(with(rows, R"("user":"bob","logins":1)").size(), 1u) << ::testing::PrintToString(rows);
  EXPECT_EQ(with(rows, "CAPI Ok Events").size(), 1u);
  // Counters are cumulative by rule id.
  EXPECT_EQ(rule_info(e, "capi-count-by-user").events, 4u);
  EXPECT_EQ(rule_index(e, "capi-fail-events"), -1);
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, 6u);
  EXPECT_EQ(st.reloads, 1u);
  EXPECT_EQ(st.rule_count, 3u);
  rulejit_engine_destroy(e);
}

TEST(CapiReload, NullSourcesRereadTheOriginalFolders) {
  RulesDir rules;
  rulejit_engine* e = make_engine(test_options(), rules.str());
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "ok")), RULEJIT_OK);
  write_rule(rules.dir.path(), "ok_events.yml", "CAPI Ok Events", "capi-ok-events",
             "sourcetype=_json action=ok | table user");
  rulejit_reload_info info{};
  info.struct_size = sizeof info;
  ASSERT_EQ(rulejit_engine_reload(e, nullptr, &info), RULEJIT_OK) << rulejit_last_error();
  EXPECT_EQ(info.rules, 4u);
  EXPECT_EQ(info.state_carried, 3u);
  EXPECT_EQ(info.rules_added, 1u);
  ASSERT_EQ(push(e, json_event(1700000002, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  EXPECT_EQ(with(rows, R"("user":"alice","count":2)").size(), 1u);
  EXPECT_EQ(with(rows, "CAPI Ok Events").size(), 1u);
  rulejit_engine_destroy(e);
}

TEST(CapiReload, FailingReloadKeepsTheOldPack) {
  RulesDir v1;
  rulejit_engine* e = make_engine(test_options(), v1.str());
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "ok")), RULEJIT_OK);

  RulesDir broken;
  write_rule(broken.dir.path(), "count_by_user.yml", "CAPI Count By User", "capi-count-by-user",
             "sourcetype=_json | stats count(( by user");
  reload(e, broken.str(), RULEJIT_E_COMPILE);
  std::string msg = engine_error(e);
  EXPECT_NE(msg.find("previous pack keeps running"), std::string::npos) << msg;
  EXPECT_NE(msg.find("count_by_user.yml"), std::string::npos) << msg;
  reload(e, "/nonexistent/rules", RULEJIT_E_NOT_FOUND);

  // The old pack, with its state, still runs.
  ASSERT_EQ(push(e, json_event(1700000002, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(drain(e).size(), 1u);  // fail_events still there
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  EXPECT_EQ(with(drain(e), R"("user":"alice","count":2)").size(), 1u);
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.reloads, 0u);
  EXPECT_EQ(st.reload_failures, 2u);
  rulejit_engine_destroy(e);
}

TEST(CapiReload, WindowStateCarriesOver) {
  RulesDir v1;
  rulejit_engine* e = make_engine(test_options(60, 60), v1.str());
  const double t0 = 1700000040;
  ASSERT_EQ(push(e, json_event(t0 + 1, "alice", "ok")), RULEJIT_OK);   // window 0
  ASSERT_EQ(push(e, json_event(t0 + 61, "alice", "ok")), RULEJIT_OK);  // window 1; both open
  EXPECT_EQ(stats(e).windows_open, 2u);
  RulesDir v2;
  write_rule(v2.dir.path(), "ok_events.yml", "CAPI Ok Events", "capi-ok-events",
             "sourcetype=_json action=ok | table user");
  rulejit_reload_info info = reload(e, v2.str());
  EXPECT_EQ(info.state_carried, 3u);
  ASSERT_EQ(push(e, json_event(t0 + 2, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(t0 + 62, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  EXPECT_EQ(with(rows, R"("user":"alice","count":2)").size(), 2u) << ::testing::PrintToString(rows);
  EXPECT_EQ(with(rows, "CAPI Ok Events").size(), 2u);
  rulejit_engine_destroy(e);
}

// Events flow from another thread while the main thread reloads (between
// two packs whose count rule is identical). Every event must be counted
// exactly once: by the old pack or the new one, with the state carried.
TEST(CapiReload, ReloadWhileAnotherThreadPushes) {
  RulesDir a, b;
  write_rule(b.dir.path(), "ok_events.yml", "CAPI Ok Events", "capi-ok-events",
             "sourcetype=_json action=ok | table user");
  rulejit_engine* e = make_engine(test_options(), a.str());
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  long pushed = 0;
  std::thread producer([&] {
    while (!stop) {
      if (push(e, json_event(1700000001 + pushed % 50, "u" + std::to_string(pushed % 7), "ok")) != RULEJIT_OK)
        failed = true;
      ++pushed;
    }
  });
  std::thread poller([&] {  // keeps the queue short meanwhile
    while (!stop) {
      drain(e);
      std::this_thread::yield();
    }
  });
  constexpr int kReloads = 8;
  for (int i = 0; i < kReloads; ++i) {
    rulejit_reload_info info = reload(e, i % 2 ? a.str() : b.str());
    EXPECT_EQ(info.state_carried, 3u);
  }
  stop = true;
  producer.join();
  poller.join();
  EXPECT_FALSE(failed);
  drain(e);  // streaming rows, so the aggregates fit in the queue
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = with(drain(e), "CAPI Count By User");
  ASSERT_EQ(rows.size(), pushed >= 7 ? 7u : static_cast<size_t>(pushed));
  long total = 0;
  for (const auto& r : rows) {
    auto c = r.find("\"count\":");
    total += std::stol(r.substr(c + 8));
  }
  EXPECT_EQ(total, pushed);
  EXPECT_EQ(rule_info(e, "capi-count-by-user").events, static_cast<uint64_t>(pushed));
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, static_cast<uint64_t>(pushed));
  EXPECT_EQ(st.reloads, static_cast<uint64_t>(kReloads));
  std::printf("[ reloads  ] %d reloads while %ld events were pushed\n", kReloads, pushed);
  rulejit_engine_destroy(e);
}

TEST(CapiReload, FailingReloadWhileAnotherThreadPushes) {
  RulesDir good, broken;
  write_rule(broken.dir.path(), "bad.yml", "Bad", "capi-bad", "sourcetype=_json | where (");
  rulejit_engine* e = make_engine(test_options(), good.str());
  std::atomic<bool> stop{false};
  std::atomic<long> pushed{0};
  std::thread producer([&] {
    while (!stop) {
      push(e, json_event(1700000001, "alice", "ok"));
      ++pushed;
    }
  });
  // A failing reload takes ~1 ms: let events flow before and between them.
  while (pushed < 50) std::this_thread::yield();
  constexpr int kFailures = 4;
  for (int i = 0; i < kFailures; ++i) {
    reload(e, broken.str(), RULEJIT_E_COMPILE);
    for (long until = pushed + 20; pushed < until;) std::this_thread::yield();
  }
  stop = true;
  producer.join();
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  EXPECT_EQ(with(rows, R"("user":"alice","count":)" + std::to_string(pushed.load()) + ",").size(), 1u)
      << pushed << " pushed: " << ::testing::PrintToString(rows);
  EXPECT_EQ(stats(e).reload_failures, static_cast<uint64_t>(kFailures));
  rulejit_engine_destroy(e);
}
