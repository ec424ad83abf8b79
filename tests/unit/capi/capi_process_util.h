// Running programs from the C API tests (examples, cmake, the compiler):
// posix_spawn with stdin/stdout/stderr redirected to files.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace capi_test {

struct Redirect {
  std::string in = "/dev/null", out = "/dev/null", err = "/dev/null";
};

// Starts argv[0] (a path) with `env_extra` ("K=V") added to the environment
// and `env_remove` names dropped; -1 when it cannot start.
inline pid_t spawn(const std::vector<std::string>& argv, const Redirect& r,
                   const std::vector<std::string>& env_extra = {}, const std::vector<std::string>& env_remove = {}) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, r.in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, r.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, r.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    bool drop = false;
    for (const auto& name : env_remove)
      if (kv.rfind(name + "=", 0) == 0) drop = true;
    for (const auto& extra : env_extra)
      if (kv.rfind(extra.substr(0, extra.find('=') + 1), 0) == 0) drop = true;
    if (!drop) env_store.push_back(kv);
  }
  for (const auto& extra : env_extra) env_store.push_back(extra);
  std::vector<char*> envp;
  for (auto& kv : env_store) envp.push_back(kv.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

// Exit code, 128+signal when killed, -1 when it could not run.
inline int wait_exit(pid_t pid) {
  if (pid < 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

inline int run(const std::vector<std::string>& argv, const Redirect& r = {},
               const std::vector<std::string>& env_extra = {}, const std::vector<std::string>& env_remove = {}) {
  return wait_exit(spawn(argv, r, env_extra, env_remove));
}

// Polls `cond` every 20 ms until it holds or `seconds` pass.
inline bool wait_for(const std::function<bool()>& cond, double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

}  // namespace capi_test
