// Hostile and careless input to the command line (issue 13): lookup files
// outside their folder, broken lookups, results on a full disk.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "cli_runner.h"

namespace {

using namespace cli_test;

const std::string kEgressRule = "rules/isovalent/cisco_isovalent___pod_egress_to_suspicious_port.yml";
const std::string kEgressName = "Cisco Isovalent - Pod Egress To Suspicious Port";

// A copy of the bundled lookups folder whose suspicious-ports definition
// points at `filename` (written as given).
struct LookupsCopy : ScratchDir {
  explicit LookupsCopy(const std::string& filename) : ScratchDir("rulejit-lookups-") {
    fs::copy(kRepo + "/rules/lookups", path, fs::copy_options::recursive);
    spit(path / "isovalent_suspicious_ports.yml",
         "name: isovalent_suspicious_ports\nfilename: " + filename + "\n");
  }
  std::string run_args(const std::string& more = "") const {
    return "run --no-progress --rules " + kEgressRule + " --lookups '" + str() + "' " + more;
  }
  std::string check_args() const { return "check " + kEgressRule + " --lookups '" + str() + "'"; }
};

// The rule that uses the lookup fails to compile with `message`, in check and
// in run's summary; run still runs (nothing else in this pack) and exits 1.
void expect_rule_error(const LookupsCopy& lookups, const std::string& message) {
  Result check = rulejit(lookups.check_args());
  EXPECT_EQ(check.status, 1) << check.out << check.err;
  EXPECT_NE((check.out + check.err).find(message), std::string::npos) << check.out << check.err;
  EXPECT_NE((check.out + check.err).find("isovalent_suspicious_ports"), std::string::npos) << check.out << check.err;
  Result run = rulejit(lookups.run_args());
  EXPECT_EQ(run.status, 1) << run.err;  // no rule compiled
  EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(HostileLookups, AnAbsolutePathIsRefused) {
  expect_rule_error(LookupsCopy("/etc/passwd"), "is an absolute path");
}

TEST(HostileLookups, DotDotIsRefused) {
  LookupsCopy lookups("../secret.csv");
  spit(lookups.path.parent_path() / "secret.csv", "dest_port,transport\n4444,tcp\n");
  expect_rule_error(lookups, "leaves its lookups folder");
  fs::remove(lookups.path.parent_path() / "secret.csv");
}

TEST(HostileLookups, ASymlinkLeavingTheFolderIsRefused) {
  LookupsCopy lookups("ports.csv");
  ScratchDir outside;
  spit(outside / "ports.csv", slurp(kRepo + "/rules/lookups/isovalent_suspicious_ports.csv"));
  fs::create_symlink(outside / "ports.csv", lookups / "ports.csv");
  expect_rule_error(lookups, "outside the lookups folders");
}

TEST(HostileLookups, ASymlinkInsideTheFolderIsFollowed) {
  LookupsCopy lookups("ports.csv");
  fs::create_symlink(lookups / "isovalent_suspicious_ports.csv", lookups / "ports.csv");
  Result run = rulejit(lookups.run_args());
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find(kEgressName), std::string::npos) << run.err;
}

TEST(HostileLookups, DevicesAndFifosAreNotRegularFiles) {
  LookupsCopy zero("zero.csv");
  fs::create_symlink("/dev/zero", zero / "zero.csv");
  expect_rule_error(zero, "outside the lookups folders");  // /dev is outside
  LookupsCopy fifo("pipe.csv");
  ASSERT_EQ(::mkfifo((fifo / "pipe.csv").c_str(), 0600), 0);
  expect_rule_error(fifo, "is not a regular file");  // and opening it does not hang
}

TEST(HostileLookups, AFileOverTheSizeLimitIsRefusedWithoutReadingIt) {
  LookupsCopy lookups("huge.csv");
  {
    std::ofstream f(lookups / "huge.csv");
    f << "dest_port,transport\n";
  }
  fs::resize_file(lookups / "huge.csv", (size_t{64} << 20) + 1);  // sparse
  expect_rule_error(lookups, "over the limit of 67108864 bytes");
}

TEST(BrokenLookups, AnUnterminatedQuoteIsAnErrorOfTheRuleNamingTheLine) {
  LookupsCopy lookups("ports.csv");
  spit(lookups / "ports.csv", "dest_port,transport,port_category\n4444,tcp,c2\n\"1337,tcp,c2\n31337,tcp,c2\n");
  expect_rule_error(lookups, "line 3: a quoted field is never closed");
}

TEST(BrokenLookups, AMissingFileIsAnErrorOfTheRule) {
  expect_rule_error(LookupsCopy("absent.csv"), "absent.csv");
}

TEST(BrokenLookups, AByteOrderMarkIsNotPartOfTheFirstColumn) {
  LookupsCopy plain("ports.csv");
  spit(plain / "ports.csv", slurp(kRepo + "/rules/lookups/isovalent_suspicious_ports.csv"));
  LookupsCopy bom("ports.csv");
  spit(bom / "ports.csv", "\xEF\xBB\xBF" + slurp(kRepo + "/rules/lookups/isovalent_suspicious_ports.csv"));
  Result a = rulejit(plain.run_args("-q"));
  Result b = rulejit(bom.run_args("-q"));
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_NE(b.out.find("\"dest_port\""), std::string::npos) << b.out;
  EXPECT_EQ(a.out, b.out);
  EXPECT_GT(lines(b.out), 0u);
}

TEST(LostResults, RunToAFullDeviceFailsWithTheReason) {
  Result r = rulejit("run --no-progress -o /dev/full");
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("results lost"), std::string::npos) << r.err;
}

TEST(LostResults, StdoutOnAFullDeviceFailsToo) {
  ScratchDir dir;
  const std::string cmd = "cd '" + kRepo + "' && '" RULEJIT_CLI_EXE "' run --no-progress >/dev/full 2>'" +
                          (dir / "err").string() + "'";
  const int raw = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 4);
  EXPECT_NE(slurp(dir / "err").find("standard output"), std::string::npos) << slurp(dir / "err");
}

TEST(LostResults, AFileSizeLimitMidRunFailsAndSaysHowFarItGot) {
  ScratchDir dir;
  // ulimit -f counts 1024-byte blocks; the bundled run writes ~150 KB. The
  // ignored SIGXFSZ turns the limit into write errors (EFBIG).
  Result r = rulejit("run --no-progress -o '" + (dir / "out.ndjson").string() + "'", "trap '' XFSZ; ulimit -f 16;");
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_LE(fs::file_size(dir / "out.ndjson"), 16u * 1024);
}

}  // namespace

namespace {

using namespace cli_test;

TEST(CarelessRules, ASecondYamlDocumentIsAnError) {
  ScratchDir dir;
  spit(dir / "two.yml",
       "name: Two Docs\nid: two-1\nsearch: 'sourcetype=_json x=1'\n---\nname: Hidden\nsearch: 'sourcetype=_json y=2'\n");
  Result r = rulejit("check '" + (dir / "two.yml").string() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("two.yml:4:1: error: a second YAML document starts here"), std::string::npos)
      << r.out << r.err;
  // A leading "---" and a final "..." are one document.
  spit(dir / "one.yml", "# comment\n---\nname: One Doc\nid: one-1\nsearch: 'sourcetype=_json x=1'\n...\n");
  Result ok = rulejit("check '" + (dir / "one.yml").string() + "'");
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
}

TEST(CarelessRules, ANulByteInASearchIsAnErrorAtItsColumn) {
  ScratchDir dir;
  spit(dir / "nul.yml", "name: Nul\nid: nul-1\nsearch: \"sourcetype=_json x=a\\0b\"\n");
  Result r = rulejit("check '" + (dir / "nul.yml").string() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("NUL byte"), std::string::npos) << r.out << r.err;
}

TEST(CarelessInput, NotOneValidEventFailsTheRun) {
  ScratchDir dir;
  spit(dir / "text.log", "this is a syslog line\nand another one\n");
  Result r = rulejit("run --no-progress --input '" + (dir / "text.log").string() + "'");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("not one of the 2 input lines was a JSON event"), std::string::npos) << r.err;
  spit(dir / "empty.ndjson", "\n");
  Result empty = rulejit("run --no-progress --input '" + (dir / "empty.ndjson").string() + "'");
  EXPECT_EQ(empty.status, 0) << empty.err;  // nothing to read is not an error
}

}  // namespace

namespace {

using namespace cli_test;

TEST(LostResults, CompileNeverReplacesADeviceAndLeavesNoTemporaryFile) {
  // A device is written in place (here: discarded), not replaced.
  Result null_dev = rulejit("compile -o /dev/null");
  EXPECT_EQ(null_dev.status, 0) << null_dev.err;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  // A full device: the reason, a failure.
  Result full = rulejit("compile -o /dev/full");
  EXPECT_NE(full.status, 0);
  EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;
  // A write that fails half way (file size limit): no pack, no temporary file.
  ScratchDir dir;
  Result limited = rulejit("compile -o '" + (dir / "pack.rjp").string() + "'", "trap '' XFSZ; ulimit -f 16;");
  EXPECT_NE(limited.status, 0);
  EXPECT_NE(limited.err.find("File too large"), std::string::npos) << limited.err;
  EXPECT_TRUE(fs::is_empty(dir.path)) << "left behind: " << fs::directory_iterator(dir.path)->path();
}

}  // namespace
