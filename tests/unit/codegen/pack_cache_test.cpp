// The whole-pack native code cache (compiler/codegen/pack_cache.h): a hit
// gives the same rows without generating LLVM IR; a change of a rule, a
// macro or a lookup is a miss; a damaged entry is rejected and rewritten.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/pack_cache.h"
#include "compiler/ir/serialize.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"

namespace rulejit::jit {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A private copy of the bundled pack (rules, macros, lookups, field maps)
// that a test may edit, and an empty cache folder.
class PackCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rulejit-pack-cache-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    for (const char* d : {"isovalent", "macros", "lookups", "fieldmaps"})
      fs::copy(kRepo + "/rules/" + d, root_ / d, fs::copy_options::recursive);
    cache_ = root_ / "cache";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::shared_ptr<ir::Pack> build() const {
    PackSources s;
    s.rule_paths = {(root_ / "isovalent").string()};
    s.macro_dirs = {(root_ / "macros").string()};
    s.lookup_dirs = {(root_ / "lookups").string()};
    s.fieldmap_dirs = {(root_ / "fieldmaps").string()};
    return build_pack(s).pack;
  }

  CompileStats compile(const ir::Pack& pack) const {
    CompileOptions co;
    co.cache_dir = cache_.string();
    std::string err;
    auto np = compile_native_pack(pack, co, &err);
    EXPECT_TRUE(np) << err;
    return np ? np->stats() : CompileStats{};
  }

  std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(cache_))
      if (e.path().extension() == ".rjc") out.push_back(e.path());
    return out;
  }

  std::vector<std::string> rows(std::shared_ptr<ir::Pack> pack, const std::string& cache_dir) const {
    std::vector<std::string> out;
    rt::EngineOptions eo;
    eo.now = 1755200000;
    eo.code_cache_dir = cache_dir;
    std::string err;
    auto sink = [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
      out.push_back(rt::format_result_json(pack->rules[rule].name, "", plan, row));
    };
    auto eng = make_engine("jit", pack, eo, sink, &err);
    EXPECT_TRUE(eng) << err;
    if (!eng) return out;
    std::ifstream in(kRepo + "/rules/samples/tetragon-sample.ndjson");
    std::string line;
    while (std::getline(in, line)) eng->push_text(line);
    eng->finish();
    return out;
  }

  // Replaces the first `from` in a file by `to` (the test's edit must apply).
  static void edit(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = slurp(p);
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << p;
    text.replace(at, from.size(), to);
    spit(p, text);
  }

  fs::path root_, cache_;
};

TEST_F(PackCacheTest, HitLinksTheStoredObjectsAndGivesTheSameRows) {
  if (code_build_id().empty()) GTEST_SKIP() << "no GNU build id: whole-pack entries are not written";
  auto pack = build();
  ASSERT_FALSE(pack->rules.empty());
  const CompileStats cold = compile(*pack);
  EXPECT_FALSE(cold.pack_entry_hit);
  ASSERT_EQ(entries().size(), 1u);
  const CompileStats warm = compile(*pack);
  EXPECT_TRUE(warm.pack_entry_hit);
  EXPECT_TRUE(warm.cache_hit);
  EXPECT_EQ(warm.cache_key, cold.cache_key);  // artifacts record the same key either way

  const auto expected = rows(pack, "");  // compiled, no cache
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(rows(pack, cache_.string()), expected);
  // A pack built again from the same files (other addresses) hits too.
  auto again = build();
  EXPECT_TRUE(compile(*again).pack_entry_hit);
  EXPECT_EQ(rows(again, cache_.string()), expected);
}

TEST_F(PackCacheTest, ChangedRuleMacroOrLookupIsAMiss) {
  if (code_build_id().empty()) GTEST_SKIP() << "no GNU build id";
  ASSERT_FALSE(compile(*build()).pack_entry_hit);
  ASSERT_TRUE(compile(*build()).pack_entry_hit);

  // A lookup row: the code may be the same, the pack is not.
  std::ofstream(root_ / "lookups" / "isovalent_suspicious_ports.csv", std::ios::app) << "31337,tcp,c2,test port\n";
  EXPECT_FALSE(compile(*build()).pack_entry_hit);
  EXPECT_TRUE(compile(*build()).pack_entry_hit);

  edit(root_ / "macros" / "cisco_isovalent_process_exec.yml", "definition: sourcetype=cisco:isovalent:processExec",
       "definition: sourcetype=cisco:isovalent:processExec process_exec=*");
  EXPECT_FALSE(compile(*build()).pack_entry_hit);
  EXPECT_TRUE(compile(*build()).pack_entry_hit);

  edit(root_ / "isovalent" / "cisco_isovalent___shell_execution.yml", "name: ", "name: Edited ");
  EXPECT_FALSE(compile(*build()).pack_entry_hit);
  EXPECT_TRUE(compile(*build()).pack_entry_hit);
  EXPECT_EQ(entries().size(), 4u);
}

TEST_F(PackCacheTest, DamagedEntryIsRejectedAndRewritten) {
  if (code_build_id().empty()) GTEST_SKIP() << "no GNU build id";
  auto pack = build();
  compile(*pack);
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries()[0];
  const std::string good = slurp(entry);
  const auto expected = rows(pack, "");

  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x20;  // inside the object code
  spit(entry, flipped);
  EXPECT_FALSE(compile(*pack).pack_entry_hit);
  EXPECT_EQ(slurp(entry), good);  // rewritten
  EXPECT_TRUE(compile(*pack).pack_entry_hit);

  spit(entry, good.substr(0, good.size() - 100));  // truncated
  EXPECT_FALSE(compile(*pack).pack_entry_hit);
  EXPECT_EQ(slurp(entry), good);

  spit(entry, "");
  EXPECT_FALSE(compile(*pack).pack_entry_hit);
  EXPECT_EQ(rows(pack, cache_.string()), expected);
  EXPECT_TRUE(compile(*pack).pack_entry_hit);
}

// decode itself: every truncation and every flipped byte is rejected (the
// checksum), and an entry naming nodes the pack does not have is too.
TEST(PackCacheEntry, DecodeRejectsDamageAndForeignPositions) {
  PackSources s;
  s.rule_paths = {kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"};
  s.macro_dirs = {kRepo + "/rules/macros"};
  s.lookup_dirs = {kRepo + "/rules/lookups"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  auto pack = build_pack(s).pack;
  std::vector<const ir::Expr*> exprs;
  ir::serialize_pack(*pack, &exprs);
  ASSERT_GE(exprs.size(), 2u);

  PackCacheEntry e;
  e.code_key = "k";
  e.fieldmaps.resize(pack->fieldmaps.size());
  e.fieldmaps[0].function = "rj_fm_0";
  e.fieldmaps[0].view_slots = {1, 2};
  e.fieldmaps[0].eager_views = 1;
  ObjectRef c;
  c.kind = ObjectRef::Kind::ConstValue;
  c.ptr = exprs[1];
  ObjectRef f;
  f.kind = ObjectRef::Kind::Function;
  f.text = "lower";
  e.objects = {c, f};
  e.temps_per_binding = {3};
  e.symbols = {"rj_fm_0"};
  e.object_code = "object bytes";
  const std::string bytes = encode_pack_cache_entry(e, exprs);
  ASSERT_FALSE(bytes.empty());

  auto back = decode_pack_cache_entry(bytes, exprs, *pack);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->code_key, "k");
  EXPECT_EQ(back->fieldmaps[0].view_slots, (std::vector<ir::SlotId>{1, 2}));
  EXPECT_EQ(back->fieldmaps[0].eager_views, 1u);
  ASSERT_EQ(back->objects.size(), 2u);
  EXPECT_EQ(back->objects[0].ptr, exprs[1]);
  EXPECT_EQ(back->objects[1].text, "lower");
  EXPECT_EQ(back->temps_per_binding, (std::vector<uint32_t>{3}));
  EXPECT_EQ(back->symbols, (std::vector<std::string>{"rj_fm_0"}));
  EXPECT_EQ(back->object_code, "object bytes");

  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_pack_cache_entry(std::string_view(bytes).substr(0, n), exprs, *pack)) << n;
    std::string flipped = bytes;
    flipped[n] ^= 1;
    EXPECT_FALSE(decode_pack_cache_entry(flipped, exprs, *pack)) << n;
  }
  // Fewer nodes than the entry names: another pack, rejected.
  std::vector<const ir::Expr*> fewer(exprs.begin(), exprs.begin() + 1);
  EXPECT_FALSE(decode_pack_cache_entry(bytes, fewer, *pack));
  // A node that is not in the pack cannot be stored.
  ir::Expr stranger;
  e.objects[0].ptr = &stranger;
  EXPECT_TRUE(encode_pack_cache_entry(e, exprs).empty());
}

TEST(PackCacheKey, DependsOnTheIrAndTheHost) {
  if (code_build_id().empty()) GTEST_SKIP() << "no GNU build id";
  EXPECT_EQ(pack_cache_key("ir", "host"), pack_cache_key("ir", "host"));
  EXPECT_NE(pack_cache_key("ir", "host"), pack_cache_key("ir2", "host"));
  EXPECT_NE(pack_cache_key("ir", "host"), pack_cache_key("ir", "host2"));
  EXPECT_EQ(content_hash("abc").size(), 32u);
  EXPECT_NE(content_hash("abcdefgh1"), content_hash("abcdefgh2"));
}

}  // namespace
}  // namespace rulejit::jit
