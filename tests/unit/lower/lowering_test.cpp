// Lowering of the commands added for the security_content corpus: the plan
// each one builds (printed IR), checked without running events.
#include <gtest/gtest.h>

#include "compiler/ir/plan.h"
#include "compiler/lower/lowerer.h"
#include "compiler/spl/parser.h"

namespace rulejit::lower {
namespace {

struct Lowered {
  std::string ir;                    // print_plan, empty when lowering failed
  std::vector<LowerIssue> issues;
};

Lowered lower_text(const std::string& spl) {
  auto parsed = spl::parse_spl(spl);
  EXPECT_TRUE(parsed.ok()) << spl;
  if (!parsed.ok()) return {};
  LowerEnv env;
  LowerOutput out = lower_pipeline(*parsed.pipeline, env);
  Lowered r;
  r.issues = out.issues;
  if (out.plan) r.ir = ir::print_plan(*out.plan);
  return r;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST(LowerSpath, ExtractAllExtractsEveryNameTheRuleUsesLaterOrEarlier) {
  Lowered r = lower_text("x=1 | eval before=1 | spath input=doc | table after before");
  ASSERT_FALSE(r.ir.empty()) << (r.issues.empty() ? "" : r.issues[0].message);
  EXPECT_TRUE(contains(r.ir, "(_spath_leaf %2:doc \"after\")")) << r.ir;
  EXPECT_TRUE(contains(r.ir, "(_spath_leaf %2:doc \"before\")")) << r.ir;
  EXPECT_FALSE(contains(r.ir, "(_spath_leaf %2:doc \"doc\")")) << r.ir;   // not the input itself
  EXPECT_FALSE(contains(r.ir, "(_spath_leaf %2:doc \"_time\")")) << r.ir;
}

TEST(LowerSpath, ExtractAllSeesNamesAWildcardRenameBringsIn) {
  Lowered r = lower_text("x=1 | spath input=doc | rename P.* as Q.* | table Q.k");
  ASSERT_FALSE(r.ir.empty());
  EXPECT_TRUE(contains(r.ir, "(_spath_leaf %1:doc \"P.k\")")) << r.ir;
}

TEST(LowerStats, WildcardOverColumnsSkipsByFieldsInNameOrder) {
  Lowered r = lower_text("x=1 | stats count by b a | stats values(*) as * by a");
  ASSERT_FALSE(r.ir.empty());
  auto b = r.ir.find("values(%1:b) -> %1:b"), c = r.ir.find("values(%3:count) -> %3:count");
  ASSERT_NE(b, std::string::npos) << r.ir;
  ASSERT_NE(c, std::string::npos) << r.ir;
  EXPECT_LT(b, c);
  EXPECT_FALSE(contains(r.ir, "values(%2:a)")) << r.ir;
}

TEST(LowerStats, WildcardPrefixSubstitutesIntoTheOutputName) {
  Lowered r = lower_text("x=1 | stats count as n_a, count as n_b, count as m by k | stats max(n_*) as top_* by k");
  ASSERT_FALSE(r.ir.empty());
  EXPECT_TRUE(contains(r.ir, "max(%2:n_a) -> ")) << r.ir;
  EXPECT_TRUE(contains(r.ir, "top_a")) << r.ir;
  EXPECT_TRUE(contains(r.ir, "top_b")) << r.ir;
  EXPECT_FALSE(contains(r.ir, "max(%4:m)")) << r.ir;
}

TEST(LowerStats, WildcardOverRawEventsWarnsThatOnlyNamedFieldsMatch) {
  Lowered r = lower_text("x=1 | eval p_a=1 | stats values(p_*) as p_* by k");
  ASSERT_FALSE(r.ir.empty());
  bool warned = false;
  for (const auto& i : r.issues) warned |= i.warning && contains(i.message, "only the field names");
  EXPECT_TRUE(warned);
  EXPECT_TRUE(contains(r.ir, "values(%1:p_a) -> %1:p_a")) << r.ir;
}

}  // namespace
}  // namespace rulejit::lower

namespace rulejit::lower {
namespace {

TEST(LowerXmlkv, ExtractsEachUsedNameFromTheField) {
  Lowered r = lower_text("x=1 | xmlkv Message maxinputs=100 | table Task");
  ASSERT_FALSE(r.ir.empty()) << (r.issues.empty() ? "" : r.issues[0].message);
  EXPECT_TRUE(contains(r.ir, "(_xmlkv %1:Message \"Task\")")) << r.ir;
}

TEST(LowerXmlkv, DefaultsToRawAndRejectsUnknownOptions) {
  Lowered r = lower_text("x=1 | xmlkv | table Task");
  EXPECT_TRUE(contains(r.ir, "(_xmlkv %1:_raw \"Task\")") || contains(r.ir, "_xmlkv %2:_raw")) << r.ir;
  Lowered bad = lower_text("x=1 | xmlkv Message bogus=1");
  EXPECT_TRUE(bad.ir.empty());
  ASSERT_FALSE(bad.issues.empty());
  EXPECT_TRUE(contains(bad.issues[0].message, "maxinputs")) << bad.issues[0].message;
}

}  // namespace
}  // namespace rulejit::lower

namespace rulejit::lower {
namespace {

// A lowering environment with one lookup `t` (columns a,b) whose rows are
// given as CSV lines without quoting.
struct LookupEnv {
  ir::LookupRef ref;
  LowerEnv env;
  explicit LookupEnv(std::string csv) {
    ref.name = "t";
    ref.csv_text = std::make_shared<const std::string>(std::move(csv));
    env.find_lookup = [this](std::string_view n) {
      LowerEnv::LookupResolution r;
      if (n == "t") r.ref = &ref;
      return r;
    };
    env.parse_lookup_rows = [](const ir::LookupRef& r, std::vector<std::vector<std::string>>& rows, std::string*) {
      std::string_view text = *r.csv_text;
      while (!text.empty()) {
        std::string_view line = text.substr(0, text.find('\n'));
        text.remove_prefix(std::min(text.size(), line.size() + 1));
        std::vector<std::string> row;
        for (size_t at = 0;;) {
          size_t comma = line.find(',', at);
          row.emplace_back(line.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
          if (comma == std::string_view::npos) break;
          at = comma + 1;
        }
        rows.push_back(std::move(row));
      }
      return true;
    };
  }
  Lowered lower(const std::string& spl) {
    auto parsed = spl::parse_spl(spl);
    LowerOutput out = lower_pipeline(*parsed.pipeline, env);
    Lowered r;
    r.issues = out.issues;
    if (out.plan) r.ir = ir::print_plan(*out.plan);
    return r;
  }
};

TEST(LowerLookupSubsearch, RowsBecomeAnOrOfAnds) {
  LookupEnv t("a,b\nx,1\ny,\n");
  Lowered r = t.lower("k=1 [| inputlookup t | rename a as f] | table f");
  ASSERT_FALSE(r.ir.empty()) << (r.issues.empty() ? "" : r.issues[0].message);
  EXPECT_TRUE(contains(r.ir, "\"x\"")) << r.ir;
  EXPECT_TRUE(contains(r.ir, "%1:f") || contains(r.ir, ":f ")) << r.ir;
  EXPECT_TRUE(contains(r.ir, "(or ")) << r.ir;
  EXPECT_TRUE(contains(r.ir, "(and ")) << r.ir;  // row x has two fields
  EXPECT_FALSE(contains(r.ir, ":a ")) << r.ir;   // renamed away
}

TEST(LowerLookupSubsearch, TableKeepsOnlyItsFieldsAndNoRowsMatchesNothing) {
  LookupEnv t("a,b\nx,1\n");
  Lowered r = t.lower("k=1 [| inputlookup t | table a] | table a");
  EXPECT_FALSE(contains(r.ir, ":b")) << r.ir;
  LookupEnv empty("a,b\n");
  Lowered none = empty.lower("k=1 [| inputlookup t] | table a");
  EXPECT_TRUE(contains(none.ir, "false")) << none.ir;
}

TEST(LowerLookupSubsearch, OverEventsOrOtherCommandsIsUnsupportedWithTheReason) {
  LookupEnv t("a\nx\n");
  Lowered ev = t.lower("k=1 [search x=1 | table a]");
  ASSERT_FALSE(ev.issues.empty());
  EXPECT_TRUE(ev.issues[0].unsupported);
  EXPECT_TRUE(contains(ev.issues[0].message, "over events")) << ev.issues[0].message;
  Lowered other = t.lower("k=1 [| inputlookup t | dedup a]");
  ASSERT_FALSE(other.issues.empty());
  EXPECT_TRUE(contains(other.issues[0].message, "'dedup'")) << other.issues[0].message;
}

}  // namespace
}  // namespace rulejit::lower
