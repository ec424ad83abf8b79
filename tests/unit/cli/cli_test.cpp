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

// A folder for key and pack files, removed at scope end.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("rulejit-cli-sign-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  std::string operator()(const std::string& name) const { return "'" + (dir / name).string() + "'"; }
  fs::path path(const std::string& name) const { return dir / name; }
};

TEST(Cli, KeygenWritesAPrivateKeyOnlyItsOwnerCanReadAndNeverOverwrites) {
  Scratch s;
  Result r = rulejit("keygen --out " + s("ops"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(fs::status(s.path("ops.key")).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(slurp(s.path("ops.key")).rfind("rulejit-ed25519-private-key\n", 0), 0u);
  std::string pub = slurp(s.path("ops.pub"));
  ASSERT_EQ(pub.rfind("rulejit-ed25519-public-key\n", 0), 0u);
  // keygen prints the key id: the start of the public key's hex line.
  EXPECT_NE(r.err.find("key id " + pub.substr(27, 16)), std::string::npos) << r.err << pub;
  std::string key_before = slurp(s.path("ops.key"));
  Result again = rulejit("keygen --out " + s("ops"));
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(slurp(s.path("ops.key")), key_before);
  EXPECT_EQ(slurp(s.path("ops.pub")), pub);
}

TEST(Cli, SignedPackRunsOnlyWithATrustedKey) {
  Scratch s;
  ASSERT_EQ(rulejit("keygen --out " + s("ops")).status, 0);
  ASSERT_EQ(rulejit("keygen --out " + s("other")).status, 0);
  Result c = rulejit("compile --sign " + s("ops.key") + " -o " + s("signed.rjp"));
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.err.find("signed by key"), std::string::npos) << c.err;
  ASSERT_EQ(rulejit("compile -o " + s("plain.rjp")).status, 0);
  Result expected = rulejit("run -q --pack " + s("plain.rjp"));
  ASSERT_EQ(expected.status, 0) << expected.err;
  ASSERT_GT(lines(expected.out), 100u);

  Result ok = rulejit("run --no-progress --pack " + s("signed.rjp") + " --trusted-key " + s("ops.pub"));
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.out, expected.out);
  EXPECT_NE(ok.err.find("pack signed by trusted key"), std::string::npos) << ok.err;
  // Repeatable: any trusted key will do.
  Result either = rulejit("run -q --pack " + s("signed.rjp") + " --trusted-key " + s("other.pub") +
                          " --trusted-key " + s("ops.pub"));
  EXPECT_EQ(either.status, 0) << either.err;
  EXPECT_EQ(either.out, expected.out);
  // Without a trusted key a signed pack loads as before.
  Result unchecked = rulejit("run -q --pack " + s("signed.rjp"));
  EXPECT_EQ(unchecked.status, 0) << unchecked.err;
  EXPECT_EQ(unchecked.out, expected.out);

  Result unsigned_pack = rulejit("run -q --pack " + s("plain.rjp") + " --trusted-key " + s("ops.pub"));
  EXPECT_EQ(unsigned_pack.status, 2);
  EXPECT_EQ(unsigned_pack.out, "");
  EXPECT_NE(unsigned_pack.err.find("pack is not signed"), std::string::npos) << unsigned_pack.err;
  Result other = rulejit("run -q --pack " + s("signed.rjp") + " --trusted-key " + s("other.pub"));
  EXPECT_EQ(other.status, 2);
  EXPECT_EQ(other.out, "");
  EXPECT_NE(other.err.find("which is not a trusted key"), std::string::npos) << other.err;

  // One flipped byte in the object code, the IR, the checksum or the signature.
  std::string bytes = slurp(s.path("signed.rjp"));
  for (size_t pos : {bytes.size() / 4, bytes.size() / 2, bytes.size() - 120, bytes.size() - 30}) {
    std::string bad = bytes;
    bad[pos] ^= 0x10;
    std::ofstream(s.path("bad.rjp"), std::ios::binary | std::ios::trunc) << bad;
    Result r = rulejit("run -q --pack " + s("bad.rjp") + " --trusted-key " + s("ops.pub"));
    EXPECT_EQ(r.status, 2) << pos;
    EXPECT_EQ(r.out, "") << pos;
    EXPECT_NE(r.err.find("rulejit run: "), std::string::npos) << pos << r.err;
  }
}

TEST(Cli, BadKeyFilesAndMisusedKeyOptionsAreClearErrors) {
  Scratch s;
  ASSERT_EQ(rulejit("keygen --out " + s("ops")).status, 0);
  Result pub_to_sign = rulejit("compile --sign " + s("ops.pub") + " -o " + s("x.rjp"));
  EXPECT_EQ(pub_to_sign.status, 2);
  EXPECT_NE(pub_to_sign.err.find("holds a public key; the private key (NAME.key) is needed"), std::string::npos)
      << pub_to_sign.err;
  EXPECT_FALSE(fs::exists(s.path("x.rjp")));
  Result missing = rulejit("compile --sign " + s("absent.key") + " -o " + s("x.rjp"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("absent.key"), std::string::npos) << missing.err;
  fs::permissions(s.path("ops.key"), fs::perms::group_read, fs::perm_options::add);
  Result loose = rulejit("compile --sign " + s("ops.key") + " -o " + s("x.rjp"));
  EXPECT_EQ(loose.status, 2);
  EXPECT_NE(loose.err.find("chmod 600"), std::string::npos) << loose.err;

  ASSERT_EQ(rulejit("compile --no-native -o " + s("p.rjp")).status, 0);
  Result key_to_trust = rulejit("run -q --pack " + s("p.rjp") + " --trusted-key " + s("ops.key"));
  EXPECT_EQ(key_to_trust.status, 2);
  EXPECT_NE(key_to_trust.err.find("holds a private key; a public key (NAME.pub) is needed"), std::string::npos)
      << key_to_trust.err;
  std::ofstream(s.path("garbage.pub")) << "hello\n";
  Result garbage = rulejit("run -q --pack " + s("p.rjp") + " --trusted-key " + s("garbage.pub"));
  EXPECT_EQ(garbage.status, 2);
  EXPECT_NE(garbage.err.find("not a rulejit key file"), std::string::npos) << garbage.err;
  // --trusted-key only means something for a pack artifact.
  Result no_pack = rulejit("run -q --trusted-key " + s("ops.pub"));
  EXPECT_EQ(no_pack.status, 2);
  EXPECT_NE(no_pack.err.find("--trusted-key requires --pack"), std::string::npos) << no_pack.err;
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

// --sweep: one row per pack size and executor, Shell Execution first (the
// baseline's rule), the curve as TSV that a later run draws beside its own.
TEST(Cli, BenchSweepMeasuresEachPackSizeAndDrawsTheCurves) {
  ScratchDir dir("rulejit-sweep-");
  const std::string tsv = (dir / "before.tsv").string(), svg = (dir / "curve.svg").string();
  const std::string cmd = "bench --generate 1M --repeat 1 --engines interp,jit --sweep all,1,3,100000";
  Result r = rulejit(cmd + " --sweep-tsv " + tsv + " --label before");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("--sweep 100000 skipped: the pack has 18 rules"), std::string::npos) << r.err;
  const std::string table = slurp(tsv);
  EXPECT_EQ(table.rfind("label\trules\tevents_per_s\tmb_per_s\tvs_baseline\n", 0), 0u) << table;
  for (const char* row : {"jit (before)\t1\t", "jit (before)\t3\t", "jit (before)\t18\t", "interp (before)\t1\t",
                          "interp (before)\t18\t"})
    EXPECT_NE(table.find(row), std::string::npos) << row << "\n" << table;
  EXPECT_NE(r.out.find("jit (before): 1 -> 18 rules costs "), std::string::npos) << r.out;

  Result again = rulejit(cmd + " --engines jit --sweep 1,2 --plot " + svg + " --plot-with " + tsv);
  ASSERT_EQ(again.status, 0) << again.err;
  const std::string pic = slurp(svg);
  EXPECT_EQ(pic.rfind("<svg ", 0), 0u);
  EXPECT_NE(pic.find(">jit (before)</text>"), std::string::npos);  // the earlier curve, in the legend
  EXPECT_NE(pic.find(">jit</text>"), std::string::npos);           // and this run's
  EXPECT_NE(pic.find(">hand-written, 1 rule</text>"), std::string::npos);
  EXPECT_NE(pic.find("jit: 2 rules, "), std::string::npos);  // a marker's tooltip

  spit(dir / "bad.tsv", "label\trules\tevents_per_s\tmb_per_s\tvs_baseline\njit\tmany\t1\t1\t1\n");
  Result bad = rulejit(cmd + " --sweep 1 --plot " + svg + " --plot-with " + (dir / "bad.tsv").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("bad.tsv: line 2: the rule count is not a positive integer"), std::string::npos) << bad.err;
  Result nonsense = rulejit(cmd + " --sweep 0");
  EXPECT_NE(nonsense.status, 0);
  EXPECT_NE(nonsense.err.find("'0' is not a rule count or 'all'"), std::string::npos) << nonsense.err;
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
  for (const char* cmd : {"check", "explain", "run", "bench", "compile", "keygen"}) {
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
