// libFuzzer target: the interpreter and the JIT must agree. The input picks
// the random rules (as a seed) and is also pushed as an event line of its
// own, so hostile bytes reach both executors' readers.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "tests/unit/differential/random_spl.h"

namespace fs = std::filesystem;
using namespace rulejit;

static std::vector<std::string> run(const std::string& engine, const fs::path& dir,
                                    const std::vector<std::string>& events) {
  PackSources src;
  src.rule_paths = {dir.string()};
  src.fieldmap_dirs = {std::string(RULEJIT_SOURCE_DIR) + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(src);
  std::vector<std::string> rows;
  rt::EngineOptions eo;
  eo.prefilter = rt::EngineOptions::Prefilter::On;  // exercised on every test pack (exact, so rows are equal)
  eo.now = 1700000000;
  std::string err;
  auto eng = make_engine(engine, built.pack, eo,
                         [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
                           rows.push_back(rt::format_result_json(built.pack->rules[rule].name, "", plan, row));
                         },
                         &err);
  if (!eng) {
    std::fprintf(stderr, "engine %s failed: %s\n", engine.c_str(), err.c_str());
    std::abort();
  }
  for (const auto& e : events) eng->push_text(e);
  eng->finish();
  return rows;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t seed = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) seed = (seed ^ data[i]) * 1099511628211ull;
  difftest::Random r(seed);
  static const fs::path dir = fs::temp_directory_path() / ("rulejit-difffuzz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (int i = 0; i < 3; ++i) {
    std::string search = difftest::random_search(r), escaped;
    for (char c : search) escaped += c == '\'' ? std::string("''") : std::string(1, c);
    std::ofstream(dir / ("r" + std::to_string(i) + ".yml"))
        << "name: r" << i << "\nid: r" << i << "\nsearch: '" << escaped << "'\n";
  }
  std::vector<std::string> events;
  for (int i = 0; i < 20; ++i) events.push_back(difftest::random_event(r, i));
  events.emplace_back(reinterpret_cast<const char*>(data), size);
  if (run("interp", dir, events) != run("jit", dir, events)) {
    std::fprintf(stderr, "interpreter and JIT disagree (seed %llu)\n", static_cast<unsigned long long>(seed));
    std::abort();
  }
  return 0;
}
