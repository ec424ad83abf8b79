// Results (poll and callback, JSON and field/value pairs), flush, batches,
// sourcetype hints and counters.
#include <map>

#include "capi_test_util.h"

using namespace capi_test;

namespace {

struct Field {
  rulejit_value_kind kind;
  std::vector<std::string> values;
};

// Field name -> (kind, values) of one result.
std::map<std::string, Field> fields_of(const rulejit_result* r) {
  std::map<std::string, Field> out;
  size_t count = 0;
  EXPECT_EQ(rulejit_result_field_count(r, &count), RULEJIT_OK);
  for (size_t i = 0; i < count; ++i) {
    const char* name;
    rulejit_value_kind kind;
    size_t nvalues;
    EXPECT_EQ(rulejit_result_field(r, i, &name, &kind, &nvalues), RULEJIT_OK);
    Field f{kind, {}};
    for (size_t v = 0; v < nvalues; ++v) {
      const char* text;
      size_t len;
      EXPECT_EQ(rulejit_result_value(r, i, v, &text, &len), RULEJIT_OK);
      EXPECT_EQ(std::strlen(text), len);
      f.values.emplace_back(text, len);
    }
    out[name] = f;
  }
  return out;
}

}  // namespace

TEST(CapiResults, StreamingRuleResultsArePolledInOrder) {
  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000002, "bob", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000003, "carol", "fail")), RULEJIT_OK);
  // Non-aggregating results are available right after the push.
  auto rows = drain(e);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0],
            R"({"rule":"CAPI Fail Events","rule_id":"capi-fail-events","_time":"1700000001.000","user":"alice","action":"fail"})");
  EXPECT_NE(rows[1].find("\"carol\""), std::string::npos);
  rulejit_result* r = nullptr;
  EXPECT_EQ(rulejit_engine_poll(e, &r), RULEJIT_EMPTY);
  EXPECT_EQ(r, nullptr);
  rulejit_engine_destroy(e);
}

TEST(CapiResults, FlushEmitsAggregatesAsFieldValuePairs) {
  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000002, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000003, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000004, "bob", "ok")), RULEJIT_OK);
  drain(e);  // the streaming rule's rows
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);

  std::vector<std::map<std::string, Field>> groups;
  for (;;) {
    rulejit_result* r = nullptr;
    if (rulejit_engine_poll(e, &r) != RULEJIT_OK) break;
    const char* id;
    const char* name;
    uint32_t index;
    ASSERT_EQ(rulejit_result_rule(r, &index, &id, &name), RULEJIT_OK);
    EXPECT_STREQ(id, "capi-count-by-user");
    EXPECT_STREQ(name, "CAPI Count By User");
    EXPECT_EQ(static_cast<int>(index), rule_index(e, "capi-count-by-user"));
    double ws = -1, we = -1;
    ASSERT_EQ(rulejit_result_window(r, &ws, &we), RULEJIT_OK);
    EXPECT_EQ(ws, 0);  // no windows
    EXPECT_EQ(we, 0);
    size_t idx;
    ASSERT_EQ(rulejit_result_find_field(r, "count", &idx), RULEJIT_OK);
    groups.push_back(fields_of(r));
    const char* json;
    size_t len;
    ASSERT_EQ(rulejit_result_json(r, &json, &len), RULEJIT_OK);
    if (groups.size() == 1) {
      EXPECT_EQ(std::string(json, len),
                R"({"rule":"CAPI Count By User","rule_id":"capi-count-by-user","user":"alice","count":3,"actions":["fail","ok"]})");
    }
    rulejit_result_free(r);
  }
  ASSERT_EQ(groups.size(), 2u);  // alice, bob (sorted by user)
  auto& alice = groups[0];
  EXPECT_EQ(alice["user"].kind, RULEJIT_VALUE_STRING);
  EXPECT_EQ(alice["user"].values, std::vector<std::string>{"alice"});
  EXPECT_EQ(alice["count"].kind, RULEJIT_VALUE_NUMBER);
  EXPECT_EQ(alice["count"].values, std::vector<std::string>{"3"});
  EXPECT_EQ(alice["actions"].kind, RULEJIT_VALUE_MULTI);
  EXPECT_EQ(alice["actions"].values, (std::vector<std::string>{"fail", "ok"}));
  auto& bob = groups[1];
  EXPECT_EQ(bob["count"].values, std::vector<std::string>{"1"});
  EXPECT_EQ(bob["actions"].kind, RULEJIT_VALUE_STRING);  // one value is not a multivalue

  // After a flush aggregation starts afresh.
  ASSERT_EQ(push(e, json_event(1700000005, "alice", "ok")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].find("\"count\":1"), std::string::npos) << rows[0];
  rulejit_engine_destroy(e);
}

namespace {

struct Collected {
  std::vector<std::string> json;
  std::vector<std::string> users;
};

void collect(void* user, const rulejit_result* r) {
  auto* c = static_cast<Collected*>(user);
  const char* json;
  size_t len;
  if (rulejit_result_json(r, &json, &len) == RULEJIT_OK) c->json.emplace_back(json, len);
  size_t idx;
  const char* text;
  if (rulejit_result_find_field(r, "user", &idx) == RULEJIT_OK &&
      rulejit_result_value(r, idx, 0, &text, nullptr) == RULEJIT_OK)
    c->users.emplace_back(text);
}

}  // namespace

TEST(CapiResults, CallbackReceivesResultsInsteadOfTheQueue) {
  rulejit_engine* e = make_engine();
  Collected c;
  ASSERT_EQ(rulejit_engine_set_callback(e, collect, &c), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(c.json.size(), 1u);  // delivered before push returned
  ASSERT_EQ(push(e, json_event(1700000002, "bob", "ok")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  EXPECT_EQ(c.users, (std::vector<std::string>{"alice", "alice", "bob"}));
  EXPECT_TRUE(drain(e).empty());
  // Back to polling.
  ASSERT_EQ(rulejit_engine_set_callback(e, nullptr, nullptr), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000003, "carol", "fail")), RULEJIT_OK);
  EXPECT_EQ(c.json.size(), 3u);
  EXPECT_EQ(drain(e).size(), 1u);
  EXPECT_EQ(stats(e).results, 4u);
  rulejit_engine_destroy(e);
}

TEST(CapiResults, BatchSplitsLinesAndSkipsBlankOnes) {
  rulejit_engine* e = make_engine();
  std::string batch = json_event(1700000001, "alice", "fail") + "\r\n\n   \n" + json_event(1700000002, "bob", "fail") +
                      "\n" + "{not json\n" + json_event(1700000003, "carol", "fail");  // no final newline
  ASSERT_EQ(rulejit_engine_push_batch(e, batch.data(), batch.size(), nullptr), RULEJIT_OK);
  auto rows = drain(e);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[0].find("alice"), std::string::npos);
  EXPECT_NE(rows[2].find("carol"), std::string::npos);
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, 4u);  // blank lines are not events
  EXPECT_EQ(st.malformed, 1u);
  EXPECT_EQ(st.bytes, json_event(1700000001, "alice", "fail").size() + json_event(1700000002, "bob", "fail").size() +
                          json_event(1700000003, "carol", "fail").size() + 9);
  rulejit_engine_destroy(e);
}

TEST(CapiResults, MalformedAndOversizedEventsAreCountedNotFatal) {
  rulejit_options o = test_options();
  o.max_event_bytes = 200;
  rulejit_engine* e = make_engine(o);
  for (const char* bad : {"{", "[1,2]", "{\"a\":1} trailing", "\xff\xfe", "not json at all"})
    EXPECT_EQ(push(e, bad), RULEJIT_OK) << bad;
  std::string big = "{\"user\":\"" + std::string(300, 'x') + "\",\"action\":\"fail\"}";
  EXPECT_EQ(push(e, big), RULEJIT_OK);
  EXPECT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  EXPECT_EQ(push(e, "  \r\n"), RULEJIT_OK);  // blank: not an event
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, 7u);
  EXPECT_EQ(st.malformed, 6u);
  EXPECT_EQ(drain(e).size(), 1u);
  rulejit_engine_destroy(e);
}

// The JIT reads an event only as far as the filters need: invalid UTF-8
// after the field a filter reads, in an event the filter rejects, is not
// looked at unless validate_every_event asks for it. Results are the same.
TEST(CapiResults, JitChecksWhatItReadsOrEveryEventWhenAsked) {
  TempDir dir;
  write_rule(dir.path(), "alice.yml", "CAPI Alice Logins", "capi-alice", "sourcetype=test:login user=alice");
  for (int validate : {0, 1}) {
    rulejit_options o = test_options();
    o.executor = "jit";
    o.validate_every_event = validate;
    rulejit_engine* e = make_engine(o, dir.str());
    ASSERT_TRUE(e);
    EXPECT_EQ(push(e, std::string(R"({"login":{"user":"bob","ts":1700000001},"junk":")") + "\xff\"}"), RULEJIT_OK);
    EXPECT_EQ(push(e, login_event(1700000002, "alice")), RULEJIT_OK);
    rulejit_stats st = stats(e);
    EXPECT_EQ(st.events, 2u);
    EXPECT_EQ(st.malformed, validate ? 1u : 0u) << "validate_every_event=" << validate;
    EXPECT_EQ(drain(e).size(), 1u);
    rulejit_engine_destroy(e);
  }
}

TEST(CapiResults, SourcetypeHintOverridesRoutingByKey) {
  rulejit_engine* e = make_engine();
  // Has both a `login` object and flat fields.
  std::string ev = R"({"_time":"1700000001","user":"frank","action":"fail","login":{"user":"frank","ts":1700000001}})";
  ASSERT_EQ(push(e, ev), RULEJIT_OK);  // routed by key: the login field map
  EXPECT_TRUE(drain(e).empty());
  ASSERT_EQ(push(e, ev, "_json"), RULEJIT_OK);  // the generic JSON field map
  auto rows = drain(e);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].find("CAPI Fail Events"), std::string::npos);
  ASSERT_EQ(push(e, login_event(1700000002, "gina"), "test:login"), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  rows = drain(e);
  EXPECT_EQ(with(rows, R"("rule":"CAPI Login Count","rule_id":"capi-login-count","user":"frank","count":1)").size(), 1u);
  EXPECT_EQ(with(rows, R"("user":"gina","count":1)").size(), 1u);
  EXPECT_EQ(with(rows, R"("rule":"CAPI Count By User","rule_id":"capi-count-by-user","user":"frank","count":1)").size(),
            1u);

  // Unknown sourcetype: an error naming the known ones; counted as unrouted.
  EXPECT_EQ(push(e, ev, "syslog"), RULEJIT_E_NOT_FOUND);
  std::string msg = rulejit_last_error();
  EXPECT_NE(msg.find("'syslog'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("test:login"), std::string::npos) << msg;
  std::string batch = ev + "\n" + ev + "\n";
  EXPECT_EQ(rulejit_engine_push_batch(e, batch.data(), batch.size(), "syslog"), RULEJIT_E_NOT_FOUND);
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, 6u);
  EXPECT_EQ(st.unrouted, 3u);
  rulejit_engine_destroy(e);
}

TEST(CapiResults, PerRuleCounters) {
  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000002, "bob", "ok")), RULEJIT_OK);
  ASSERT_EQ(push(e, login_event(1700000003, "carol")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  rulejit_rule_info fail = rule_info(e, "capi-fail-events");
  EXPECT_STREQ(fail.name, "CAPI Fail Events");
  EXPECT_NE(std::string(fail.file).find("fail_events.yml"), std::string::npos);
  EXPECT_EQ(fail.events, 2u);
  EXPECT_EQ(fail.matches, 1u);
  EXPECT_EQ(fail.results, 1u);
  rulejit_rule_info count = rule_info(e, "capi-count-by-user");
  EXPECT_EQ(count.events, 2u);
  EXPECT_EQ(count.matches, 2u);
  EXPECT_EQ(count.results, 2u);
  rulejit_rule_info login = rule_info(e, "capi-login-count");
  EXPECT_EQ(login.events, 1u);
  EXPECT_EQ(login.results, 1u);
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, 3u);
  EXPECT_EQ(st.rule_count, 3u);
  EXPECT_EQ(st.results, 4u);
  EXPECT_EQ(st.results_queued, 4u);
  EXPECT_EQ(st.unrouted, 0u);
  EXPECT_EQ(st.windows_open, 1u);
  EXPECT_EQ(st.memory_budget_exceeded, 0u);
  // A shorter (older) struct is filled only up to its size.
  struct {
    rulejit_stats s;
    uint64_t canary;
  } small{};
  small.s.struct_size = offsetof(rulejit_stats, bytes);
  small.s.bytes = 777;
  small.canary = 0xABCD;
  ASSERT_EQ(rulejit_engine_stats(e, &small.s), RULEJIT_OK);
  EXPECT_EQ(small.s.events, 3u);
  EXPECT_EQ(small.s.bytes, 777u);  // beyond struct_size: untouched
  EXPECT_EQ(small.canary, 0xABCDu);
  rulejit_engine_destroy(e);
}

TEST(CapiResults, QueueBoundDropsAndCounts) {
  rulejit_options o = test_options();
  o.max_queued_results = 3;
  rulejit_engine* e = make_engine(o);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(push(e, json_event(1700000001 + i, "u" + std::to_string(i), "fail")), RULEJIT_OK);
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.results, 5u);
  EXPECT_EQ(st.results_queued, 3u);
  EXPECT_EQ(st.results_dropped, 2u);
  auto rows = drain(e);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[0].find("\"u0\""), std::string::npos);  // the oldest are kept
  rulejit_engine_destroy(e);
}

TEST(CapiResults, MemoryBudgetIsReportedNotFatal) {
  rulejit_options o = test_options();
  o.memory_budget_bytes = 1;
  rulejit_engine* e = make_engine(o);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(push(e, json_event(1700000001, "user" + std::to_string(i), "ok")), RULEJIT_OK);
  rulejit_stats st = stats(e);
  EXPECT_GT(st.memory_bytes, 1u);
  EXPECT_EQ(st.memory_budget_exceeded, 1u);
  EXPECT_NE(engine_error(e).find("memory budget"), std::string::npos);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  EXPECT_EQ(with(drain(e), "CAPI Count By User").size(), 50u);
  rulejit_engine_destroy(e);
}

TEST(CapiResults, JitExecutorGivesTheSameResults) {
  rulejit_options o = test_options();
  o.executor = "jit";
  rulejit_engine* jit = make_engine(o);
  rulejit_engine* interp = make_engine();
  ASSERT_NE(jit, nullptr);
  for (rulejit_engine* e : {jit, interp}) {
    ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
    ASSERT_EQ(push(e, json_event(1700000002, "alice", "ok")), RULEJIT_OK);
    ASSERT_EQ(push(e, login_event(1700000003, "bob")), RULEJIT_OK);
    // Sourcetype hints, and a reload that carries every rule's state over.
    ASSERT_EQ(push(e, json_event(1700000004, "carol", "fail"), "_json"), RULEJIT_OK) << rulejit_last_error();
    ASSERT_EQ(push(e, login_event(1700000005, "bob"), "test:login"), RULEJIT_OK) << rulejit_last_error();
    rulejit_reload_info info{};
    info.struct_size = sizeof info;
    ASSERT_EQ(rulejit_engine_reload(e, nullptr, &info), RULEJIT_OK) << rulejit_last_error();
    EXPECT_EQ(info.state_carried, 3u);
    ASSERT_EQ(push(e, login_event(1700000006, "bob"), "test:login"), RULEJIT_OK);
    ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
    EXPECT_GT(stats(e).memory_bytes, 0u);
  }
  auto a = drain(jit);
  EXPECT_EQ(a, drain(interp));
  EXPECT_EQ(a.size(), 5u) << ::testing::PrintToString(a);
  EXPECT_EQ(with(a, R"("user":"bob","count":3)").size(), 1u) << ::testing::PrintToString(a);
  rulejit_engine_destroy(jit);
  rulejit_engine_destroy(interp);
}

TEST(CapiResults, BundledPackWithNullSources) {
  // NULL sources: the bundled pack of the source tree (or $RULEJIT_HOME).
  rulejit_options o = test_options();
  o.allow_rule_errors = 1;  // the bundled pack is not this test's business
  rulejit_engine* e = nullptr;
  ASSERT_EQ(rulejit_engine_create(nullptr, &o, &e), RULEJIT_OK) << rulejit_last_error();
  EXPECT_GT(stats(e).rule_count, 0u);
  rulejit_engine_destroy(e);
}
