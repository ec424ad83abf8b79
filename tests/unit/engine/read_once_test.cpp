// The JIT's read-once mode (jit_engine.cpp, push_read_once): when a field
// map's first pass reads whole events anyway and most of its events need the
// full read too (a rule that aggregates every event), the JIT reads every
// field in one pass. It must switch on and off with the stream and give the
// interpreter's rows and counts, malformed lines and repeated keys included.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine_test_util.h"

namespace rulejit::engine_test {
namespace {

struct RuleDir {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("rulejit-read-once-" + std::to_string(::getpid()));
  RuleDir() { std::filesystem::create_directories(dir); }
  ~RuleDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

std::string event(int i, const std::string& binary) {
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(i) + R"(,"binary":")" + binary +
         R"(","arguments":"-c x)" + std::to_string(i % 7) + R"("},"parent":{"binary":"/usr/sbin/runc"}},"node_name":"n)" +
         std::to_string(i % 3) + R"(","time":"2025-08-14T20:42:47.459945318Z"})";
}

TEST(ReadOnce, SwitchesWithTheStreamAndKeepsTheInterpretersResults) {
  RuleDir d;
  // Every event counted by node and binary: its first condition reads
  // node_name, outside the routing key's object, so the first pass reads
  // whole events; each event then needs the full read.
  const std::string every = d.write("every.yml",
                                    "name: Every Exec\nid: every-exec\nsearch: '`cisco_isovalent_process_exec` dest=* "
                                    "| stats count values(process) as p by dest process_name'\n");
  const std::string shell = kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml";
  std::string input;
  int i = 0;
  // 1,000 events (read once after the first window), then 1,500 the
  // aggregating rule skips (dest missing: back to two passes), then more.
  for (; i < 1000; ++i) input += event(i, i % 5 ? "/bin/sh" : "/usr/bin/curl") + "\n";
  for (; i < 2500; ++i) {
    std::string e = event(i, "/usr/bin/ls");  // no rule needs a full read
    e.replace(e.find("\"node_name\""), 11, "\"node_nome\"");
    input += e + "\n";
  }
  for (; i < 3200; ++i) input += event(i, "/bin/dash") + "\n";
  // Trouble in the middle of read-once stretches: a malformed line, invalid
  // UTF-8 in a value, a repeated process object (a multivalue).
  auto before_event = [&](int pid, const std::string& line) {
    const size_t at = input.rfind('\n', input.find("\"pid\":" + std::to_string(pid) + ","));
    ASSERT_NE(at, std::string::npos) << pid;
    input.insert(at + 1, line + "\n");
  };
  before_event(600, "{\"process_exec\":{\"process\":{\"binary\":\"/bin/sh\"}}, oops");
  before_event(700, event(10000, "/bin/s\xff"));
  std::string twice = event(10001, "/bin/sh");
  twice.insert(twice.find("\"parent\""), R"("process":{"binary":"/bin/zsh","pid":3},)");
  before_event(3100, twice);

  Outcome interp = run("interp", input, {every, shell});
  Outcome jit = run("jit", input, {every, shell});
  std::sort(interp.rows.begin(), interp.rows.end());
  std::sort(jit.rows.begin(), jit.rows.end());
  ASSERT_FALSE(interp.rows.empty());
  EXPECT_EQ(jit.rows, interp.rows);
  EXPECT_EQ(jit.stats.events, interp.stats.events);
  EXPECT_EQ(jit.stats.read.errors, interp.stats.read.errors);
  ASSERT_EQ(jit.stats.rules.size(), interp.stats.rules.size());
  for (size_t r = 0; r < jit.stats.rules.size(); ++r) {
    EXPECT_EQ(jit.stats.rules[r].events_in, interp.stats.rules[r].events_in) << r;
    EXPECT_EQ(jit.stats.rules[r].matched, interp.stats.rules[r].matched) << r;
  }
  // On for most of the first and last stretches, off in the middle one.
  EXPECT_GT(jit.stats.read_once, 1000u);
  EXPECT_LT(jit.stats.read_once, 2500u);
  EXPECT_EQ(interp.stats.read_once, 0u);
}

}  // namespace
}  // namespace rulejit::engine_test
