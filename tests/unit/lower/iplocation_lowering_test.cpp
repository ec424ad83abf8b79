// Lowering of iplocation: one streaming eval stage of _iplocation calls.
#include <gtest/gtest.h>

#include "compiler/ir/plan.h"
#include "compiler/lower/lowerer.h"
#include "compiler/spl/parser.h"
#include "tests/unit/lower/lower_test_util.h"

namespace rulejit::lower {
namespace {

using testing::lower_spl;

std::vector<std::string> targets(const ir::Plan& p, const ir::EvalStage& ev) {
  std::vector<std::string> out;
  for (const auto& a : ev.assigns) out.push_back(p.slots[a.target]);
  return out;
}

TEST(LowerIplocation, PrefixedFieldsFromOneStreamingStage) {
  auto out = lower_spl("x=1 | iplocation prefix=src_ src_ip | where src_Country!=\"France\"");
  ASSERT_TRUE(out.plan) << (out.issues.empty() ? "" : out.issues[0].message);
  const ir::Plan& p = *out.plan;
  EXPECT_EQ(p.event_stages, p.stages.size());  // all per-event: the JIT compiles it
  const auto& ev = std::get<ir::EvalStage>(p.stages[1]);
  EXPECT_EQ(targets(p, ev), (std::vector<std::string>{"src_City", "src_Country", "src_Region", "src_lat", "src_lon"}));
  const ir::Expr& e = *ev.assigns[1].expr;
  EXPECT_EQ(e.op, ir::Op::Call);
  EXPECT_EQ(e.text, "_iplocation");
  ASSERT_EQ(e.args.size(), 3u);
  EXPECT_EQ(p.slots[e.args[0]->slot], "src_ip");
  EXPECT_EQ(e.args[1]->value.to_text(), "Country");
  EXPECT_EQ(e.args[2]->value.to_text(), "en");
}

TEST(LowerIplocation, AllfieldsAndLang) {
  auto out = lower_spl("x=1 | iplocation allfields=true lang=de ip");
  ASSERT_TRUE(out.plan);
  const auto& ev = std::get<ir::EvalStage>(out.plan->stages[1]);
  EXPECT_EQ(targets(*out.plan, ev), (std::vector<std::string>{"City", "Country", "Region", "lat", "lon", "Continent",
                                                              "MetroCode", "Timezone"}));
  EXPECT_EQ(ev.assigns[0].expr->args[2]->value.to_text(), "de");
}

}  // namespace
}  // namespace rulejit::lower
