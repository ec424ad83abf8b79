// Plans as a corrupt pack artifact can deliver them: the IR reader
// (verify_plan) rejects every index out of range, and a constant that cannot
// be built (a regex that does not compile) is a setup error naming it, never
// a crash. Both found by fuzz_pack_artifact.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/ir/serialize.h"
#include "engine_test_util.h"

namespace rulejit {
namespace {

using namespace engine_test;
namespace fs = std::filesystem;

TEST(CorruptPlan, RegexThatDoesNotCompileIsASetupError) {
  fs::path dir = fs::temp_directory_path() / ("rulejit-corrupt-plan-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "rex.yml") << "name: Rex\nid: rex\nsearch: 'sourcetype=cisco:isovalent:processExec "
                                    "| rex field=process_name \"(?<first>.)\" | rex field=process mode=sed "
                                    "\"s/a/b/\" | table first process'\n";
  auto pack = pack_of({(dir / "rex.yml").string()});
  fs::remove_all(dir);
  ASSERT_EQ(pack->rules.size(), 1u);
  auto& plan = const_cast<ir::Plan&>(*pack->rules[0].plan);
  ASSERT_EQ(plan.regexes.size(), 2u);
  for (auto& re : plan.regexes) re = "(";  // neither a regex nor a sed expression
  rt::EngineOptions eo;
  eo.now = 1755200000;
  std::string err;
  auto engine = make_engine("interp", pack, eo, [](uint32_t, const ir::Plan&, const rt::Row&) {}, &err);
  ASSERT_TRUE(engine) << err;
  std::string all;
  for (const auto& e : engine->setup_errors()) all += e + "\n";
  EXPECT_NE(all.find("Rex: invalid regular expression \"(\""), std::string::npos) << all;
  EXPECT_NE(all.find("Rex: invalid sed expression \"(\""), std::string::npos) << all;
  engine->push_text(shell_event(1));  // and it still runs
  engine->finish();
  EXPECT_EQ(engine->stats().events, 1u);
}

// A bare term names its field slot only when it is not _raw; that slot was
// not range-checked, and the interpreter read past the row.
TEST(CorruptPlan, RawTermSlotOutOfRangeIsRejectedByTheReader) {
  auto pack = pack_of({kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"});
  ASSERT_EQ(pack->rules.size(), 1u);
  auto* plan = const_cast<ir::Plan*>(pack->rules[0].plan.get());  // ours: just built
  auto term = std::make_unique<ir::Expr>();
  term->op = ir::Op::RawTerm;
  term->text = "bash";
  term->slot = static_cast<ir::SlotId>(plan->slots.size() + 3);
  ir::FilterStage filter;
  filter.cond = std::move(term);
  plan->stages.insert(plan->stages.begin(), std::move(filter));
  ++plan->event_stages;
  auto problems = ir::verify_plan(*plan);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("raw term: bad slot"), std::string::npos) << problems[0];

  std::string err;
  EXPECT_FALSE(ir::deserialize_pack(ir::serialize_pack(*pack), &err));
  EXPECT_NE(err.find("raw term: bad slot"), std::string::npos) << err;
  // In range (or no slot: _raw) it is well-formed.
  std::get<ir::FilterStage>(plan->stages[0]).cond->slot = ir::kNoSlot;
  EXPECT_TRUE(ir::verify_plan(*plan).empty());
  EXPECT_TRUE(ir::deserialize_pack(ir::serialize_pack(*pack), &err)) << err;
}

// `| inputlookup` reads its rows from the plan's first lookup: a plan whose
// source says inputlookup but carries no lookup threw from finish()
// (found by fuzz_pack_artifact); the reader now rejects it.
TEST(CorruptPlan, InputlookupSourceWithoutALookupIsRejectedByTheReader) {
  auto pack = pack_of({kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"});
  ASSERT_EQ(pack->rules.size(), 1u);
  auto* plan = const_cast<ir::Plan*>(pack->rules[0].plan.get());  // ours: just built
  ASSERT_TRUE(plan->lookups.empty());
  plan->source.kind = ir::Source::Kind::Inputlookup;
  auto problems = ir::verify_plan(*plan);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.back().find("inputlookup source without a lookup"), std::string::npos) << problems.back();
  std::string err;
  EXPECT_FALSE(ir::deserialize_pack(ir::serialize_pack(*pack), &err));
  EXPECT_NE(err.find("inputlookup source without a lookup"), std::string::npos) << err;
}

// A join reads its subsearch's rows (those of the hidden rule sub_rule) with
// the slots of the subsearch plan it carries: the two must agree.
TEST(CorruptPlan, SubsearchRuleWithOtherSlotsIsRejectedByTheReader) {
  fs::path dir = fs::temp_directory_path() / ("rulejit-corrupt-join-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "join.yml") << "name: Join\nid: join\nsearch: 'sourcetype=cisco:isovalent:processExec "
                                     "| join process_name [search sourcetype=cisco:isovalent:processExec "
                                     "| stats count by process_name] | table process_name count'\n";
  auto pack = pack_of({(dir / "join.yml").string()});
  fs::remove_all(dir);
  ASSERT_EQ(pack->rules.size(), 2u);  // the hidden subsearch rule first, then the join
  std::string err;
  ASSERT_TRUE(ir::deserialize_pack(ir::serialize_pack(*pack), &err)) << err;
  const ir::SubplanStage* join = nullptr;
  for (const auto& st : pack->rules[1].plan->stages)
    if (const auto* sp = std::get_if<ir::SubplanStage>(&st)) join = sp;
  ASSERT_NE(join, nullptr);
  ASSERT_EQ(join->sub_rule, 0u);
  // The hidden rule now has one slot fewer than the subsearch plan says.
  auto* hidden = const_cast<ir::Plan*>(pack->rules[0].plan.get());
  if (hidden == join->sub.get()) {  // shared by the builder: give the rule its own copy
    auto copy = ir::deserialize_pack(ir::serialize_pack(*pack), &err);
    ASSERT_TRUE(copy) << err;
    pack = std::make_shared<ir::Pack>(std::move(*copy));
    hidden = const_cast<ir::Plan*>(pack->rules[0].plan.get());
  }
  hidden->slots.push_back("extra");
  EXPECT_FALSE(ir::deserialize_pack(ir::serialize_pack(*pack), &err));
  EXPECT_NE(err.find("subsearch plan differs from the rule that runs it"), std::string::npos) << err;
}

}  // namespace
}  // namespace rulejit
