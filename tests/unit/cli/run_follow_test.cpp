// `rulejit run --follow` as a service: rows appear while the input grows,
// SIGTERM ends the run with every window's rows and the summary, SIGHUP
// reloads the rules (and keeps the old ones when the new ones cannot run),
// a signal also ends a run blocked on stdin.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <thread>

#include <gtest/gtest.h>

#include "cli_runner.h"

extern char** environ;

namespace {

using namespace cli_test;
using Clock = std::chrono::steady_clock;

const std::string kData = kRepo + "/tests/unit/capi/data";
constexpr long long T0 = 1700000040;  // a multiple of 60

std::string event(long long t, const std::string& user, const std::string& action) {
  return R"({"_time":")" + std::to_string(t) + R"(","user":")" + user + R"(","action":")" + action + "\"}\n";
}

void append(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary | std::ios::app) << bytes; }

// Polls `cond` every 20 ms until it holds or `seconds` pass.
bool eventually(const std::function<bool()>& cond, double seconds = 4) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    if (cond()) return true;
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// rulejit as a child process; stdout and stderr go to files in `dir`.
struct Child {
  pid_t pid = -1;
  fs::path out, err;
  int stdin_write = -1;  // with piped stdin: the test's end of the pipe

  Child(const ScratchDir& dir, const std::vector<std::string>& args, bool piped_stdin = false)
      : out(dir / "stdout"), err(dir / "stderr") {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    int pipefd[2] = {-1, -1};
    if (piped_stdin) {
      EXPECT_EQ(::pipe(pipefd), 0);
      posix_spawn_file_actions_adddup2(&fa, pipefd[0], 0);
      posix_spawn_file_actions_addclose(&fa, pipefd[1]);
    }
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> all = {RULEJIT_CLI_EXE};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid, RULEJIT_CLI_EXE, &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    if (piped_stdin) {
      ::close(pipefd[0]);
      stdin_write = pipefd[1];
    }
  }
  ~Child() {
    if (stdin_write >= 0) ::close(stdin_write);
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  std::string stdout_text() const { return slurp(out); }
  std::string stderr_text() const { return slurp(err); }
  void signal(int sig) const { ::kill(pid, sig); }
  // Exit status within `seconds`; -1 when still running, -2 when killed by a signal.
  int wait(double seconds) {
    int status = 0;
    const bool done = eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, seconds);
    if (!done) return -1;
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
  }
};

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::vector<std::string> follow_args(const std::string& rules, const fs::path& input, const fs::path& output,
                                     const std::string& threads = "0") {
  return {"run",  "--no-progress", "--engine", "interp", "--rules", rules,     "--fieldmaps", kData + "/fieldmaps",
          "-i",   input.string(),  "-o",       output.string(),     "--follow", "--window",    "1m",
          "--threads", threads};
}

const std::string kFailRow = R"("rule":"CAPI Fail Events")";
std::string count_row(const std::string& user, int count) {
  return R"("user":")" + user + R"(","count":)" + std::to_string(count);
}

// On one thread and on two (worker threads hold per-event rows until synced).
class CliRunFollowThreads : public ::testing::TestWithParam<const char*> {};
INSTANTIATE_TEST_SUITE_P(Threads, CliRunFollowThreads, ::testing::Values("1", "2"));

TEST_P(CliRunFollowThreads, RowsAppearWhileTheInputGrowsAndSigtermEndsTheRun) {
  ScratchDir dir;
  const fs::path in = dir / "in.ndjson", out = dir / "alerts.ndjson";
  spit(in, event(T0 + 1, "alice", "ok"));
  Child c(dir, follow_args(kData + "/rules", in, out, GetParam()));
  // A per-event row: written as soon as the input pauses.
  append(in, event(T0 + 5, "bob", "fail"));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), kFailRow); })) << c.stderr_text();
  EXPECT_FALSE(contains(slurp(out), count_row("alice", 1)));
  // An event of the next minute closes the first window: its rows appear.
  append(in, event(T0 + 61, "carol", "ok"));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), count_row("bob", 1)); })) << c.stderr_text();
  EXPECT_TRUE(contains(slurp(out), count_row("alice", 1)));
  EXPECT_FALSE(contains(slurp(out), count_row("carol", 1)));
  // A half-written line is not read until its newline arrives.
  const std::string dave = event(T0 + 62, "dave", "fail");
  append(in, dave.substr(0, 20));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  append(in, dave.substr(20));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), R"("user":"dave","action":"fail")"); }));

  const auto t = Clock::now();
  c.signal(SIGTERM);
  EXPECT_EQ(c.wait(3), 0) << c.stderr_text();
  EXPECT_LT(Clock::now() - t, std::chrono::milliseconds(1500));
  // The open window's rows were written at the stop, and the summary printed.
  const std::string rows = slurp(out);
  EXPECT_TRUE(contains(rows, count_row("carol", 1))) << rows;
  EXPECT_TRUE(contains(rows, count_row("dave", 1))) << rows;
  const std::string err = c.stderr_text();
  EXPECT_TRUE(contains(err, "]: 4 events")) << err;
  EXPECT_TRUE(contains(err, "stopped by SIGTERM")) << err;
  EXPECT_TRUE(contains(err, "2 closed")) << err;
}

TEST(CliRunFollow, SigintWithNothingArrivingEndsPromptly) {
  ScratchDir dir;
  const fs::path in = dir / "later.ndjson", out = dir / "alerts.ndjson";
  Child c(dir, follow_args(kData + "/rules", in, out));
  ASSERT_TRUE(eventually([&] { return contains(c.stderr_text(), "does not exist yet"); })) << c.stderr_text();
  spit(in, event(T0 + 5, "bob", "fail"));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), kFailRow); })) << c.stderr_text();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // idle: only polling
  const auto t = Clock::now();
  c.signal(SIGINT);
  EXPECT_EQ(c.wait(3), 0) << c.stderr_text();
  // A few ms when idle (the wait is cut short by the signal); the margin is for a loaded machine.
  EXPECT_LT(Clock::now() - t, std::chrono::milliseconds(1000));
  EXPECT_TRUE(contains(slurp(out), count_row("bob", 1)));
  EXPECT_TRUE(contains(c.stderr_text(), "stopped by SIGINT"));
}

// The test pack in a folder of its own, to change while the run goes on.
fs::path copy_rules(const ScratchDir& dir) {
  const fs::path rules = dir / "rules";
  fs::create_directories(rules);
  for (const auto& e : fs::directory_iterator(kData + "/rules")) fs::copy_file(e.path(), rules / e.path().filename());
  return rules;
}

TEST(CliRunFollow, SighupReloadsTheRulesAndKeepsOpenWindows) {
  ScratchDir dir;
  const fs::path in = dir / "in.ndjson", out = dir / "alerts.ndjson", rules = copy_rules(dir);
  spit(in, event(T0 + 1, "alice", "fail"));
  Child c(dir, follow_args(rules.string(), in, out, "2"));  // states move between engines on threads
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), kFailRow); })) << c.stderr_text();
  spit(rules / "ok_events.yml",
       "name: CAPI Ok Events\nid: capi-ok-events\nsearch: 'sourcetype=_json action=ok | table _time user action'\n");
  c.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return contains(c.stderr_text(), "reloaded: 4 rules"); })) << c.stderr_text();
  append(in, event(T0 + 2, "alice", "ok"));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), R"("rule":"CAPI Ok Events")"); })) << c.stderr_text();
  c.signal(SIGTERM);
  EXPECT_EQ(c.wait(3), 0) << c.stderr_text();
  // The window open across the reload counted alice's events before and after it.
  EXPECT_TRUE(contains(slurp(out), count_row("alice", 2))) << slurp(out);
  const std::string err = c.stderr_text();
  EXPECT_TRUE(contains(err, ": 2 events")) << err;
  EXPECT_TRUE(contains(err, "rule reloads (SIGHUP): 1 done, 0 failed")) << err;
}

TEST(CliRunFollow, SighupWithBrokenRulesKeepsTheOldOnes) {
  ScratchDir dir;
  const fs::path in = dir / "in.ndjson", out = dir / "alerts.ndjson", rules = copy_rules(dir);
  spit(in, event(T0 + 1, "alice", "fail"));
  Child c(dir, follow_args(rules.string(), in, out));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), kFailRow); })) << c.stderr_text();
  for (const auto& e : fs::directory_iterator(rules)) fs::remove(e.path());
  spit(rules / "broken.yml", "name: Broken\nid: broken\nsearch: 'sourcetype=_json | stats count by'\n");
  c.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return contains(c.stderr_text(), "reload failed"); })) << c.stderr_text();
  EXPECT_TRUE(contains(c.stderr_text(), "no rule compiled")) << c.stderr_text();
  // The old rules still run.
  append(in, event(T0 + 2, "bob", "fail"));
  ASSERT_TRUE(eventually([&] { return contains(slurp(out), R"("user":"bob","action":"fail")"); }));
  c.signal(SIGTERM);
  EXPECT_EQ(c.wait(3), 0) << c.stderr_text();
  EXPECT_TRUE(contains(slurp(out), count_row("alice", 1)));
  EXPECT_TRUE(contains(c.stderr_text(), "rule reloads (SIGHUP): 0 done, 1 failed")) << c.stderr_text();
}

TEST(CliRunFollow, SigtermEndsARunBlockedOnStdin) {
  ScratchDir dir;
  const fs::path out = dir / "alerts.ndjson";
  Child c(dir,
          {"run", "--no-progress", "--engine", "interp", "--rules", kData + "/rules", "--fieldmaps",
           kData + "/fieldmaps", "-i", "-", "-o", out.string()},
          true);
  const std::string ev = event(T0 + 1, "alice", "fail");
  ASSERT_EQ(::write(c.stdin_write, ev.data(), ev.size()), static_cast<ssize_t>(ev.size()));
  // Nothing more comes and stdin stays open: only the signal ends the run.
  ASSERT_TRUE(eventually([&] { return fs::exists(out); }));  // made once the signal handlers are set
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  c.signal(SIGTERM);
  EXPECT_EQ(c.wait(3), 0) << c.stderr_text();
  EXPECT_TRUE(contains(slurp(out), count_row("alice", 1))) << c.stderr_text();
  EXPECT_TRUE(contains(c.stderr_text(), "stopped by SIGTERM")) << c.stderr_text();
}

TEST(CliRunFollow, RefusesFoldersAndGzipAndWarnsOfRowsAtExit) {
  ScratchDir dir;
  Result r = rulejit("run --no-progress --follow -i '" + dir.str() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "a directory cannot be followed")) << r.err;
  spit(dir / "x.gz", std::string("\x1f\x8b\x08\x00", 4));
  r = rulejit("run --no-progress --follow -i '" + (dir / "x.gz").string() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "gzip file cannot be followed")) << r.err;
  // Stdin is read to its end, and without --window aggregations come at the end.
  spit(dir / "in.ndjson", event(T0 + 1, "alice", "ok"));
  r = rulejit("run --no-progress --engine interp --follow --rules '" + kData + "/rules' --fieldmaps '" + kData +
              "/fieldmaps' -i - < '" + (dir / "in.ndjson").string() + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, count_row("alice", 1))) << r.out;
  EXPECT_TRUE(contains(r.err, "2 rule(s) aggregate and write their rows only when the run stops")) << r.err;
}

}  // namespace
