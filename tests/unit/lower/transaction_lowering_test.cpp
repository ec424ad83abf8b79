// Lowering of `transaction`: the row stage it builds, and the options it
// refuses rather than approximates.
#include <gtest/gtest.h>

#include "compiler/ir/plan.h"
#include "compiler/lower/lowerer.h"
#include "compiler/spl/parser.h"
#include "tests/unit/lower/lower_test_util.h"

namespace rulejit::lower {
namespace {

using testing::lower_spl;

TEST(LowerTransaction, BuildsARowStageWithLimitsInSeconds) {
  auto out = lower_spl("x=1 | transaction dest user connected=false maxpause=5m maxspan=2h maxevents=7");
  ASSERT_TRUE(out.plan) << (out.issues.empty() ? "" : out.issues[0].message);
  const ir::Plan& p = *out.plan;
  EXPECT_EQ(p.event_stages, 1u);  // the filter streams; the transaction sees rows
  ASSERT_EQ(p.stages.size(), 2u);
  const auto* t = std::get_if<ir::TransactionStage>(&p.stages[1]);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->keys.size(), 2u);
  EXPECT_EQ(p.slots[t->keys[0]], "dest");
  EXPECT_EQ(p.slots[t->keys[1]], "user");
  EXPECT_EQ(t->maxpause, 300);
  EXPECT_EQ(t->maxspan, 7200);
  EXPECT_EQ(t->maxevents, 7u);
  EXPECT_EQ(p.slots[t->duration], "duration");
  EXPECT_EQ(p.slots[t->eventcount], "eventcount");
  EXPECT_NE(ir::print_plan(p).find("transaction by"), std::string::npos);
}

TEST(LowerTransaction, DefaultsAreNoTimeLimitsAnd1000Events) {
  auto out = lower_spl("x=1 | transaction host maxspan=-1");
  ASSERT_TRUE(out.plan);
  const auto& t = std::get<ir::TransactionStage>(out.plan->stages[1]);
  EXPECT_LT(t.maxspan, 0);
  EXPECT_LT(t.maxpause, 0);
  EXPECT_EQ(t.maxevents, 1000u);
}

TEST(LowerTransaction, AddsDurationAndEventcountToFixedColumns) {
  auto out = lower_spl("| tstats count from datamodel=Endpoint.Processes by Processes.dest _time | transaction Processes.dest");
  ASSERT_TRUE(out.plan) << (out.issues.empty() ? "" : out.issues[0].message);
  std::vector<std::string> cols;
  for (auto c : out.plan->columns) cols.push_back(out.plan->slots[c]);
  EXPECT_EQ(cols, (std::vector<std::string>{"Processes.dest", "_time", "count", "duration", "eventcount"}));
}

TEST(LowerTransaction, OptionsNotModelledAreUnsupportedWithTheOption) {
  for (const char* opt : {"startswith=\"login\"", "endswith=(op=out)", "keeporphans=true", "keepevicted=true",
                          "mvlist=true", "name=t", "unifyends=true", "mvraw=true", "delim=\",\"", "maxevents=0"}) {
    auto out = lower_spl(std::string("x=1 | transaction host ") + opt);
    EXPECT_FALSE(out.plan) << opt;
    ASSERT_FALSE(out.issues.empty()) << opt;
    EXPECT_TRUE(out.issues[0].unsupported) << opt;
    std::string key = std::string(opt).substr(0, std::string(opt).find('='));
    EXPECT_NE(out.issues[0].message.find(key), std::string::npos) << out.issues[0].message;
  }
}

}  // namespace
}  // namespace rulejit::lower
