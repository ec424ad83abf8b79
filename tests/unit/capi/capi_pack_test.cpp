// Engines from pack artifacts (`rulejit compile -o PACK`): same results as
// from rule folders under both executors, reload between folders and
// artifacts, and missing/corrupt artifacts rejected while the old pack runs.
#include "capi_process_util.h"
#include "capi_test_util.h"

using namespace capi_test;

namespace {

// Compiles the test pack (or `rules`) into an artifact with the CLI.
std::string compile_pack(const TempDir& dir, const std::string& name, const std::string& rules = data_dir() + "/rules",
                         bool native = true) {
  std::string out = (dir.path() / name).string();
  std::vector<std::string> argv = {RULEJIT_CLI_EXE,  "compile",    "--rules",   rules,       "--fieldmaps",
                                   data_dir() + "/fieldmaps", "--macros", empty_dir(), "--lookups", empty_dir(),
                                   "-o",             out};
  if (!native) argv.push_back("--no-native");
  EXPECT_EQ(run(argv), 0) << "rulejit compile failed for " << rules;
  return out;
}

rulejit_engine* engine_from_pack(const std::string& pack, const char* executor,
                                 rulejit_status expect = RULEJIT_OK) {
  rulejit_options o = test_options();
  o.executor = executor;
  rulejit_engine* e = nullptr;
  EXPECT_EQ(rulejit_engine_create_from_pack(pack.c_str(), &o, &e), expect) << rulejit_last_error();
  return e;
}

// The test events: three users, one failure, two logins.
std::vector<std::string> run_events(rulejit_engine* e) {
  EXPECT_EQ(push(e, json_event(1700000001, "alice", "ok")), RULEJIT_OK);
  EXPECT_EQ(push(e, json_event(1700000002, "alice", "fail")), RULEJIT_OK);
  EXPECT_EQ(push(e, json_event(1700000003, "carol", "ok")), RULEJIT_OK);
  EXPECT_EQ(push(e, login_event(1700000004, "bob")), RULEJIT_OK);
  EXPECT_EQ(push(e, login_event(1700000005, "bob")), RULEJIT_OK);
  EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_OK) << rulejit_last_error();
  return drain(e);
}

}  // namespace

TEST(CapiPack, ArtifactGivesTheSameResultsAsRuleFolders) {
  rulejit_engine* folders = make_engine();
  std::vector<std::string> expected = run_events(folders);
  rulejit_engine_destroy(folders);
  ASSERT_EQ(with(expected, R"("user":"bob","count":2)").size(), 1u) << ::testing::PrintToString(expected);

  TempDir dir;
  for (bool native : {true, false}) {
    std::string pack = compile_pack(dir, native ? "native.rjp" : "ir-only.rjp", data_dir() + "/rules", native);
    for (const char* executor : {"interp", "jit"}) {
      SCOPED_TRACE(std::string(executor) + (native ? " native" : " ir-only"));
      rulejit_engine* e = engine_from_pack(pack, executor);
      ASSERT_NE(e, nullptr);
      EXPECT_EQ(stats(e).rule_count, 3u);
      EXPECT_GE(rule_index(e, "capi-login-count"), 0);
      EXPECT_EQ(run_events(e), expected);
      rulejit_engine_destroy(e);
    }
  }
}

TEST(CapiPack, MissingOrCorruptArtifactsAreRejected) {
  TempDir dir;
  rulejit_engine* e = reinterpret_cast<rulejit_engine*>(uintptr_t{1});
  EXPECT_EQ(rulejit_engine_create_from_pack((dir.path() / "absent.rjp").c_str(), nullptr, &e), RULEJIT_E_NOT_FOUND);
  EXPECT_EQ(e, nullptr);
  EXPECT_NE(std::string(rulejit_last_error()).find("absent.rjp"), std::string::npos);

  std::string pack = compile_pack(dir, "good.rjp");
  std::string bytes = read_file(pack);
  ASSERT_GT(bytes.size(), 64u);
  write_file(dir.path() / "truncated.rjp", bytes.substr(0, bytes.size() / 2));
  std::string flipped = bytes;
  flipped[flipped.size() / 3] ^= 0x5a;
  write_file(dir.path() / "corrupt.rjp", flipped);
  write_file(dir.path() / "text.rjp", "name: not a pack\n");
  for (const char* bad : {"truncated.rjp", "corrupt.rjp", "text.rjp"}) {
    SCOPED_TRACE(bad);
    for (const char* executor : {"interp", "jit"})
      EXPECT_EQ(engine_from_pack((dir.path() / bad).string(), executor, RULEJIT_E_COMPILE), nullptr);
  }
}

TEST(CapiPack, ReloadBetweenFoldersAndArtifactsKeepsUnchangedState) {
  TempDir dir;
  std::string pack = compile_pack(dir, "pack.rjp");
  rulejit_engine* e = make_engine();
  ASSERT_EQ(push(e, login_event(1700000001, "bob")), RULEJIT_OK);

  rulejit_reload_info info{};
  info.struct_size = sizeof info;
  ASSERT_EQ(rulejit_engine_reload_pack(e, pack.c_str(), &info), RULEJIT_OK) << rulejit_last_error();
  EXPECT_EQ(info.rules, 3u);
  EXPECT_EQ(info.state_carried, 3u);  // the same rules: all state carries over
  ASSERT_EQ(push(e, login_event(1700000002, "bob")), RULEJIT_OK);

  // A corrupt artifact: the old pack keeps running.
  write_file(dir.path() / "bad.rjp", read_file(pack).substr(0, 40));
  EXPECT_EQ(rulejit_engine_reload_pack(e, (dir.path() / "bad.rjp").c_str(), nullptr), RULEJIT_E_COMPILE);
  EXPECT_NE(engine_error(e).find("previous pack keeps running"), std::string::npos) << engine_error(e);
  EXPECT_EQ(rulejit_engine_reload_pack(e, (dir.path() / "none.rjp").c_str(), nullptr), RULEJIT_E_NOT_FOUND);
  ASSERT_EQ(push(e, login_event(1700000003, "bob")), RULEJIT_OK);

  // reload(NULL) re-reads what the engine was created from (the folders).
  ASSERT_EQ(rulejit_engine_reload(e, nullptr, &info), RULEJIT_OK) << rulejit_last_error();
  EXPECT_EQ(info.state_carried, 3u);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  EXPECT_EQ(with(rows, R"("user":"bob","count":3)").size(), 1u) << ::testing::PrintToString(rows);
  EXPECT_EQ(stats(e).reload_failures, 2u);
  EXPECT_EQ(stats(e).reloads, 2u);
  rulejit_engine_destroy(e);
}
