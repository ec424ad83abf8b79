// Lookup definitions.
#include "compiler/frontend/lookups.h"

#include <gtest/gtest.h>

#include <string>

namespace rulejit {
namespace {

const std::string kData = std::string(RULEJIT_SOURCE_DIR) + "/tests/data/frontend";

TEST(Lookups, LoadDirectory) {
  LookupTable t;
  std::vector<Diagnostic> diags;
  EXPECT_EQ(t.load_directory(kData + "/lookups", diags), 3u);
  // The only diagnostic: a definition whose CSV is missing.
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::Warning);
  EXPECT_NE(diags[0].message.find("not_here.csv` does not exist"), std::string::npos);

  const LookupDefinition* s = t.find("suspicious_domains");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->filename, "suspicious_domains.csv");
  EXPECT_EQ(s->csv_path, kData + "/lookups/suspicious_domains.csv");
  EXPECT_TRUE(s->csv_exists);
  EXPECT_EQ(s->case_sensitive_match, false);
  EXPECT_FALSE(s->case_sensitive());
  ASSERT_EQ(s->match_type.size(), 2u);
  EXPECT_EQ(s->match_type[0].kind, "WILDCARD");
  EXPECT_EQ(s->match_type[0].field, "domain");
  EXPECT_EQ(s->match_type[1].kind, "CIDR");
  EXPECT_EQ(s->match_rule("ip")->kind, "CIDR");
  EXPECT_EQ(s->match_rule("is_bad"), nullptr);
  EXPECT_EQ(s->min_matches, 1);
  EXPECT_EQ(s->effective_max_matches(), 100);
  EXPECT_EQ(s->default_match, "false");
  EXPECT_FALSE(s->is_kvstore());

  const LookupDefinition* b = t.find("baseline");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->is_kvstore());
  EXPECT_EQ(b->collection, "baseline_collection");
  EXPECT_EQ(b->fields_list, (std::vector<std::string>{"_key", "user", "count"}));
  EXPECT_TRUE(b->csv_path.empty());
  EXPECT_TRUE(b->case_sensitive());

  const LookupDefinition* m = t.find("missing_file");
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->csv_exists);
  EXPECT_EQ(m->effective_max_matches(), 1);
  EXPECT_EQ(t.find("nope"), nullptr);
}

TEST(Lookups, MalformedDefinitions) {
  struct Case {
    const char* yaml;
    const char* message;
    int line, col;
  };
  const Case cases[] = {
      {"name: a\nfilename: a.csv\nmatch_type: WILDCARD(x\n",
       "malformed `match_type` `WILDCARD(x` (expected e.g. `WILDCARD(field), CIDR(field)`)", 3, 13},
      {"name: a\nfilename: a.csv\nmatch_type: FUZZY(x)\n",
       "malformed `match_type` `FUZZY(x)` (expected e.g. `WILDCARD(field), CIDR(field)`)", 3, 13},
      {"name: a\nfilename: a.csv\nmin_matches: many\n", "`min_matches` must be an integer, found `many`", 3, 14},
      {"name: a\nfilename: a.csv\ncase_sensitive_match: maybe\n",
       "`case_sensitive_match` must be true or false, found `maybe`", 3, 23},
      {"name: a\ndescription: d\n", "lookup `a` has neither `filename` nor `collection`", 1, 1},
      {"filename: a.csv\n", "lookup definition has no `name`", 1, 1},
      {"name: [a]\nfilename: a.csv\n", "field `name` must be a string, found a list", 1, 7},
  };
  for (const Case& c : cases) {
    LookupTable t;
    std::vector<Diagnostic> diags;
    EXPECT_FALSE(t.load_text(c.yaml, "l.yml", "/nonexistent", diags)) << c.yaml;
    ASSERT_GE(diags.size(), 1u) << c.yaml;
    EXPECT_EQ(diags[0].severity, Severity::Error) << c.yaml;
    EXPECT_EQ(diags[0].message, c.message) << c.yaml;
    EXPECT_EQ(diags[0].line, c.line) << c.yaml;
    EXPECT_EQ(diags[0].col, c.col) << c.yaml;
    EXPECT_EQ(t.size(), 0u);
  }
}

TEST(Lookups, FieldsListAsYamlList) {
  LookupTable t;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(t.load_text("name: k\ncollection: c\nfields_list: [a, ' b ']\ncase_sensitive_match: true\n",
                          "k.yml", "/nonexistent", diags));
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(t.find("k")->fields_list, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.find("k")->case_sensitive_match, true);
}

}  // namespace
}  // namespace rulejit
