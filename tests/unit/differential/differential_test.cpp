// Differential testing: random rules over random events must give identical
// result rows under the interpreter and the JIT.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "tests/unit/differential/random_spl.h"

namespace rulejit::difftest {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;

struct Outcome {
  std::map<std::string, std::vector<std::string>> rows;  // rule -> rows in order
  std::vector<std::string> failed;                       // rules that did not compile
};

Outcome run(const std::string& engine, const fs::path& dir, const std::vector<std::string>& events) {
  PackSources src;
  src.rule_paths = {dir.string()};
  src.macro_dirs = {kRepo + "/rules/macros"};
  src.fieldmap_dirs = {kRepo + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(src);
  Outcome out;
  for (const auto& r : built.rules)
    if (r.state != RuleState::Ok) out.failed.push_back(r.name + ": " + (r.first_error() ? r.first_error()->message : ""));
  rt::EngineOptions eo;
  eo.prefilter = rt::EngineOptions::Prefilter::On;  // exercised on every test pack (exact, so rows are equal)
  eo.now = 1700000000;
  std::string err;
  auto eng = make_engine(engine, built.pack, eo,
                         [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
                           const auto& pr = built.pack->rules[rule];
                           out.rows[pr.name].push_back(rt::format_result_json(pr.name, pr.id, plan, row));
                         },
                         &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return out;
  for (const auto& e : events) eng->push_text(e);
  eng->finish();
  return out;
}

// Writes `count` random detections into dir; returns the searches by name.
std::map<std::string, std::string> write_rules(Random& r, const fs::path& dir, int count) {
  std::map<std::string, std::string> searches;
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    std::string name = "rule" + std::to_string(i);
    std::string search = random_search(r);
    searches[name] = search;
    std::string escaped;
    for (char c : search) escaped += c == '\'' ? std::string("''") : std::string(1, c);
    std::ofstream(dir / (name + ".yml")) << "name: " << name << "\nid: " << name << "\nsearch: '" << escaped << "'\n";
  }
  return searches;
}

TEST(Differential, RandomRulesAgreeUnderBothExecutors) {
  int compiled = 0, total = 0;
  size_t rows_compared = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    Random r(seed);
    fs::path dir = fs::temp_directory_path() / ("rulejit-diff-" + std::to_string(::getpid()) + "-" + std::to_string(seed));
    fs::remove_all(dir);
    auto searches = write_rules(r, dir, 40);
    std::vector<std::string> events;
    for (int i = 0; i < 150; ++i) events.push_back(random_event(r, i));
    Outcome a = run("interp", dir, events);
    Outcome b = run("jit", dir, events);
    total += 40;
    compiled += 40 - static_cast<int>(a.failed.size());
    EXPECT_EQ(a.failed, b.failed);
    for (const auto& [name, search] : searches) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " " + name + ": " + search);
      EXPECT_EQ(a.rows[name], b.rows[name]);
      rows_compared += a.rows[name].size();
    }
    fs::remove_all(dir);
  }
  // The generator writes valid SPL: nearly every random rule must compile.
  EXPECT_GT(compiled, total * 9 / 10);
  // And the random filters let enough rows through to compare something.
  EXPECT_GT(rows_compared, 1000u) << rows_compared;
  std::printf("differential: %d of %d random rules compiled, %zu result rows compared\n", compiled, total,
              rows_compared);
}

TEST(Differential, RandomEventsAreValidJsonForTheReader) {
  Random r(99);
  fs::path dir = fs::temp_directory_path() / ("rulejit-diff-valid-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "all.yml") << "name: all\nid: all\nsearch: 'sourcetype=_json | stats count'\n";
  std::vector<std::string> events;
  for (int i = 0; i < 300; ++i) events.push_back(random_event(r, i));
  Outcome a = run("jit", dir, events);
  ASSERT_EQ(a.rows["all"].size(), 1u);
  EXPECT_NE(a.rows["all"][0].find("\"count\":300"), std::string::npos) << a.rows["all"][0];
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rulejit::difftest
