// Plans as a corrupt pack artifact can deliver them (the IR reader checks
// structure, not that each regex compiles): a constant that cannot be built
// is a setup error naming it, never a crash. Found by fuzz_pack_artifact:
// PlanRunner reported into its error list before constructing it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace rulejit
