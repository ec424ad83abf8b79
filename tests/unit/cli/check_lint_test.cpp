// `rulejit check --lint`: warnings with file:line:col and the lint's name,
// a per-lint summary, JSON rows with "kind":"lint", lint_ignore in a
// detection, exit status 0 for warnings only, and a lint-clean bundled pack.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.h"

namespace {

using namespace cli_test;

// A rules/-style tree: one field map, a detection with a typo'd field and a
// constant compared with another value, and a macro nothing uses.
struct LintTree {
  ScratchDir dir{"rulejit-check-lint-"};
  LintTree(const std::string& extra = "") {
    for (const char* d : {"detections", "macros", "fieldmaps"}) fs::create_directories(dir / d);
    spit(dir / "fieldmaps/demo.yml",
         "sourcetype: demo:exec\nmatch_key: ev\nraw_fields: [ev.path]\n"
         "fields:\n  name: basename('ev.path')\n  vendor_product: '\"Demo\"'\n");
    spit(dir / "macros/spare.yml", "name: spare\ndefinition: '*'\n");
    spit(dir / "detections/probe.yml",
         "name: Probe\nid: p-1\ntype: TTP\n" + extra +
             "search: 'sourcetype=demo:exec ev.pth=x vendor_product=Other | stats count by name'\n");
  }
};

TEST(CheckLint, TextWarningsPointAtTheSearchAndExitZero) {
  LintTree t;
  Result r = rulejit("check --lint '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("detections/probe.yml:4:31: warning: field `ev.pth` is never present in field map demo:exec"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[unknown-field]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("detections/probe.yml:4:55: warning: `vendor_product` is always \"Demo\""), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("macros/spare.yml:1:1: warning: macro `spare` is used by no detection [unused-macro]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("lint: 3 warnings (impossible-value 1, unknown-field 1, unused-macro 1)"), std::string::npos)
      << r.out;
}

TEST(CheckLint, NoLintOutputWithoutTheFlag) {
  LintTree t;
  Result r = rulejit("check '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("unknown-field"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("lint:"), std::string::npos) << r.out;
}

TEST(CheckLint, JsonRowsNameTheLint) {
  LintTree t;
  Result r = rulejit("check --lint --format json '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(R"("kind":"lint","lint":"unknown-field","severity":"warning","message":"field `ev.pth`)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("line":4,"col":31})"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("lint":"unused-macro")"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("lint: 3 warnings"), std::string::npos) << r.out;  // no text summary in JSON
}

TEST(CheckLint, LintIgnoreInTheDetectionSilencesThatLint) {
  LintTree t("lint_ignore:\n- lint: unknown-field\n  reason: newer agents add ev.pth\n");
  Result r = rulejit("check --lint '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("[unknown-field]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[impossible-value]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lint: 2 warnings"), std::string::npos) << r.out;
}

TEST(CheckLint, ErrorsStillFailWithLint) {
  LintTree t;
  spit(t.dir / "detections/broken.yml", "name: Broken\nid: b\ntype: TTP\nsearch: 'x | nosuchcommand'\n");
  Result r = rulejit("check --lint '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("lint: 3 warnings"), std::string::npos) << r.out;
}

TEST(CheckLint, BundledPackIsLintClean) {
  Result r = rulejit("check --lint '" + kRepo + "/rules'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("18 detections: 18 ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lint: 0 warnings"), std::string::npos) << r.out;
}

}  // namespace
