// Runs the built rulejit binary for the CLI tests: exit status, stdout and
// stderr of one command line, and scratch folders that clean up after
// themselves.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace cli_test {

namespace fs = std::filesystem;

inline const std::string kRepo = RULEJIT_SOURCE_DIR;

struct Result {
  int status = -1;  // exit status; -1 when killed by a signal
  std::string out;  // stdout
  std::string err;  // stderr
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string unique_name(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + std::to_string(::getpid()) + "-" + std::to_string(rng());
}

// A fresh folder under the temp dir, removed with everything in it.
struct ScratchDir {
  fs::path path;
  explicit ScratchDir(const std::string& prefix = "rulejit-test-")
      : path(fs::temp_directory_path() / unique_name(prefix)) {
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  fs::path operator/(const std::string& name) const { return path / name; }
  std::string str() const { return path.string(); }
};

// Runs `<prefix> rulejit <args>` from the repository root (shell words);
// `prefix` can set limits first, e.g. "ulimit -f 8;".
inline Result rulejit(const std::string& args, const std::string& prefix = "") {
  ScratchDir dir("rulejit-cli-");
  std::string cmd = "cd '" + kRepo + "' && " + prefix + " '" RULEJIT_CLI_EXE "' " + args + " >'" +
                    (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  int raw = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  return r;
}

inline size_t lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace cli_test
