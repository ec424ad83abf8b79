// The examples, built and run: the C collector over stdin and following a
// file through rotation and truncation, and the C++ RAII example.
#include <fstream>
#include <set>

#include "capi_process_util.h"
#include "capi_test_util.h"

using namespace capi_test;

namespace {

// A Tetragon process_exec event (the shape of samples.ndjson, trimmed):
// pid `pid`, running `binary` on `node`.
std::string exec_event(int pid, const std::string& binary = "/bin/sh", const std::string& node = "node-a") {
  char t[64];
  std::snprintf(t, sizeof t, "2024-05-01T10:%02d:%02d.123456789Z", (pid / 60) % 60, pid % 60);
  return std::string(R"({"process_exec":{"process":{"exec_id":"ZXhlYy0)") + std::to_string(pid) +
         R"(","pid":)" + std::to_string(pid) + R"(,"uid":0,"cwd":"/","binary":")" + binary +
         R"(","arguments":"-c true","flags":"execve clone","start_time":")" + t +
         R"(","pod":{"namespace":"default","name":"web-1","container":{"id":"containerd://abc","name":"web"}}},)"
         R"("parent":{"exec_id":"cGFyZW50","pid":1,"binary":"/usr/bin/bash"}},"node_name":")" +
         node + R"(","time":")" + t + R"("})";
}

// Rules over the bundled Tetragon field maps: one alert per exec event, and
// a count per node at the end.
struct CollectorRules {
  TempDir dir;
  CollectorRules() {
    write_rule(dir.path() / "rules", "exec_alert.yml", "CAPI Exec", "capi-exec",
               "sourcetype=cisco:isovalent:processExec | table process_id process_name node_name");
    write_rule(dir.path() / "rules", "exec_count.yml", "CAPI Exec Count", "capi-exec-count",
               "sourcetype=cisco:isovalent:processExec | stats count by node_name");
  }
  std::vector<std::string> args() const {
    return {"--rules", (dir.path() / "rules").string(), "--fieldmaps", source_dir() + "/rules/fieldmaps",
            "--macros", empty_dir(), "--lookups", empty_dir()};
  }
};

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  std::string l;
  while (std::getline(in, l))
    if (!l.empty()) out.push_back(l);
  return out;
}

// The process_id of every "CAPI Exec" alert.
std::multiset<int> alert_pids(const fs::path& out) {
  std::multiset<int> pids;
  for (const auto& l : lines_of(out)) {
    if (l.find("\"rule\":\"CAPI Exec\"") == std::string::npos) continue;
    auto p = l.find("\"process_id\":\"");
    if (p != std::string::npos) pids.insert(std::stoi(l.substr(p + 14)));
  }
  return pids;
}

void append(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::app | std::ios::binary) << text;
}

}  // namespace

TEST(CapiExamples, CollectorReadsStdin) {
  CollectorRules rules;
  TempDir work;
  std::string events;
  for (int pid = 100; pid < 110; ++pid) events += exec_event(pid, "/bin/sh", pid < 104 ? "node-a" : "node-b") + "\n";
  events += "{broken json\n";
  write_file(work.path() / "in.ndjson", events);
  std::vector<std::string> argv{RULEJIT_COLLECTOR_EXE, "--stats"};
  for (const auto& a : rules.args()) argv.push_back(a);
  argv.push_back("-");
  Redirect r{(work.path() / "in.ndjson").string(), (work.path() / "out").string(), (work.path() / "err").string()};
  ASSERT_EQ(run(argv, r), 0) << read_file(work.path() / "err");
  auto pids = alert_pids(work.path() / "out");
  EXPECT_EQ(pids.size(), 10u);
  for (int pid = 100; pid < 110; ++pid) EXPECT_EQ(pids.count(pid), 1u) << pid;
  std::string out = read_file(work.path() / "out");
  EXPECT_NE(out.find(R"("rule":"CAPI Exec Count","rule_id":"capi-exec-count","node_name":"node-a","count":4)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("node_name":"node-b","count":6)"), std::string::npos) << out;
  std::string err = read_file(work.path() / "err");
  EXPECT_NE(err.find("11 events"), std::string::npos) << err;
  EXPECT_NE(err.find("1 malformed"), std::string::npos) << err;
}

TEST(CapiExamples, CollectorFollowsRotationAndTruncation) {
  CollectorRules rules;
  TempDir work;
  const fs::path log = work.path() / "tetragon.log";
  const fs::path out = work.path() / "out";
  const fs::path err = work.path() / "err";
  std::string first;
  for (int pid = 1; pid <= 5; ++pid) first += exec_event(pid) + "\n";
  write_file(log, first);

  std::vector<std::string> argv{RULEJIT_COLLECTOR_EXE, "--follow", "--idle-exit", "60"};
  for (const auto& a : rules.args()) argv.push_back(a);
  argv.push_back(log.string());
  pid_t child = spawn(argv, Redirect{"/dev/null", out.string(), err.string()});
  ASSERT_GT(child, 0);
  auto have = [&](size_t n) { return wait_for([&] { return alert_pids(out).size() >= n; }, 60); };
  ASSERT_TRUE(have(5)) << read_file(err);

  // Growth, then a rotation in the middle of a line: the writer finishes the
  // line in the renamed file, then starts a new file under the old name.
  append(log, exec_event(6) + "\n" + exec_event(7) + "\n");
  std::string eight = exec_event(8) + "\n";
  append(log, eight.substr(0, 40));
  ASSERT_TRUE(have(7)) << read_file(err);
  fs::rename(log, work.path() / "tetragon.log.1");
  append(work.path() / "tetragon.log.1", eight.substr(40));
  std::string second;
  for (int pid = 9; pid <= 12; ++pid) second += exec_event(pid) + "\n";
  write_file(log, second);
  ASSERT_TRUE(have(12)) << read_file(err);

  // Truncation: the file starts over.
  std::ofstream(log, std::ios::trunc | std::ios::binary) << exec_event(13) << "\n";
  ASSERT_TRUE(have(13)) << read_file(err);

  kill(child, SIGTERM);
  EXPECT_EQ(wait_exit(child), 0) << read_file(err);
  auto pids = alert_pids(out);
  EXPECT_EQ(pids.size(), 13u) << read_file(out);
  for (int pid = 1; pid <= 13; ++pid) EXPECT_EQ(pids.count(pid), 1u) << "pid " << pid;
  std::string e = read_file(err);
  EXPECT_NE(e.find("was rotated"), std::string::npos) << e;
  EXPECT_NE(e.find("was truncated"), std::string::npos) << e;
  // SIGTERM closed the engine: the aggregate over all 13 events came out.
  EXPECT_NE(read_file(out).find(R"("node_name":"node-a","count":13)"), std::string::npos) << read_file(out);
}

TEST(CapiExamples, CollectorReportsBadOptions) {
  TempDir work;
  Redirect r{"/dev/null", (work.path() / "out").string(), (work.path() / "err").string()};
  EXPECT_EQ(run({RULEJIT_COLLECTOR_EXE, "--executor", "nope"}, r), 1);
  EXPECT_NE(read_file(work.path() / "err").find("unknown executor 'nope'"), std::string::npos);
  EXPECT_EQ(run({RULEJIT_COLLECTOR_EXE, "--rules", "/nonexistent"}, r), 1);
  EXPECT_NE(read_file(work.path() / "err").find("RULEJIT_E_NOT_FOUND"), std::string::npos);
  EXPECT_EQ(run({RULEJIT_COLLECTOR_EXE, "--bogus"}, r), 2);
}

TEST(CapiExamples, CppExamplePrintsFieldValuePairs) {
  CollectorRules rules;
  TempDir work;
  std::string events;
  for (int pid = 40; pid < 43; ++pid) events += exec_event(pid, "/usr/bin/curl") + "\n";
  write_file(work.path() / "in.ndjson", events);
  Redirect r{"/dev/null", (work.path() / "out").string(), (work.path() / "err").string()};
  ASSERT_EQ(run({RULEJIT_EMBED_EXE, (work.path() / "in.ndjson").string(), (rules.dir.path() / "rules").string()}, r), 0)
      << read_file(work.path() / "err");
  std::string out = read_file(work.path() / "out");
  EXPECT_NE(out.find("CAPI Exec: process_id=41 process_name=curl node_name=node-a\n"), std::string::npos) << out;
  EXPECT_NE(out.find("CAPI Exec Count: node_name=node-a count=3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("events 3 malformed 0 results 4\n"), std::string::npos) << out;
  EXPECT_NE(out.find("rule CAPI Exec matches 3 results 3\n"), std::string::npos) << out;
}
