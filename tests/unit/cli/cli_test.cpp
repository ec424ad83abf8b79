// The rulejit command line end to end: exit statuses, the bundled main job,
// pack artifacts, diagnostics and --help. Runs the built binary.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli_runner.h"

namespace {

using namespace cli_test;

TEST(Cli, BundledMainJobPrintsAlertsAndThroughput) {
  Result r = rulejit("run --no-progress");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_GT(lines(r.out), 100u);
  EXPECT_NE(r.out.find(R"("rule":"Cisco Isovalent - Shell Execution")"), std::string::npos);
  EXPECT_NE(r.err.find("events/s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rules: 18 running, 0 failed to compile"), std::string::npos) << r.err;
}

TEST(Cli, BothExecutorsAndAPackArtifactGiveTheSameAlerts) {
  Result jit = rulejit("run -q --engine jit");
  Result interp = rulejit("run -q --engine interp");
  ASSERT_EQ(jit.status, 0) << jit.err;
  ASSERT_EQ(interp.status, 0) << interp.err;
  EXPECT_EQ(jit.out, interp.out);
  fs::path pack = fs::temp_directory_path() / ("rulejit-cli-pack-" + std::to_string(::getpid()) + ".rjp");
  Result compiled = rulejit("compile -o '" + pack.string() + "'");
  ASSERT_EQ(compiled.status, 0) << compiled.err;
  Result from_pack = rulejit("run -q --pack '" + pack.string() + "'");
  EXPECT_EQ(from_pack.status, 0) << from_pack.err;
  EXPECT_EQ(from_pack.out, jit.out);
  // A truncated artifact is rejected with a message, exit 2.
  std::string bytes = slurp(pack);
  std::ofstream(pack, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
  Result bad = rulejit("run -q --pack '" + pack.string() + "'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("rulejit run:"), std::string::npos) << bad.err;
  fs::remove(pack);
}

TEST(Cli, MissingInputFailsAfterTheOthersRan) {
  Result r = rulejit("run -q --input /nonexistent/events.ndjson --input rules/samples/tetragon-sample.ndjson");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("/nonexistent/events.ndjson"), std::string::npos) << r.err;
  EXPECT_GT(lines(r.out), 100u);  // the readable input still produced its alerts
}

TEST(Cli, ValidateLinesReportsWhatTheJitsFirstPassDoesNotRead) {
  // An event no field map claims, with a field that is not UTF-8, appended
  // to the bundled sample.
  fs::path input = fs::temp_directory_path() / ("rulejit-cli-validate-" + std::to_string(::getpid()) + ".ndjson");
  std::ofstream(input, std::ios::binary) << slurp(kRepo + "/rules/samples/tetragon-sample.ndjson")
                                         << "{\"unknown_event\":{\"a\":1},\"junk\":\"\xff\"}\n";
  Result lazy = rulejit("run --no-progress --input '" + input.string() + "'");
  Result strict = rulejit("run --no-progress --validate-lines --input '" + input.string() + "'");
  Result interp = rulejit("run --no-progress --engine interp --input '" + input.string() + "'");
  fs::remove(input);
  ASSERT_EQ(strict.status, 0) << strict.err;
  EXPECT_EQ(lazy.out, strict.out);  // the same alerts
  EXPECT_EQ(interp.out, strict.out);
  EXPECT_NE(strict.err.find("invalid_utf8: 1"), std::string::npos) << strict.err;
  EXPECT_NE(interp.err.find("invalid_utf8: 1"), std::string::npos) << interp.err;
  EXPECT_EQ(lazy.err.find("invalid_utf8"), std::string::npos) << lazy.err;  // never read
}

// The summary ratios name the executors, so --engines may list them in any
// order (an earlier version divided in list order and printed interp / jit).
TEST(Cli, BenchRatiosDoNotDependOnTheEngineOrder) {
  const std::string small =
      "bench --generate 1M --repeat 1 --no-shares --rules rules/isovalent/cisco_isovalent___shell_execution.yml";
  for (const char* engines : {"interp,jit", "jit,interp"}) {
    Result r = rulejit(small + " --engines " + engines);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("jit / interp throughput, whole pack: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("jit / baseline MB/s, Shell Execution only: "), std::string::npos) << r.out;
  }
  Result jit_only = rulejit(small + " --engines jit");
  ASSERT_EQ(jit_only.status, 0) << jit_only.err;
  EXPECT_EQ(jit_only.out.find("jit / interp"), std::string::npos) << jit_only.out;
  EXPECT_NE(jit_only.out.find("jit / baseline MB/s, whole pack: "), std::string::npos) << jit_only.out;
  // --no-shares: the per-rule table shows hits, and no made-up 0% shares.
  EXPECT_EQ(jit_only.out.find("0.0%"), std::string::npos) << jit_only.out;
  EXPECT_NE(jit_only.out.find("Cisco Isovalent - Shell Execution"), std::string::npos) << jit_only.out;
}

// --once (for bench/count-instructions.sh): one run per executor, its counts
// only, and both executors report the same events and rows.
TEST(Cli, BenchOnceRunsEachExecutorOnceAndPrintsItsCounts) {
  Result r = rulejit("bench --generate 1M --once --engines interp,jit --rules rules/isovalent/cisco_isovalent___shell_execution.yml");
  ASSERT_EQ(r.status, 0) << r.err;
  const size_t i = r.out.find("interp: "), j = r.out.find("jit: ");
  ASSERT_NE(i, std::string::npos) << r.out;
  ASSERT_NE(j, std::string::npos) << r.out;
  auto counts = [&](size_t at) { return r.out.substr(r.out.find(' ', at) + 1, r.out.find('\n', at) - r.out.find(' ', at) - 1); };
  EXPECT_EQ(counts(i), counts(j)) << r.out;
  EXPECT_NE(counts(i).find(" events, "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("baseline"), std::string::npos) << r.out;  // no throughput table
  EXPECT_EQ(r.out.find("jit compile"), std::string::npos) << r.out;
}

TEST(Cli, CheckReportsFileLineAndColumnWithACaret) {
  fs::path dir = fs::temp_directory_path() / ("rulejit-cli-check-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bad.yml") << "name: Bad Rule\nid: bad-1\nsearch: 'index=main | where (x > '\n";
  Result r = rulejit("check '" + (dir / "bad.yml").string() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const std::string all = r.out + r.err;
  EXPECT_NE(all.find("bad.yml:3:"), std::string::npos) << all;
  EXPECT_NE(all.find("^"), std::string::npos) << all;
  Result ok = rulejit("check rules/isovalent");
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  fs::remove_all(dir);
}

TEST(Cli, HelpExplainsEveryCommand) {
  Result top = rulejit("--help");
  EXPECT_EQ(top.status, 0);
  for (const char* cmd : {"check", "explain", "run", "bench", "compile"}) {
    EXPECT_NE(top.out.find(cmd), std::string::npos) << cmd;
    Result sub = rulejit(std::string(cmd) + " --help");
    EXPECT_EQ(sub.status, 0) << cmd;
    EXPECT_GT(lines(sub.out), 3u) << cmd;
  }
  EXPECT_NE(rulejit("run --help").out.find("Exit status"), std::string::npos);
  Result unknown = rulejit("frobnicate");
  EXPECT_NE(unknown.status, 0);
}

}  // namespace
