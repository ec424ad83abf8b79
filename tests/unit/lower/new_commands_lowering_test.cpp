// Lowering of foreach over raw events, fromjson/extract, cyberchef, from and
// addtotals: the stages they become and what they refuse.
#include <gtest/gtest.h>

#include "compiler/ir/pack.h"
#include "compiler/ir/plan.h"
#include "compiler/ir/serialize.h"
#include "tests/unit/lower/lower_test_util.h"

namespace rulejit::lower {
namespace {

using testing::lower_spl;

std::string first_issue(const LowerOutput& out) { return out.issues.empty() ? "" : out.issues[0].message; }

TEST(LowerForeachOverEvents, OneLoopStageWithThePlansMatchingFields) {
  auto out = lower_spl("x=1 | foreach a* [eval r=mvappend(r, '<<FIELD>>')] | stats count by argc");
  ASSERT_TRUE(out.plan) << first_issue(out);
  const ir::Plan& p = *out.plan;
  const auto& fe = std::get<ir::ForeachFieldsStage>(p.stages[1]);
  EXPECT_EQ(fe.pattern, "a*");
  EXPECT_EQ(p.slots[fe.raw], "_raw");
  ASSERT_EQ(fe.fields.size(), 1u);  // argc, named later in the search; not the loop variable
  EXPECT_EQ(p.slots[fe.fields[0]], "argc");
  ASSERT_EQ(fe.assigns.size(), 1u);
  EXPECT_EQ(p.slots[fe.assigns[0].target], "r");
  EXPECT_EQ(p.event_stages, 2u);  // per-event, before the aggregation

  // The stage survives the pack artifact round trip.
  const std::string printed = ir::print_plan(p);
  EXPECT_NE(printed.find("foreach-fields \"a*\""), std::string::npos) << printed;
  ir::Pack pack;
  pack.rules.push_back({"r", "r", "r.yml", std::make_shared<const ir::Plan>(std::move(*out.plan))});
  std::string err;
  auto copy = ir::deserialize_pack(ir::serialize_pack(pack), &err);
  ASSERT_TRUE(copy) << err;
  EXPECT_EQ(ir::print_plan(*copy->rules[0].plan), printed);
}

TEST(LowerForeachOverEvents, RefusesWhatNeedsTheFieldsName) {
  EXPECT_EQ(first_issue(lower_spl("x=1 | foreach a* [eval r=\"<<FIELD>>\"]")),
            "foreach with wildcards over raw events: <<FIELD>> inside a quoted string (the field's name as "
            "text) is not supported");
  EXPECT_EQ(first_issue(lower_spl("x=1 | foreach a* [eval <<FIELD>>=1]")),
            "foreach with wildcards over raw events cannot assign to <<FIELD>>");
  EXPECT_EQ(first_issue(lower_spl("x=1 | foreach a* [eval b_<<MATCHSTR>>=1]")),
            "foreach with wildcards over raw events supports <<FIELD>> only (not <<MATCHSTR>> or <<MATCHSEGn>>)");
  EXPECT_EQ(first_issue(lower_spl("x=1 | foreach a* [rename <<FIELD>> AS b]")),
            "command 'rename' inside foreach is not supported over raw events (only eval)");
  // After table the columns are known: instantiated per column as before.
  auto out = lower_spl("x=1 | table a1 a2 b | foreach a* [eval <<FIELD>>='<<FIELD>>'*2]");
  ASSERT_TRUE(out.plan) << first_issue(out);
  EXPECT_EQ(std::get<ir::EvalStage>(out.plan->stages.back()).assigns.size(), 1u);
  EXPECT_EQ(out.plan->stages.size(), 4u);  // filter, project, one eval per column
}

TEST(LowerExtract, NeedsBothDelimiters) {
  EXPECT_EQ(first_issue(lower_spl("x=1 | extract pairdelim=\";\"")),
            "extract without pairdelim= and kvdelim= (the sourcetype's configured extractions) is not supported");
  EXPECT_EQ(first_issue(lower_spl("x=1 | extract my_stanza")),
            "extract with a transforms.conf extractor name is not supported");
  auto out = lower_spl("x=1 | extract pairdelim=\";\" kvdelim=\":\" mv_add=true | table k");
  ASSERT_TRUE(out.plan) << first_issue(out);
  const auto& ev = std::get<ir::EvalStage>(out.plan->stages[1]);
  ASSERT_FALSE(ev.assigns.empty());
  EXPECT_EQ(ir::print_expr(*out.plan, *ev.assigns[0].expr).find("(mvappend %"), 0u);
}

TEST(LowerCyberchef, UnknownOperationAndBadRecipe) {
  EXPECT_EQ(first_issue(lower_spl("x=1 | cyberchef infield=a operation=ROT13")),
            "cyberchef operation 'rot13' is not supported");
  EXPECT_EQ(first_issue(lower_spl("x=1 | cyberchef infield=a jsonrecipe=\"[1,]\"")), "jsonrecipe is not valid JSON");
}

TEST(LowerFrom, DatamodelLookupAndSavedsearch) {
  auto out = lower_spl("| from datamodel:Web.Web | where x=1");
  ASSERT_TRUE(out.plan) << first_issue(out);
  EXPECT_EQ(out.plan->source.kind, ir::Source::Kind::DatamodelEvents);
  EXPECT_EQ(out.plan->source.name, "Web.Web");
  EXPECT_EQ(first_issue(lower_spl("| from datamodel:Web")), "from datamodel needs a dataset (datamodel:Model.Dataset)");
  EXPECT_EQ(first_issue(lower_spl("| from savedsearch:s")),
            "from savedsearch: saved searches are not part of a rule pack");
  EXPECT_EQ(first_issue(lower_spl("x=1 | from datamodel:Web.Web")), "from is supported only as the first command");
}

TEST(LowerAddtotals, FieldListNeededOverRawEvents) {
  EXPECT_EQ(first_issue(lower_spl("x=1 | addtotals")),
            "addtotals over raw events needs a field list without wildcards (which fields an event has is known "
            "only when it is read)");
  EXPECT_EQ(first_issue(lower_spl("x=1 | table a | addtotals col=t")),
            "addtotals col=true (a summary row) is not supported yet");
  auto out = lower_spl("x=1 | addtotals fieldname=S a b");
  ASSERT_TRUE(out.plan) << first_issue(out);
  const auto& ev = std::get<ir::EvalStage>(out.plan->stages[1]);
  EXPECT_EQ(ir::print_expr(*out.plan, *ev.assigns[0].expr), "(_addtotals %1:a %2:b)");
}

TEST(LowerReplace, NeedsAnInListAndMatchingWildcards) {
  EXPECT_EQ(first_issue(lower_spl("x=1 | replace a WITH b")),
            "replace without IN <fields> (every field not made by stats or eval) is not supported");
  EXPECT_EQ(first_issue(lower_spl("x=1 | replace a* WITH *b* IN f")),
            "replace: the replacement must have as many '*' as the value, or none");
  auto out = lower_spl("x=1 | replace a* WITH b* IN f");
  ASSERT_TRUE(out.plan) << first_issue(out);
  const auto& ev = std::get<ir::EvalStage>(out.plan->stages[1]);
  EXPECT_EQ(ir::print_expr(*out.plan, *ev.assigns[0].expr), "(_replace_values %1:f \"a*\" \"b*\")");
}

}  // namespace
}  // namespace rulejit::lower
