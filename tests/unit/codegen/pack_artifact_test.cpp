// IR serialization and pack artifacts: round trips, and every kind of damage
// rejected with a clear message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/pack_artifact.h"
#include "compiler/ir/serialize.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"

namespace rulejit::jit {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;

std::shared_ptr<ir::Pack> bundled_pack() {
  PackSources s;
  s.rule_paths = {kRepo + "/rules/isovalent"};
  s.macro_dirs = {kRepo + "/rules/macros"};
  if (fs::is_directory(kRepo + "/rules/lookups")) s.lookup_dirs = {kRepo + "/rules/lookups"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  return build_pack(s).pack;
}

std::vector<std::string> run(const std::string& engine, const PackArtifact* artifact, std::shared_ptr<ir::Pack> pack) {
  std::vector<std::string> rows;
  rt::EngineOptions eo;
  eo.now = 1755200000;
  std::string err;
  auto sink = [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    rows.push_back(rt::format_result_json(pack->rules[rule].name, "", plan, row));
  };
  auto eng = artifact ? make_engine_from_artifact(engine, *artifact, eo, sink, &err)
                      : make_engine(engine, pack, eo, sink, &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return rows;
  std::ifstream in(kRepo + "/rules/samples/tetragon-sample.ndjson");
  std::string line;
  while (std::getline(in, line)) eng->push_text(line);
  eng->finish();
  return rows;
}

TEST(IrSerialization, RoundTripPrintsTheSamePlans) {
  auto pack = bundled_pack();
  ASSERT_FALSE(pack->rules.empty());
  std::string bytes = ir::serialize_pack(*pack);
  std::string err;
  auto back = ir::deserialize_pack(bytes, &err);
  ASSERT_TRUE(back) << err;
  ASSERT_EQ(back->rules.size(), pack->rules.size());
  for (size_t i = 0; i < pack->rules.size(); ++i)
    EXPECT_EQ(ir::print_plan(*back->rules[i].plan), ir::print_plan(*pack->rules[i].plan));
  ASSERT_EQ(back->fieldmaps.size(), pack->fieldmaps.size());
  for (size_t i = 0; i < pack->fieldmaps.size(); ++i)
    EXPECT_EQ(ir::print_fieldmap(back->fieldmaps[i]), ir::print_fieldmap(pack->fieldmaps[i]));
  EXPECT_EQ(back->bindings.size(), pack->bindings.size());
  EXPECT_EQ(ir::serialize_pack(*back), bytes);
}

TEST(IrSerialization, EveryTruncationIsRejected) {
  auto pack = bundled_pack();
  std::string bytes = ir::serialize_pack(*pack);
  // Every prefix shorter than the whole must fail cleanly (no crash, a message).
  for (size_t n = 0; n < bytes.size(); n += std::max<size_t>(1, bytes.size() / 997)) {
    std::string err;
    EXPECT_FALSE(ir::deserialize_pack(std::string_view(bytes).substr(0, n), &err)) << n;
    EXPECT_FALSE(err.empty());
  }
}

TEST(IrSerialization, RandomCorruptionNeverCrashes) {
  auto pack = bundled_pack();
  std::string bytes = ir::serialize_pack(*pack);
  uint64_t x = 12345;
  for (int i = 0; i < 400; ++i) {
    std::string bad = bytes;
    for (int k = 0; k < 3; ++k) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      bad[(x >> 17) % bad.size()] ^= static_cast<char>(1 + (x >> 40) % 255);
    }
    std::string err;
    auto back = ir::deserialize_pack(bad, &err);  // may succeed (a harmless byte) or fail; never crash
    if (!back) {
      EXPECT_FALSE(err.empty());
    }
  }
}

TEST(PackArtifact, RunFromArtifactEqualsRunFromRules) {
  auto pack = bundled_pack();
  std::string err;
  auto native = compile_native_pack(*pack, CompileOptions{}, &err);
  ASSERT_TRUE(native) << err;
  ASSERT_FALSE(native->object_code().empty());
  fs::path file = fs::temp_directory_path() / ("rulejit-test-" + std::to_string(::getpid()) + ".rjpack");
  ASSERT_TRUE(write_pack_artifact(file.string(), *pack, native.get(), &err)) << err;
  auto artifact = read_pack_artifact(file.string(), &err);
  ASSERT_TRUE(artifact) << err;
  EXPECT_EQ(artifact->key, native->stats().cache_key);
  auto from_rules = run("jit", nullptr, pack);
  EXPECT_FALSE(from_rules.empty());
  EXPECT_EQ(run("jit", &*artifact, artifact->pack), from_rules);
  EXPECT_EQ(run("interp", &*artifact, artifact->pack), from_rules);
  // The stored object is linked, not recompiled, when the key matches.
  CompileOptions co;
  co.preset_object = artifact->object;
  co.preset_key = artifact->key;
  auto reloaded = compile_native_pack(*artifact->pack, co, &err);
  ASSERT_TRUE(reloaded) << err;
  EXPECT_TRUE(reloaded->stats().cache_hit);
  // Another CPU's object (a different key) is ignored: compiled from the IR.
  co.preset_key = "some-other-cpu";
  auto recompiled = compile_native_pack(*artifact->pack, co, &err);
  ASSERT_TRUE(recompiled) << err;
  EXPECT_FALSE(recompiled->stats().cache_hit);
  fs::remove(file);
}

TEST(PackArtifact, DamagedFilesAreRejected) {
  auto pack = bundled_pack();
  std::string err;
  fs::path file = fs::temp_directory_path() / ("rulejit-test-dmg-" + std::to_string(::getpid()) + ".rjpack");
  ASSERT_TRUE(write_pack_artifact(file.string(), *pack, nullptr, &err)) << err;
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(parse_pack_artifact(bytes, &err)) << err;
  EXPECT_FALSE(parse_pack_artifact(bytes.substr(0, bytes.size() / 2), &err));
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
  std::string flipped = bytes;
  flipped[flipped.size() / 3] ^= 0x40;
  EXPECT_FALSE(parse_pack_artifact(flipped, &err));
  EXPECT_NE(err.find("checksum"), std::string::npos) << err;
  EXPECT_FALSE(parse_pack_artifact("hello", &err));
  EXPECT_NE(err.find("magic"), std::string::npos) << err;
  EXPECT_FALSE(read_pack_artifact("/nonexistent/x.rjpack", &err));
  EXPECT_NE(err.find("cannot open"), std::string::npos) << err;
  fs::remove(file);
}

TEST(NativePack, SplitIntoUnitsGivesTheSameResultsAndArtifactsRoundTrip) {
  auto pack = bundled_pack();
  CompileOptions co;
  co.rules_per_unit = 3;  // force several units compiled on two threads
  std::string err;
  auto native = compile_native_pack(*pack, co, &err);
  ASSERT_TRUE(native) << err;
  fs::path file = fs::temp_directory_path() / ("rulejit-test-units-" + std::to_string(::getpid()) + ".rjpack");
  ASSERT_TRUE(write_pack_artifact(file.string(), *pack, native.get(), &err)) << err;
  auto artifact = read_pack_artifact(file.string(), &err);
  ASSERT_TRUE(artifact) << err;
  CompileOptions load = co;
  load.preset_object = artifact->object;
  load.preset_key = artifact->key;
  auto reloaded = compile_native_pack(*artifact->pack, load, &err);
  ASSERT_TRUE(reloaded) << err;
  EXPECT_TRUE(reloaded->stats().cache_hit);  // every unit's object came from the artifact
  // The engine itself, built from units of 3 rules, agrees with the interpreter.
  ::setenv("RULEJIT_RULES_PER_UNIT", "3", 1);
  auto split = run("jit", nullptr, pack);
  ::unsetenv("RULEJIT_RULES_PER_UNIT");
  EXPECT_FALSE(split.empty());
  EXPECT_EQ(run("interp", nullptr, pack), split);
  fs::remove(file);
}

TEST(NativeCache, SecondCompileLoadsFromDisk) {
  auto pack = bundled_pack();
  fs::path dir = fs::temp_directory_path() / ("rulejit-cache-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  CompileOptions co;
  co.cache_dir = dir.string();
  std::string err;
  auto cold = compile_native_pack(*pack, co, &err);
  ASSERT_TRUE(cold) << err;
  EXPECT_FALSE(cold->stats().cache_hit);
  auto warm = compile_native_pack(*pack, co, &err);
  ASSERT_TRUE(warm) << err;
  EXPECT_TRUE(warm->stats().cache_hit);
  // A corrupt cache entry is ignored and the pack compiled again.
  for (const auto& e : fs::directory_iterator(dir)) std::ofstream(e.path(), std::ios::trunc) << "garbage";
  auto again = compile_native_pack(*pack, co, &err);
  ASSERT_TRUE(again) << err;
  EXPECT_FALSE(again->stats().cache_hit);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rulejit::jit
