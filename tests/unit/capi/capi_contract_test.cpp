// C API contract: argument checks, handle checks, state machine, options,
// compile errors, error messages. Misuse must give a code and a message,
// never a crash (the suite also runs under ASan/UBSan).
#include <cmath>
#include <cstddef>
#include <cstring>
#include <thread>

#include "capi_test_util.h"

using namespace capi_test;

namespace {

rulejit_engine* bogus_engine(uintptr_t v) { return reinterpret_cast<rulejit_engine*>(v); }
rulejit_result* bogus_result(uintptr_t v) { return reinterpret_cast<rulejit_result*>(v); }

}  // namespace

TEST(CapiContract, VersionAndStatusNames) {
  EXPECT_STREQ(rulejit_version(), "0.1.0");
  EXPECT_STREQ(rulejit_status_name(RULEJIT_OK), "RULEJIT_OK");
  EXPECT_STREQ(rulejit_status_name(RULEJIT_EMPTY), "RULEJIT_EMPTY");
  EXPECT_STREQ(rulejit_status_name(RULEJIT_E_INVALID_HANDLE), "RULEJIT_E_INVALID_HANDLE");
  EXPECT_STREQ(rulejit_status_name(RULEJIT_E_INTERNAL), "RULEJIT_E_INTERNAL");
  EXPECT_STREQ(rulejit_status_name(static_cast<rulejit_status>(42)), "unknown status");
}

TEST(CapiContract, NullArgumentsToEngineCalls) {
  rulejit_engine* e = make_engine();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(rulejit_engine_create(nullptr, nullptr, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("out_engine is NULL"), std::string::npos);

  // NULL engine for every engine call.
  rulejit_result* r = nullptr;
  rulejit_stats st{};
  st.struct_size = sizeof st;
  rulejit_rule_info ri{};
  ri.struct_size = sizeof ri;
  EXPECT_EQ(rulejit_engine_destroy(nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_set_callback(nullptr, nullptr, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_poll(nullptr, &r), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_push(nullptr, "{}", 2, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_push_batch(nullptr, "{}", 2, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_flush(nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_close(nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_reload(nullptr, nullptr, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_reload_pack(nullptr, "x", nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_stats(nullptr, &st), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_rule_info(nullptr, 0, &ri), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_last_error(nullptr, nullptr, 0, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("engine is NULL"), std::string::npos);

  // NULL / zero-length out and in parameters on a live engine.
  EXPECT_EQ(rulejit_engine_poll(e, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_push(e, nullptr, 5, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_push(e, "{}", 0, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("length is 0"), std::string::npos);
  EXPECT_EQ(rulejit_engine_push_batch(e, nullptr, 5, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_push_batch(e, "{}", 0, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_stats(e, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  rulejit_stats unset{};
  EXPECT_EQ(rulejit_engine_stats(e, &unset), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(engine_error(e).find("struct_size"), std::string::npos);
  EXPECT_EQ(rulejit_engine_rule_info(e, 0, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_rule_info(e, 9999, &ri), RULEJIT_E_NOT_FOUND);
  EXPECT_EQ(rulejit_engine_last_error(e, nullptr, 10, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_reload_pack(e, nullptr, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  rulejit_reload_info bad_info{};
  EXPECT_EQ(rulejit_engine_reload(e, nullptr, &bad_info), RULEJIT_E_INVALID_ARGUMENT);
  // None of that consumed an event.
  EXPECT_EQ(stats(e).events, 0u);
  EXPECT_EQ(rulejit_engine_destroy(e), RULEJIT_OK);
}

TEST(CapiContract, NullArgumentsToResultCalls) {
  const char* s = nullptr;
  size_t n = 0;
  uint32_t idx = 0;
  double a = 0, b = 0;
  rulejit_value_kind k;
  EXPECT_EQ(rulejit_result_free(nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_json(nullptr, &s, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_rule(nullptr, &idx, &s, &s), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_window(nullptr, &a, &b), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_field_count(nullptr, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_field(nullptr, 0, &s, &k, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_value(nullptr, 0, 0, &s, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_find_field(nullptr, "x", &n), RULEJIT_E_INVALID_ARGUMENT);

  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  rulejit_result* r = nullptr;
  ASSERT_EQ(rulejit_engine_poll(e, &r), RULEJIT_OK);
  EXPECT_EQ(rulejit_result_json(r, nullptr, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_field_count(r, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_value(r, 0, 0, nullptr, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_find_field(r, nullptr, &n), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_find_field(r, "user", nullptr), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_result_field(r, 999, &s, &k, &n), RULEJIT_E_NOT_FOUND);
  EXPECT_EQ(rulejit_result_value(r, 0, 999, &s, &n), RULEJIT_E_NOT_FOUND);
  EXPECT_EQ(rulejit_result_find_field(r, "no_such_field", &n), RULEJIT_E_NOT_FOUND);
  // Optional out pointers may be NULL.
  EXPECT_EQ(rulejit_result_rule(r, nullptr, nullptr, nullptr), RULEJIT_OK);
  EXPECT_EQ(rulejit_result_field(r, 0, nullptr, nullptr, nullptr), RULEJIT_OK);
  EXPECT_EQ(rulejit_result_free(r), RULEJIT_OK);
  rulejit_engine_destroy(e);
}

TEST(CapiContract, MadeUpAndDestroyedHandles) {
  rulejit_stats st{};
  st.struct_size = sizeof st;
  // Garbage values never crash: they are not pointers to anything.
  for (uintptr_t v : {uintptr_t{1}, uintptr_t{0xdeadbeef}, ~uintptr_t{0}, uintptr_t{0xE000000001000001}}) {
    EXPECT_EQ(rulejit_engine_stats(bogus_engine(v), &st), RULEJIT_E_INVALID_HANDLE) << v;
    EXPECT_EQ(rulejit_engine_destroy(bogus_engine(v)), RULEJIT_E_INVALID_HANDLE) << v;
    EXPECT_EQ(rulejit_result_free(bogus_result(v)), RULEJIT_E_INVALID_HANDLE) << v;
  }
  // A real pointer to something else is not a handle either.
  int local = 0;
  EXPECT_EQ(rulejit_engine_flush(reinterpret_cast<rulejit_engine*>(&local)), RULEJIT_E_INVALID_HANDLE);

  rulejit_engine* e = make_engine();
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(rulejit_engine_destroy(e), RULEJIT_OK);
  // Every call after destroy is detected.
  EXPECT_EQ(rulejit_engine_destroy(e), RULEJIT_E_INVALID_HANDLE);
  EXPECT_EQ(push(e, json_event(1, "a", "b")), RULEJIT_E_INVALID_HANDLE);
  EXPECT_NE(std::string(rulejit_last_error()).find("not a live engine handle"), std::string::npos);
  EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_E_INVALID_HANDLE);
  EXPECT_EQ(rulejit_engine_stats(e, &st), RULEJIT_E_INVALID_HANDLE);
  rulejit_result* r = nullptr;
  EXPECT_EQ(rulejit_engine_poll(e, &r), RULEJIT_E_INVALID_HANDLE);

  // The slot is reused by a new engine; the old handle still does not work.
  rulejit_engine* e2 = make_engine();
  ASSERT_NE(e2, nullptr);
  EXPECT_NE(e2, e);
  EXPECT_EQ(rulejit_engine_stats(e, &st), RULEJIT_E_INVALID_HANDLE);
  EXPECT_EQ(rulejit_engine_stats(e2, &st), RULEJIT_OK);
  // An engine handle is not a result handle and vice versa.
  EXPECT_EQ(rulejit_result_free(reinterpret_cast<rulejit_result*>(e2)), RULEJIT_E_INVALID_HANDLE);
  EXPECT_EQ(rulejit_engine_destroy(e2), RULEJIT_OK);
}

TEST(CapiContract, ResultHandlesAfterFree) {
  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  rulejit_result* r = nullptr;
  ASSERT_EQ(rulejit_engine_poll(e, &r), RULEJIT_OK);
  ASSERT_EQ(rulejit_result_free(r), RULEJIT_OK);
  const char* json;
  size_t n;
  EXPECT_EQ(rulejit_result_json(r, &json, &n), RULEJIT_E_INVALID_HANDLE);
  EXPECT_EQ(rulejit_result_free(r), RULEJIT_E_INVALID_HANDLE);
  // A polled result outlives its engine.
  ASSERT_EQ(push(e, json_event(1700000002, "bob", "fail")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_poll(e, &r), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_destroy(e), RULEJIT_OK);
  ASSERT_EQ(rulejit_result_json(r, &json, &n), RULEJIT_OK);
  EXPECT_NE(std::string(json, n).find("\"bob\""), std::string::npos);
  EXPECT_EQ(rulejit_result_free(r), RULEJIT_OK);
}

TEST(CapiContract, StateMachine) {
  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_OK);  // flushing twice is fine
  ASSERT_EQ(push(e, json_event(1700000002, "bob", "ok")), RULEJIT_OK);  // still open after flush
  ASSERT_EQ(rulejit_engine_close(e), RULEJIT_OK);
  // CLOSED: no more events, flushes or reloads.
  EXPECT_EQ(push(e, json_event(1700000003, "carol", "fail")), RULEJIT_E_INVALID_STATE);
  EXPECT_NE(std::string(rulejit_last_error()).find("closed"), std::string::npos);
  EXPECT_EQ(rulejit_engine_push_batch(e, "{}\n", 3, nullptr), RULEJIT_E_INVALID_STATE);
  EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_E_INVALID_STATE);
  EXPECT_EQ(rulejit_engine_close(e), RULEJIT_E_INVALID_STATE);
  EXPECT_EQ(rulejit_engine_reload(e, nullptr, nullptr), RULEJIT_E_INVALID_STATE);
  // ... but draining and counters still work.
  auto rows = drain(e);
  EXPECT_EQ(with(rows, "carol").size(), 0u);
  EXPECT_EQ(with(rows, "CAPI Count By User").size(), 2u);  // alice (flush 1), bob (close)
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, 2u);
  EXPECT_EQ(st.windows_closed, 3u);  // two flushes and the close
  EXPECT_EQ(rulejit_engine_set_callback(e, nullptr, nullptr), RULEJIT_OK);
  EXPECT_EQ(rulejit_engine_destroy(e), RULEJIT_OK);
}

TEST(CapiContract, OptionValidation) {
  Sources src = test_sources();
  rulejit_sources s = src.c();
  rulejit_engine* e = reinterpret_cast<rulejit_engine*>(uintptr_t{1});
  auto create = [&](const rulejit_options& o) { return rulejit_engine_create(&s, &o, &e); };

  rulejit_options o;
  std::memset(&o, 0, sizeof o);  // struct_size not set
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(e, nullptr);  // out is cleared on failure
  EXPECT_NE(std::string(rulejit_last_error()).find("rulejit_options_init"), std::string::npos);

  o = test_options();
  o.struct_size = sizeof o + 8;  // a newer header
  EXPECT_EQ(create(o), RULEJIT_E_UNSUPPORTED);

  o = test_options();
  o.executor = "llvm";
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("unknown executor 'llvm'"), std::string::npos);

  o = test_options();
  o.threads = 300;
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("threads = 300"), std::string::npos);

  o = test_options(-5);
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  o = test_options(std::nan(""));
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  o = test_options(0, 10);  // lateness without windows
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  o = test_options(1, 1000);  // 1000 open windows
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);
  o = test_options();
  o.now = -1;
  EXPECT_EQ(create(o), RULEJIT_E_INVALID_ARGUMENT);

  // An older, shorter options struct is accepted: missing members default.
  o = test_options();
  o.struct_size = offsetof(rulejit_options, threads);
  EXPECT_EQ(create(o), RULEJIT_OK) << rulejit_last_error();
  rulejit_engine_destroy(e);
  // threads = 1 and NULL options are fine.
  o = test_options();
  o.threads = 1;
  ASSERT_EQ(create(o), RULEJIT_OK);
  rulejit_engine_destroy(e);
  ASSERT_EQ(rulejit_engine_create(&s, nullptr, &e), RULEJIT_OK) << rulejit_last_error();
  rulejit_engine_destroy(e);
}

TEST(CapiContract, SourceValidation) {
  rulejit_engine* e = nullptr;
  rulejit_options o = test_options();
  Sources src = test_sources();
  rulejit_sources s = src.c();
  s.rules = "";
  EXPECT_EQ(rulejit_engine_create(&s, &o, &e), RULEJIT_E_INVALID_ARGUMENT);
  s = src.c();
  s.rules = "/nonexistent/rulejit/rules";
  EXPECT_EQ(rulejit_engine_create(&s, &o, &e), RULEJIT_E_NOT_FOUND);
  EXPECT_NE(std::string(rulejit_last_error()).find("/nonexistent/rulejit/rules"), std::string::npos);
  s = src.c();
  s.fieldmaps = "/nonexistent/fieldmaps";
  EXPECT_EQ(rulejit_engine_create(&s, &o, &e), RULEJIT_E_NOT_FOUND);
  // A folder without detections compiles nothing.
  s = src.c();
  s.rules = src.macros.c_str();
  EXPECT_EQ(rulejit_engine_create(&s, &o, &e), RULEJIT_E_COMPILE);
  EXPECT_NE(std::string(rulejit_last_error()).find("no detection compiled"), std::string::npos);
  EXPECT_EQ(e, nullptr);
}

TEST(CapiContract, CompileErrorsNameTheFile) {
  TempDir dir;
  fs::copy(data_dir() + "/rules", dir.path());
  write_rule(dir.path(), "broken.yml", "Broken", "capi-broken", "sourcetype=_json | stats count by");
  rulejit_options o = test_options();
  Sources src = test_sources(dir.str());
  rulejit_sources s = src.c();
  rulejit_engine* e = nullptr;
  EXPECT_EQ(rulejit_engine_create(&s, &o, &e), RULEJIT_E_COMPILE);
  std::string msg = rulejit_last_error();
  EXPECT_NE(msg.find("broken.yml:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("allow_rule_errors"), std::string::npos) << msg;

  // allow_rule_errors: the broken rule is skipped and reported.
  o.allow_rule_errors = 1;
  ASSERT_EQ(rulejit_engine_create(&s, &o, &e), RULEJIT_OK) << rulejit_last_error();
  EXPECT_EQ(stats(e).rule_count, 3u);
  EXPECT_NE(engine_error(e).find("broken.yml"), std::string::npos);
  rulejit_engine_destroy(e);
}

TEST(CapiContract, PackArtifactArgumentsAreChecked) {
  rulejit_engine* e = reinterpret_cast<rulejit_engine*>(uintptr_t{1});
  EXPECT_EQ(rulejit_engine_create_from_pack(nullptr, nullptr, &e), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(e, nullptr);
  EXPECT_EQ(rulejit_engine_create_from_pack("", nullptr, &e), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(rulejit_engine_create_from_pack("x", nullptr, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  rulejit_engine* live = make_engine();
  EXPECT_EQ(rulejit_engine_reload_pack(live, "", nullptr), RULEJIT_E_INVALID_ARGUMENT);
  rulejit_reload_info info{};  // struct_size not set
  EXPECT_EQ(rulejit_engine_reload_pack(live, "x.rjp", &info), RULEJIT_E_INVALID_ARGUMENT);
  rulejit_engine_destroy(live);
}

TEST(CapiContract, LastErrorCopyTruncates) {
  rulejit_engine* e = make_engine();
  ASSERT_EQ(rulejit_engine_push(e, "{}", 0, nullptr), RULEJIT_E_INVALID_ARGUMENT);
  std::string full = engine_error(e);
  ASSERT_GT(full.size(), 10u);
  char small[8];
  std::memset(small, 'x', sizeof small);
  size_t len = 0;
  ASSERT_EQ(rulejit_engine_last_error(e, small, sizeof small, &len), RULEJIT_OK);
  EXPECT_EQ(len, full.size());
  EXPECT_EQ(std::string(small), full.substr(0, 7));  // NUL-terminated, truncated
  rulejit_engine_destroy(e);
}

TEST(CapiContract, LastErrorIsPerThread) {
  EXPECT_EQ(rulejit_engine_flush(nullptr), RULEJIT_E_INVALID_ARGUMENT);
  std::string mine = rulejit_last_error();
  std::string theirs;
  std::thread t([&] {
    theirs = rulejit_last_error();  // nothing failed on this thread yet
    rulejit_engine_create_from_pack("x", nullptr, nullptr);
  });
  t.join();
  EXPECT_EQ(theirs, "");
  EXPECT_EQ(rulejit_last_error(), mine);
}

namespace {

struct Reentry {
  rulejit_engine* engine = nullptr;
  std::vector<rulejit_status> statuses;
  const rulejit_result* seen = nullptr;
  int calls = 0;
};

void reentrant_callback(void* user, const rulejit_result* r) {
  auto* re = static_cast<Reentry*>(user);
  ++re->calls;
  re->seen = r;
  rulejit_stats st{};
  st.struct_size = sizeof st;
  re->statuses.push_back(rulejit_engine_push(re->engine, "{}", 2, nullptr));
  re->statuses.push_back(rulejit_engine_stats(re->engine, &st));
  re->statuses.push_back(rulejit_engine_destroy(re->engine));
  // The engine's result: getters work, freeing does not.
  const char* json;
  size_t n;
  re->statuses.push_back(rulejit_result_json(r, &json, &n));
  re->statuses.push_back(rulejit_result_free(const_cast<rulejit_result*>(r)));
}

}  // namespace

TEST(CapiContract, CallbacksCannotReenterTheEngine) {
  rulejit_engine* e = make_engine();
  Reentry re;
  re.engine = e;
  ASSERT_EQ(rulejit_engine_set_callback(e, reentrant_callback, &re), RULEJIT_OK);
  ASSERT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
  ASSERT_EQ(re.calls, 1);
  EXPECT_EQ(re.statuses, (std::vector<rulejit_status>{RULEJIT_E_INVALID_STATE, RULEJIT_E_INVALID_STATE,
                                                      RULEJIT_E_INVALID_STATE, RULEJIT_OK,
                                                      RULEJIT_E_INVALID_ARGUMENT}));
  // After the callback, its result handle is dead.
  const char* json;
  size_t n;
  EXPECT_EQ(rulejit_result_json(re.seen, &json, &n), RULEJIT_E_INVALID_HANDLE);
  EXPECT_NE(std::string(rulejit_last_error()).find("after the callback returned"), std::string::npos);
  // The engine survived the callback's destroy attempt.
  EXPECT_EQ(stats(e).events, 1u);
  EXPECT_EQ(rulejit_engine_destroy(e), RULEJIT_OK);
}
