// Lowering of stats/tstats sparkline(...) to the Sparkline aggregate.
#include <gtest/gtest.h>

#include "compiler/ir/plan.h"
#include "compiler/lower/lowerer.h"
#include "compiler/spl/parser.h"
#include "tests/unit/lower/lower_test_util.h"

namespace rulejit::lower {
namespace {

using testing::lower_spl;

const ir::AggSpec& first_agg(const ir::Plan& p) {
  for (const auto& st : p.stages)
    if (const auto* a = std::get_if<ir::AggregateStage>(&st)) return a->aggs.at(0);
  throw std::runtime_error("no aggregate");
}

TEST(LowerSparkline, BareIsCountOfEventsWithTheDefaultSpan) {
  auto out = lower_spl("x=1 | stats sparkline count by host");
  ASSERT_TRUE(out.plan) << (out.issues.empty() ? "" : out.issues[0].message);
  const auto& a = first_agg(*out.plan);
  EXPECT_EQ(a.func, ir::AggFunc::Sparkline);
  EXPECT_EQ(a.param, 0);
  ASSERT_TRUE(a.input);
  EXPECT_EQ(a.input->op, ir::Op::Const);  // every event counts once
  EXPECT_EQ(out.plan->slots[a.output], "sparkline");
}

TEST(LowerSparkline, FieldAndSpanArguments) {
  auto out = lower_spl("x=1 | stats sparkline(count(user), 1h) as s by host");
  ASSERT_TRUE(out.plan) << (out.issues.empty() ? "" : out.issues[0].message);
  const auto& a = first_agg(*out.plan);
  EXPECT_EQ(a.param, 3600);
  ASSERT_TRUE(a.input);
  EXPECT_EQ(a.input->op, ir::Op::Field);
  EXPECT_EQ(out.plan->slots[a.input->slot], "user");
  EXPECT_EQ(out.plan->slots[a.output], "s");
  auto tstats = lower_spl("| tstats sparkline(count, 5m) from datamodel=Endpoint.Processes by Processes.dest");
  ASSERT_TRUE(tstats.plan) << (tstats.issues.empty() ? "" : tstats.issues[0].message);
  EXPECT_EQ(first_agg(*tstats.plan).param, 300);
}

TEST(LowerSparkline, OtherFunctionsSpansAndCommandsAreUnsupported) {
  for (const char* spl : {"x=1 | stats sparkline(dc(user)) by host", "x=1 | stats sparkline(count, 1mon) by host",
                          "x=1 | stats sparkline(count, 0.5s) by host", "x=1 | eventstats sparkline by host",
                          "x=1 | stats sparkline(count(u*)) by host"}) {
    auto out = lower_spl(spl);
    EXPECT_FALSE(out.plan) << spl;
    ASSERT_FALSE(out.issues.empty()) << spl;
    EXPECT_TRUE(out.issues[0].unsupported) << spl << ": " << out.issues[0].message;
    EXPECT_NE(out.issues[0].message.find("sparkline"), std::string::npos) << out.issues[0].message;
  }
}

}  // namespace
}  // namespace rulejit::lower
