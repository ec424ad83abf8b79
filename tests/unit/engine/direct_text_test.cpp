// direct_text.h against the interpreter: for the field maps' text-shaped
// derivations and random inputs (null, texts with and without '/', unicode,
// empty, numbers, booleans, multivalues), a direct build that succeeds must
// give exactly what evaluate() gives, and single-text inputs must take it.
#include <gtest/gtest.h>

#include <random>

#include "engine_test_util.h"
#include "runtime/engine/derive_needs.h"
#include "runtime/engine/direct_text.h"
#include "runtime/interp/compiled_constants.h"
#include "runtime/interp/expr_eval.h"

namespace rulejit {
namespace {

using namespace engine_test;
using rt::Value;

Value random_value(std::mt19937_64& rng, bool text_only) {
  static const char* texts[] = {"", "/", "sh", "/bin/sh", "/usr/lib/x/", "caf\xc3\xa9/b\xc3\xa4r", "-k https://x/y",
                                "a b", "42", "  "};
  const size_t n = sizeof texts / sizeof *texts;
  switch (text_only ? 0 : rng() % 5) {
    case 0: return Value::string(texts[rng() % n]);
    case 1: return Value();
    case 2: return Value::number(static_cast<double>(rng() % 100) / 4);
    case 3: return Value::boolean(rng() % 2);
    default: return Value::make_multi({texts[rng() % n], texts[rng() % n]});
  }
}

TEST(DirectText, EqualsTheInterpreterOnTheExecFieldMap) {
  auto pack = pack_of({kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"});
  ASSERT_TRUE(pack);
  const ir::FieldMapProgram* exec = exec_fieldmap(*pack);
  ASSERT_TRUE(exec);
  std::vector<std::string> errors;
  const auto constants = rt::CompiledConstants::build(exec->derive, errors);
  rt::FunctionContext functions;
  rt::ExprEnv env{exec->derive, constants, functions, ir::kNoSlot};
  const auto* stage = std::get_if<ir::EvalStage>(&exec->derive.stages.at(0));
  ASSERT_TRUE(stage);
  std::vector<const ir::Assign*> direct;
  for (const auto& a : stage->assigns)
    if (rt::direct_text_shape(*a.expr)) direct.push_back(&a);
  ASSERT_GE(direct.size(), 5u);  // copies, basenames, process, parent_process
  // CIM fields that are "unknown" when null or empty are direct too.
  bool dm_dest = false;
  for (const ir::Assign* a : direct) dm_dest = dm_dest || exec->derive.slots[a->target] == "Processes.dest";
  EXPECT_TRUE(dm_dest);

  std::mt19937_64 rng(7);
  size_t taken = 0;
  for (int round = 0; round < 4000; ++round) {
    const bool text_only = round % 4 == 0;
    rt::Row row;
    row.slots.resize(exec->derive.slots.size());
    for (auto& v : row.slots) v = random_value(rng, text_only);
    for (const ir::Assign* a : direct) {
      std::string out;
      const bool ok = rt::append_direct_text(*a->expr, row, out);
      if (text_only) {
        EXPECT_TRUE(ok) << exec->derive.slots[a->target];
      }
      if (!ok) continue;
      ++taken;
      const Value want = rt::evaluate(*a->expr, row, env);
      ASSERT_TRUE(want.is_string()) << exec->derive.slots[a->target];
      EXPECT_EQ(out, want.as_string()) << exec->derive.slots[a->target];
    }
  }
  EXPECT_GT(taken, 4000u);
}

}  // namespace
}  // namespace rulejit
