// Shared by the scale-out end-to-end tests: a scratch folder, the bundled
// sample sorted by event time and split in parts, a bash script runner (the
// CLI in $B), the reference rows of `rulejit run --window`, and a fixture
// with its own nats-server (the test is skipped when nats-server is absent).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "nats_server.h"

namespace scaleout_test {

namespace fs = std::filesystem;

inline const std::string kRepo = RULEJIT_SOURCE_DIR;
inline const std::string kExe = RULEJIT_CLI_EXE;
inline const std::string kCommon = " --window 2s --now 1755200000 --no-cache";

struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("rulejit-nats-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(std::rand()));
    fs::create_directories(path);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  std::sort(out.begin(), out.end());
  return out;
}

// The bundled sample's events sorted by their "time" (lines without one
// left out: untimed events land in a worker's own newest window, worker.h),
// split in `parts` files.
inline std::vector<fs::path> sorted_sample(const fs::path& dir, int parts) {
  std::ifstream in(kRepo + "/rules/samples/tetragon-sample.ndjson");
  std::vector<std::pair<std::string, std::string>> events;
  const std::regex time_re("\"time\":\"([^\"]+)\"");
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, time_re)) events.emplace_back(m[1].str(), l);
  }
  std::stable_sort(events.begin(), events.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<fs::path> files;
  for (int p = 0; p < parts; ++p) {
    files.push_back(dir / ("events" + std::to_string(p) + ".ndjson"));
    std::ofstream out(files.back());
    for (size_t i = events.size() * p / parts; i < events.size() * (p + 1) / parts; ++i)
      out << events[i].second << '\n';
  }
  return files;
}

inline int run_script(const fs::path& dir, const std::string& body) {
  std::ofstream(dir / "script.sh") << "set -u\ncd '" << kRepo << "'\nB='" << kExe << "'\n" << body;
  int raw = std::system(("bash '" + (dir / "script.sh").string() + "' >'" + (dir / "script.log").string() +
                         "' 2>&1")
                            .c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

inline std::string reference_rows(const Scratch& s, const std::vector<fs::path>& parts) {
  std::string inputs;
  for (const auto& p : parts) inputs += " -i '" + p.string() + "'";
  EXPECT_EQ(run_script(s.path, "\"$B\" run" + inputs + kCommon + " -q > '" + (s.path / "ref.out").string() + "'\n"),
            0);
  return slurp(s.path / "ref.out");
}

struct NatsFixture : ::testing::Test {
  Scratch scratch;
  std::unique_ptr<NatsServer> server;
  void SetUp() override {
    if (!NatsServer::installed()) GTEST_SKIP() << "nats-server is not installed";
    server = std::make_unique<NatsServer>(scratch.path / "jetstream");
    ASSERT_TRUE(server->up()) << slurp(scratch.path / "jetstream" / "server.log");
  }
};

}  // namespace scaleout_test
