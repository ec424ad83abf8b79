// The lints of `rulejit check --lint` (compiler/pack/lints.h): small rule
// folders built with build_pack, then run_lints; each test pins one rule of
// one lint, its position and what it must not flag.
#include "compiler/pack/lints.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "compiler/pack/lint_checks.h"

namespace rulejit {
namespace {
namespace fs = std::filesystem;

struct Tree {
  fs::path root = fs::temp_directory_path() / ("rulejit-lints-" + std::to_string(std::random_device{}()));
  Tree() {
    for (const char* d : {"detections", "macros", "lookups", "fieldmaps", "data_sources"})
      fs::create_directories(root / d);
    // A small source: one raw name, one derived basename, one constant.
    write("fieldmaps/demo.yml",
          "sourcetype: demo:exec\nmatch_key: ev\nconstants: {source: demo}\n"
          "raw_fields: [ev.path, ev.args, node]\n"
          "fields:\n  name: basename('ev.path')\n  vendor_product: '\"Demo\"'\n");
  }
  ~Tree() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(root / rel) << text; }
  void rule(const std::string& file, const std::string& search, const std::string& extra = "") const {
    write("detections/" + file + ".yml",
          "name: " + file + "\nid: " + file + "\ntype: TTP\n" + extra + "search: '" + search + "'\n");
  }
  std::vector<LintWarning> lint(bool tree_files = false) const {
    PackSources s;
    s.rule_paths = {(root / "detections").string()};
    s.macro_dirs = {(root / "macros").string()};
    s.lookup_dirs = {(root / "lookups").string()};
    s.fieldmap_dirs = {(root / "fieldmaps").string()};
    BuildResult b = build_pack(s);
    for (const auto& r : b.rules) EXPECT_EQ(r.state, RuleState::Ok) << r.file << ": " << (r.first_error() ? r.first_error()->message : "");
    LintInput in;
    in.rules = &b.rules;
    in.pack = b.pack.get();
    for (const auto& e : fs::directory_iterator(root / "data_sources"))
      if (auto ds = read_lint_data_source(e.path().string())) in.data_sources.push_back(*ds);
    if (tree_files) {
      for (const auto& e : fs::directory_iterator(root / "macros")) in.macro_files.push_back(e.path().string());
      for (const auto& e : fs::directory_iterator(root / "lookups"))
        if (e.path().extension() == ".yml") in.lookup_files.push_back(e.path().string());
    }
    // The build result dies here; keep the warnings (plain data) only.
    return run_lints(in);
  }
};

std::vector<std::string> names(const std::vector<LintWarning>& ws) {
  std::vector<std::string> out;
  for (const auto& w : ws) out.push_back(w.lint + ": " + w.diag.message);
  return out;
}

TEST(Lints, UnknownFieldNamesTheFieldAndPointsAtIt) {
  Tree t;
  t.rule("r", "sourcetype=demo:exec ev.pth=x | stats count by name");
  auto ws = t.lint();
  ASSERT_EQ(ws.size(), 1u) << testing::PrintToString(names(ws));
  EXPECT_EQ(ws[0].lint, "unknown-field");
  EXPECT_NE(ws[0].diag.message.find("`ev.pth`"), std::string::npos);
  EXPECT_EQ(ws[0].diag.severity, Severity::Warning);
  EXPECT_EQ(ws[0].diag.line, 4);
  EXPECT_EQ(ws[0].diag.col, 31);  // the search starts at column 10; "sourcetype=demo:exec " is 21 bytes
}

TEST(Lints, FieldsTheRuleCreatesAreNotUnknown) {
  Tree t;
  t.rule("r",
         "sourcetype=demo:exec | rex field=ev.args \"(?<flag>-\\w)\" | eval a=len(''ev.path''), b=a+1 "
         "| rename ev.* as x_* | fillnull value=0 filled | stats count by flag b node filled");
  EXPECT_TRUE(t.lint().empty()) << testing::PrintToString(names(t.lint()));
}

TEST(Lints, DeclaredDataSourceWinsOverFieldMaps) {
  Tree t;
  t.write("data_sources/win.yml", "name: Win Source\nsourcetype: win:log\nfields:\n- EventCode\n- Image\n");
  t.rule("r", "sourcetype=win:log EventCode=1 Imagee=x", "data_source:\n- Win Source\n");
  auto ws = t.lint();
  ASSERT_EQ(ws.size(), 1u) << testing::PrintToString(names(ws));
  EXPECT_EQ(ws[0].lint, "unknown-field");
  EXPECT_NE(ws[0].diag.message.find("`Imagee` is never present in data source `Win Source`"), std::string::npos);
}

TEST(Lints, ImpossibleValuesOfConstantsAndBasenames) {
  Tree t;
  t.rule("r", "sourcetype=demo:exec vendor_product=Other name IN (\"/bin/sh\", \"sh\") source=demo");
  auto ws = t.lint();
  ASSERT_EQ(ws.size(), 2u) << testing::PrintToString(names(ws));
  EXPECT_EQ(ws[0].lint, "impossible-value");
  EXPECT_NE(ws[0].diag.message.find("`vendor_product` is always \"Demo\""), std::string::npos) << ws[0].diag.message;
  EXPECT_NE(ws[1].diag.message.find("`name` is a file name (no '/')"), std::string::npos) << ws[1].diag.message;
  EXPECT_NE(ws[1].diag.message.find("\"/bin/sh\""), std::string::npos);
  EXPECT_EQ(ws[1].diag.col, 9 + static_cast<int>(std::string("sourcetype=demo:exec vendor_product=Other name IN (\"").size()) + 1);
}

TEST(Lints, NegatedOrMatchingComparisonsAreFine) {
  Tree t;
  t.rule("r", "sourcetype=demo:exec NOT vendor_product=Other name=\"*sh\" | where vendor_product==\"Demo\"");
  EXPECT_TRUE(t.lint().empty()) << testing::PrintToString(names(t.lint()));
}

TEST(Lints, UnknownSourcetypeOnlyWhenRequired) {
  Tree t;
  t.write("data_sources/win.yml", "name: Win Source\nsourcetype: win:log\nfields:\n- EventCode\n");
  t.rule("a", "sourcetype=nothere:log");
  t.rule("b", "sourcetype=nothere:log OR sourcetype=demo:exec");  // can still fire
  t.rule("c", "sourcetype IN (\"Win:*\", \"x\")");                // a data source claims win:log
  auto ws = t.lint();
  ASSERT_EQ(ws.size(), 1u) << testing::PrintToString(names(ws));
  EXPECT_EQ(ws[0].lint, "unknown-sourcetype");
  EXPECT_NE(ws[0].diag.file.find("a.yml"), std::string::npos);
  EXPECT_NE(ws[0].diag.message.find("\"nothere:log\""), std::string::npos);
}

TEST(Lints, FilterMacroOfAnotherDetection) {
  Tree t;
  t.rule("Mine - One", "sourcetype=demo:exec | `mine___one_filter`");
  t.rule("Mine Two", "sourcetype=demo:exec | `mine___one_filter`");
  auto ws = t.lint();
  ASSERT_EQ(ws.size(), 1u) << testing::PrintToString(names(ws));
  EXPECT_EQ(ws[0].lint, "missing-filter-macro");
  EXPECT_NE(ws[0].diag.file.find("Mine Two.yml"), std::string::npos);
  EXPECT_NE(ws[0].diag.message.find("`mine_two_filter`"), std::string::npos);
  EXPECT_EQ(lint::default_filter_macro("Cisco Isovalent - Shell Execution"), "cisco_isovalent___shell_execution_filter");
  EXPECT_EQ(lint::default_filter_macro("A.B/C"), "a_b_c_filter");
}

TEST(Lints, UnusedMacrosAndLookupsOfTheTree) {
  Tree t;
  t.write("macros/outer.yml", "name: outer\ndefinition: '`inner` | lookup used_lk k AS node OUTPUT v'\n");
  t.write("macros/inner.yml", "name: inner\ndefinition: sourcetype=demo:exec\n");
  t.write("macros/spare.yml", "name: spare\ndefinition: '*'\n");
  t.write("lookups/used_lk.yml", "name: used_lk\nfilename: used_lk.csv\n");
  t.write("lookups/used_lk.csv", "k,v\n1,2\n");
  t.write("lookups/spare_lk.yml", "description: nobody\nname: spare_lk\nfilename: spare_lk.csv\n");
  t.write("lookups/spare_lk.csv", "k,v\n");
  t.rule("r", "`outer` | stats count by v");
  auto ws = t.lint(true);
  ASSERT_EQ(ws.size(), 2u) << testing::PrintToString(names(ws));
  std::sort(ws.begin(), ws.end(), [](const auto& a, const auto& b) { return a.lint < b.lint; });
  EXPECT_EQ(ws[0].lint, "unused-lookup");
  EXPECT_NE(ws[0].diag.file.find("spare_lk.yml"), std::string::npos);
  EXPECT_EQ(ws[0].diag.line, 2);  // the `name:` line
  EXPECT_EQ(ws[1].lint, "unused-macro");
  EXPECT_NE(ws[1].diag.file.find("spare.yml"), std::string::npos);
}

TEST(Lints, LintIgnoreSilencesOnlyItsLintAndNeedsARealName) {
  Tree t;
  t.rule("r", "sourcetype=demo:exec ev.pth=x vendor_product=Other",
         "lint_ignore:\n- lint: unknown-field\n  reason: the field comes from a newer agent\n"
         "- lint: no-such-lint\n  reason: typo\n");
  auto ws = t.lint();
  ASSERT_EQ(ws.size(), 2u) << testing::PrintToString(names(ws));
  EXPECT_EQ(ws[0].lint, "impossible-value");
  EXPECT_EQ(ws[1].lint, "bad-lint-ignore");
  EXPECT_EQ(ws[1].diag.line, 7);  // the second item
}

}  // namespace
}  // namespace rulejit
