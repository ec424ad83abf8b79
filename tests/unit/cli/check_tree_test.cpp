// `rulejit check` on rule trees: every YAML file is checked as what it is
// (detection, macro, lookup definition, field map, data source), by its folder
// (security_content and rules/ layouts) or else by its keys; the tree's own
// macros and lookups serve its detections; the summary counts each kind.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.h"

namespace {

using namespace cli_test;

// A small security_content-style tree: a detection that needs the tree's
// macro and lookup, plus one broken file of each non-detection kind.
struct SecurityContentTree {
  ScratchDir dir{"rulejit-check-tree-"};
  SecurityContentTree() {
    for (const char* d : {"detections/endpoint", "macros", "lookups", "data_sources"})
      fs::create_directories(dir / d);
    spit(dir / "detections/endpoint/uses_tree.yml",
         "name: Uses Tree\nid: t-1\ntype: TTP\n"
         "search: '`tree_source` | lookup tree_ports port OUTPUT kind | where kind=\"bad\"'\n");
    spit(dir / "macros/tree_source.yml", "name: tree_source\ndefinition: sourcetype=_json\n");
    spit(dir / "macros/no_definition.yml", "name: no_definition\ndescription: forgot it\n");
    spit(dir / "lookups/tree_ports.yml", "name: tree_ports\nfilename: tree_ports.csv\n");
    spit(dir / "lookups/tree_ports.csv", "port,kind\n4444,bad\n");
    spit(dir / "lookups/neither.yml", "name: neither\ndescription: x\n");
    spit(dir / "data_sources/ok_source.yml",
         "name: Ok Source\nsourcetype: x:y\nsource: x\nfields:\n- _time\n- dest\n");
    spit(dir / "data_sources/no_sourcetype.yml", "name: Broken Source\nsource: x\nfields:\n- _time\n");
  }
};

TEST(CheckTree, SecurityContentLayoutChecksEachFileAsWhatItIs) {
  SecurityContentTree t;
  Result r = rulejit("check '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  // The detection compiles with the tree's macro and lookup (no --macros given).
  EXPECT_NE(r.out.find("1 detection: 1 ok, 0 errors, 0 unsupported"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("2 macros: 1 ok, 1 error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 lookup definitions: 1 ok, 1 error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 data sources: 1 ok, 1 error"), std::string::npos) << r.out;
  // Each broken file is diagnosed as its kind, at file:line:col, once.
  EXPECT_NE(r.out.find("macros/no_definition.yml:1:1: error: macro has no `definition`"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("lookups/neither.yml:1:1: error: lookup `neither` has neither `filename` nor `collection`"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("data_sources/no_sourcetype.yml:1:1: error: data source has no `sourcetype`"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("detection has no"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("no_definition"), std::string::npos) << r.err;  // not again on stderr
}

TEST(CheckTree, JsonRowsNameTheKind) {
  SecurityContentTree t;
  Result r = rulejit("check --format json '" + t.dir.str() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(lines(r.out), 7u) << r.out;
  EXPECT_NE(r.out.find(R"("kind":"detection","id":"t-1","name":"Uses Tree","status":"ok")"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("kind":"macro","name":"tree_source","status":"ok")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("kind":"macro","name":"no_definition","status":"error","stage":"yaml",)"
                       R"("message":"macro has no `definition`","line":1,"col":1})"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("kind":"data source","name":"Ok Source","status":"ok")"), std::string::npos) << r.out;
}

// Without known folder names the keys decide: search, definition, filename.
TEST(CheckTree, FlatFolderClassifiesByKeys) {
  ScratchDir dir("rulejit-check-flat-");
  spit(dir / "rule.yml", "name: Flat Rule\nid: f-1\ntype: TTP\nsearch: '`flat_macro` | stats count by host'\n");
  spit(dir / "flat_macro.yml", "name: flat_macro\ndefinition: sourcetype=_json\n");
  spit(dir / "flat_lookup.yml", "name: flat_lookup\nfilename: flat.csv\n");
  spit(dir / "flat.csv", "a,b\n1,2\n");
  Result r = rulejit("check '" + dir.str() + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 detection: 1 ok, 0 errors, 0 unsupported\n1 macro: 1 ok, 0 errors\n"
                       "1 lookup definition: 1 ok, 0 errors\n"),
            std::string::npos)
      << r.out;
}

// The project's own rules/ folder: field maps, macros and lookups are not
// reported as broken detections, and everything is clean.
TEST(CheckTree, ProjectRulesFolderIsClean) {
  Result r = rulejit("check rules");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("error:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" macros: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" lookup definitions: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" field maps: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(1 fragment)"), std::string::npos) << r.out;
  // A broken field map is diagnosed as a field map.
  ScratchDir dir("rulejit-check-fieldmap-");
  fs::create_directories(dir / "fieldmaps");
  spit(dir / "fieldmaps/bad.yml", "sourcetype: x:y\nmatch_key: x\nfields:\n  a: \"'b' +\"\n");
  Result bad = rulejit("check '" + dir.str() + "'");
  EXPECT_EQ(bad.status, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("fieldmaps/bad.yml:4:6: error: field `a`: expected an expression"), std::string::npos)
      << bad.out << bad.err;
  EXPECT_NE(bad.out.find("1 field map: 0 ok, 1 error"), std::string::npos) << bad.out;
}

}  // namespace
