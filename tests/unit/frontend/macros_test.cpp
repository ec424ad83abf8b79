// Macro files: loading, lookup by (name, arity), diagnostics.
#include "compiler/frontend/macros.h"

#include <gtest/gtest.h>

#include <string>

namespace rulejit {
namespace {

const std::string kData = std::string(RULEJIT_SOURCE_DIR) + "/tests/data/frontend";

TEST(Macros, LoadDirectory) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  EXPECT_EQ(t.load_directory(kData + "/macros", diags), 8u);
  for (const auto& d : diags) ADD_FAILURE() << format_diagnostic(d);
  EXPECT_EQ(t.size(), 8u);
  // The `name:` key is authoritative: ctime.yml defines security_content_ctime.
  MacroPtr m = t.find("security_content_ctime", 1);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->args, std::vector<std::string>{"field"});
  EXPECT_EQ(m->definition, "convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)");
  EXPECT_EQ(m->file, kData + "/macros/ctime.yml");
  EXPECT_FALSE(m->builtin);
  EXPECT_FALSE(t.find("ctime", 0));
  // The definition is mapped into the file: `convert` is on line 3, column 14.
  LineCol lc = m->source->locate(m->definition_origin.at(0));
  EXPECT_EQ(lc.line, 3);
  EXPECT_EQ(lc.col, 14);
}

TEST(Macros, OverloadsByArityAreDistinct) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  t.load_directory(kData + "/macros", diags);
  MacroPtr zero = t.find("process_cmd", 0);
  MacroPtr two = t.find("process_cmd", 2);
  ASSERT_TRUE(zero);
  ASSERT_TRUE(two);
  EXPECT_NE(zero->definition, two->definition);
  EXPECT_FALSE(t.find("process_cmd", 1));
  EXPECT_EQ(t.arities("process_cmd"), (std::vector<size_t>{0, 2}));
  EXPECT_TRUE(t.arities("nothing").empty());
}

TEST(Macros, Builtins) {
  MacroTable t;
  MacroPtr f = t.find("some_detection_filter", 0);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->builtin);
  EXPECT_EQ(f->name, "some_detection_filter");
  EXPECT_EQ(f->definition, "search *");
  EXPECT_FALSE(t.find("_filter", 0));  // needs a name before the suffix
  MacroPtr drop = t.find("drop_dm_object_name", 1);
  ASSERT_TRUE(drop);
  EXPECT_EQ(drop->args, std::vector<std::string>{"object"});
  EXPECT_EQ(drop->definition, "rename \"$object$.*\" as *");
  EXPECT_EQ(t.find("cim_Authentication_indexes", 0)->definition, "*");
  EXPECT_EQ(t.arities("drop_dm_object_name"), std::vector<size_t>{1});
  EXPECT_EQ(t.size(), 0u);
}

TEST(Macros, LoadedMacroOverridesBuiltin) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(t.load_text("name: x_filter\ndefinition: search user=a\n", "x_filter.yml", diags));
  EXPECT_EQ(t.find("x_filter", 0)->definition, "search user=a");
  EXPECT_FALSE(t.find("x_filter", 0)->builtin);
}

TEST(Macros, StanzaStyleNameWithArity) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(t.load_text("name: m(2)\narguments: [a, b]\ndefinition: $a$ $b$\n", "m.yml", diags));
  EXPECT_TRUE(t.find("m", 2));
  EXPECT_FALSE(t.load_text("name: k(1)\ndefinition: x\n", "k.yml", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message, "macro name `k(1)` does not match its 0 argument(s)");
  EXPECT_EQ(diags[0].line, 1);
  EXPECT_EQ(diags[0].col, 7);
}

TEST(Macros, Duplicates) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(t.load_text("name: a\ndefinition: one\n", "a1.yml", diags));
  EXPECT_FALSE(t.load_text("definition: two\nname: a\n", "a2.yml", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::Warning);
  EXPECT_EQ(diags[0].file, "a2.yml");
  EXPECT_EQ(diags[0].line, 2);
  EXPECT_NE(diags[0].message.find("already defined in a1.yml"), std::string::npos);
  EXPECT_EQ(t.find("a", 0)->definition, "one");
}

TEST(Macros, MalformedFiles) {
  struct Case {
    const char* yaml;
    const char* message;
    int line, col;
  };
  const Case cases[] = {
      {"name: a\n", "macro has no `definition`", 1, 1},
      {"definition: x\n", "macro has no `name`", 1, 1},
      {"name: a\ndefinition: [x]\n", "field `definition` must be a string, found a list", 2, 13},
      {"name: a\ndefinition: x\narguments: f\n", "`arguments` must be a list of names, found a string", 3, 12},
      {"name: a\ndefinition: x\narguments: [\"a b\"]\n", "macro argument names must be letters, digits, `_` or `-`", 3, 13},
      {"name: a\ndefinition: x\narguments: [f, f]\n", "macro argument `f` is listed twice", 1, 1},
      {"name: 'a b'\ndefinition: x\n", "invalid macro name `a b`", 1, 7},
      {"name: a\ndefinition: [x\n", "YAML syntax error: end of sequence flow not found", 3, 1},
      {"- a\n", "macro file must be a YAML mapping, found a list", 1, 1},
  };
  for (const Case& c : cases) {
    MacroTable t;
    std::vector<Diagnostic> diags;
    EXPECT_FALSE(t.load_text(c.yaml, "bad.yml", diags)) << c.yaml;
    ASSERT_EQ(diags.size(), 1u) << c.yaml;
    EXPECT_EQ(diags[0].stage, Stage::Yaml);
    EXPECT_EQ(diags[0].severity, Severity::Error);
    EXPECT_EQ(diags[0].message, c.message) << c.yaml;
    if (c.line > 0) {
      EXPECT_EQ(diags[0].line, c.line) << c.yaml;
      EXPECT_EQ(diags[0].col, c.col) << c.yaml;
    }
    EXPECT_EQ(t.size(), 0u);
  }
}

TEST(Macros, MissingDirectory) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  EXPECT_EQ(t.load_directory(kData + "/no_such_dir", diags), 0u);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].message.find("cannot read macro directory"), std::string::npos);
}

}  // namespace
}  // namespace rulejit
