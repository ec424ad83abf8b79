// KV store lookups (a `collection:` definition, no `filename:`): rows come
// from <name>.csv in a lookup folder; without one the rule is an error that
// names the lookup and both ways out, except for `check` (a warning) and
// --empty-lookup (an empty table with the declared fields).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/pack/pack_builder.h"

namespace rulejit {
namespace {

namespace fs = std::filesystem;

struct KvFixture : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("rj_kv_" + std::to_string(::getpid()));
    fs::create_directories(dir / "lookups");
    std::ofstream(dir / "lookups" / "seen_users.yml")
        << "name: seen_users\ncollection: seen_users\nfields_list: _key, user, firstTimeSeen\n";
    std::ofstream(dir / "rule.yml") << "name: r\nid: r1\nsearch: 'sourcetype=_json | lookup seen_users user "
                                       "OUTPUT firstTimeSeen | table user firstTimeSeen'\n";
  }
  void TearDown() override { fs::remove_all(dir); }
  BuildResult build(std::vector<std::string> empty = {}, bool warn = false) {
    PackSources s;
    s.rule_paths = {(dir / "rule.yml").string()};
    s.lookup_dirs = {(dir / "lookups").string()};
    s.empty_lookups = std::move(empty);
    BuildOptions o;
    o.last_stage = Stage::Lower;
    o.unfilled_lookups_are_warnings = warn;
    return build_pack(s, o);
  }
};

TEST_F(KvFixture, MissingRowsIsAnErrorNamingTheLookupAndTheWaysOut) {
  BuildResult r = build();
  ASSERT_EQ(r.rules.size(), 1u);
  EXPECT_EQ(r.rules[0].state, RuleState::Error);
  ASSERT_NE(r.rules[0].first_error(), nullptr);
  const std::string& m = r.rules[0].first_error()->message;
  EXPECT_NE(m.find("seen_users"), std::string::npos) << m;
  EXPECT_NE(m.find("seen_users.csv"), std::string::npos) << m;
  EXPECT_NE(m.find("--lookups"), std::string::npos) << m;
  EXPECT_NE(m.find("--empty-lookup seen_users"), std::string::npos) << m;
}

TEST_F(KvFixture, CheckCompilesAgainstFieldsListWithAWarning) {
  BuildResult r = build({}, true);
  ASSERT_EQ(r.rules[0].state, RuleState::Ok);
  bool warned = false;
  for (const auto& d : r.rules[0].diagnostics)
    if (d.severity == Severity::Warning && d.message.find("--empty-lookup") != std::string::npos) warned = true;
  EXPECT_TRUE(warned);
  const auto& lk = r.rules[0].plan->lookups.at(0);
  EXPECT_EQ(lk.columns, (std::vector<std::string>{"_key", "user", "firstTimeSeen"}));
}

TEST_F(KvFixture, EmptyLookupByNameOrStarGivesAnEmptyTableWithoutWarning) {
  for (std::string name : {"seen_users", "*"}) {
    BuildResult r = build({name});
    ASSERT_EQ(r.rules[0].state, RuleState::Ok) << name;
    for (const auto& d : r.rules[0].diagnostics) EXPECT_EQ(d.message.find("seen_users"), std::string::npos) << d.message;
    EXPECT_EQ(*r.rules[0].plan->lookups.at(0).csv_text, "_key,user,firstTimeSeen\n");
  }
}

TEST_F(KvFixture, RowsComeFromNameDotCsvInALookupFolder) {
  std::ofstream(dir / "lookups" / "seen_users.csv") << "user,firstTimeSeen\nalice,1\n";
  BuildResult r = build();
  ASSERT_EQ(r.rules[0].state, RuleState::Ok);
  EXPECT_EQ(*r.rules[0].plan->lookups.at(0).csv_text, "user,firstTimeSeen\nalice,1\n");
}

}  // namespace
}  // namespace rulejit
