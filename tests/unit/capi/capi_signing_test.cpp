// Signed pack artifacts through the C API: rulejit_options.
// trusted_public_key_files makes create_from_pack and reload_pack accept
// only artifacts signed by one of the keys; bad key options are argument
// errors; older callers (a shorter struct) keep loading unchecked.
#include "capi_process_util.h"
#include "capi_test_util.h"

using namespace capi_test;

namespace {

// Keys and packs made with the CLI, as a user would.
class CapiSigning : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"ops", "other"})
      ASSERT_EQ(run({RULEJIT_CLI_EXE, "keygen", "--out", path(name)}), 0) << name;
    signed_pack = compile("signed.rjp", "ops");
    plain_pack = compile("plain.rjp", "");
  }
  std::string path(const std::string& name) const { return (dir.path() / name).string(); }
  std::string compile(const std::string& name, const std::string& key) {
    std::vector<std::string> argv = {RULEJIT_CLI_EXE, "compile",     "--rules",   data_dir() + "/rules",
                                     "--fieldmaps",   data_dir() + "/fieldmaps", "--macros", empty_dir(),
                                     "--lookups",     empty_dir(),  "-o",        path(name)};
    if (!key.empty()) {
      argv.push_back("--sign");
      argv.push_back(path(key + ".key"));
    }
    EXPECT_EQ(run(argv), 0) << "rulejit compile failed for " << name;
    return path(name);
  }
  // create_from_pack under `executor` trusting `keys` (NULL-terminated list).
  rulejit_status create(const std::string& pack, const char* const* keys, rulejit_engine** e,
                        const char* executor = "jit") {
    rulejit_options o = test_options();
    o.executor = executor;
    o.trusted_public_key_files = keys;
    *e = nullptr;
    return rulejit_engine_create_from_pack(pack.c_str(), &o, e);
  }
  static std::vector<std::string> run_events(rulejit_engine* e) {
    EXPECT_EQ(push(e, json_event(1700000001, "alice", "fail")), RULEJIT_OK);
    EXPECT_EQ(push(e, login_event(1700000002, "bob")), RULEJIT_OK);
    EXPECT_EQ(push(e, login_event(1700000003, "bob")), RULEJIT_OK);
    EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_OK) << rulejit_last_error();
    return drain(e);
  }

  TempDir dir;
  std::string signed_pack, plain_pack;
};

TEST_F(CapiSigning, SignedPackLoadsWithATrustedKeyAndGivesTheUnsignedResults) {
  rulejit_engine* plain = nullptr;
  ASSERT_EQ(create(plain_pack, nullptr, &plain), RULEJIT_OK) << rulejit_last_error();
  std::vector<std::string> expected = run_events(plain);
  rulejit_engine_destroy(plain);
  ASSERT_EQ(with(expected, R"("user":"bob","count":2)").size(), 1u) << ::testing::PrintToString(expected);

  std::string ops = path("ops.pub"), other = path("other.pub");
  const char* one[] = {ops.c_str(), nullptr};
  const char* two[] = {other.c_str(), ops.c_str(), nullptr};
  for (const char* const* keys : {one, two}) {
    for (const char* executor : {"interp", "jit"}) {
      SCOPED_TRACE(executor);
      rulejit_engine* e = nullptr;
      ASSERT_EQ(create(signed_pack, keys, &e, executor), RULEJIT_OK) << rulejit_last_error();
      EXPECT_EQ(run_events(e), expected);
      rulejit_engine_destroy(e);
    }
  }
  // No trusted key: signed and unsigned packs load unchecked, as before.
  rulejit_engine* e = nullptr;
  ASSERT_EQ(create(signed_pack, nullptr, &e), RULEJIT_OK) << rulejit_last_error();
  EXPECT_EQ(run_events(e), expected);
  rulejit_engine_destroy(e);
}

TEST_F(CapiSigning, UnsignedOtherSignerAndChangedPacksAreRefused) {
  std::string ops = path("ops.pub"), other = path("other.pub");
  const char* trust_ops[] = {ops.c_str(), nullptr};
  const char* trust_other[] = {other.c_str(), nullptr};
  rulejit_engine* e = reinterpret_cast<rulejit_engine*>(uintptr_t{1});

  EXPECT_EQ(create(plain_pack, trust_ops, &e), RULEJIT_E_COMPILE);
  EXPECT_EQ(e, nullptr);
  EXPECT_NE(std::string(rulejit_last_error()).find("pack is not signed"), std::string::npos) << rulejit_last_error();

  EXPECT_EQ(create(signed_pack, trust_other, &e), RULEJIT_E_COMPILE);
  EXPECT_NE(std::string(rulejit_last_error()).find("which is not a trusted key"), std::string::npos)
      << rulejit_last_error();

  std::string bytes = read_file(signed_pack);
  for (size_t pos : {size_t{3}, bytes.size() / 2, bytes.size() - 110, bytes.size() - 50, bytes.size() - 1}) {
    SCOPED_TRACE(pos);
    std::string bad = bytes;
    bad[pos] ^= 0x04;
    write_file(dir.path() / "bad.rjp", bad);
    EXPECT_EQ(create(path("bad.rjp"), trust_ops, &e), RULEJIT_E_COMPILE);
    EXPECT_EQ(e, nullptr);
    EXPECT_NE(std::string(rulejit_last_error()).find("bad.rjp"), std::string::npos) << rulejit_last_error();
  }
}

TEST_F(CapiSigning, ReloadChecksEveryArtifactWithTheKeysGivenAtCreate) {
  std::string ops = path("ops.pub");
  const char* trust_ops[] = {ops.c_str(), nullptr};
  rulejit_engine* e = nullptr;
  ASSERT_EQ(create(signed_pack, trust_ops, &e), RULEJIT_OK) << rulejit_last_error();
  ASSERT_EQ(push(e, login_event(1700000001, "bob")), RULEJIT_OK);

  EXPECT_EQ(rulejit_engine_reload_pack(e, plain_pack.c_str(), nullptr), RULEJIT_E_COMPILE);
  EXPECT_NE(engine_error(e).find("pack is not signed"), std::string::npos) << engine_error(e);
  EXPECT_NE(engine_error(e).find("previous pack keeps running"), std::string::npos) << engine_error(e);
  std::string other_signed = compile("other-signed.rjp", "other");
  EXPECT_EQ(rulejit_engine_reload_pack(e, other_signed.c_str(), nullptr), RULEJIT_E_COMPILE);
  EXPECT_NE(engine_error(e).find("which is not a trusted key"), std::string::npos) << engine_error(e);
  // reload(NULL) re-reads the signed pack, checked again: replaced by an
  // unsigned file at the same path, it is refused.
  rulejit_reload_info info{};
  info.struct_size = sizeof info;
  ASSERT_EQ(rulejit_engine_reload(e, nullptr, &info), RULEJIT_OK) << rulejit_last_error();
  EXPECT_EQ(info.state_carried, 3u);
  write_file(signed_pack, read_file(plain_pack));
  EXPECT_EQ(rulejit_engine_reload(e, nullptr, nullptr), RULEJIT_E_COMPILE);

  ASSERT_EQ(push(e, login_event(1700000002, "bob")), RULEJIT_OK);
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = drain(e);
  EXPECT_EQ(with(rows, R"("user":"bob","count":2)").size(), 1u) << ::testing::PrintToString(rows);
  EXPECT_EQ(stats(e).reload_failures, 3u);
  rulejit_engine_destroy(e);
}

TEST_F(CapiSigning, BadTrustedKeyOptionsAreArgumentErrors) {
  rulejit_engine* e = reinterpret_cast<rulejit_engine*>(uintptr_t{1});
  const char* empty_list[] = {nullptr};
  EXPECT_EQ(create(signed_pack, empty_list, &e), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_EQ(e, nullptr);
  EXPECT_NE(std::string(rulejit_last_error()).find("empty list"), std::string::npos) << rulejit_last_error();

  const char* empty_path[] = {"", nullptr};
  EXPECT_EQ(create(signed_pack, empty_path, &e), RULEJIT_E_INVALID_ARGUMENT);

  std::string absent = path("absent.pub");
  const char* missing[] = {absent.c_str(), nullptr};
  EXPECT_EQ(create(signed_pack, missing, &e), RULEJIT_E_NOT_FOUND);
  EXPECT_NE(std::string(rulejit_last_error()).find("trusted_public_key_files[0]"), std::string::npos)
      << rulejit_last_error();

  std::string priv = path("ops.key"), ops = path("ops.pub");
  const char* private_key[] = {ops.c_str(), priv.c_str(), nullptr};
  EXPECT_EQ(create(signed_pack, private_key, &e), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("trusted_public_key_files[1]"), std::string::npos)
      << rulejit_last_error();
  EXPECT_NE(std::string(rulejit_last_error()).find("holds a private key"), std::string::npos) << rulejit_last_error();

  write_file(dir.path() / "junk.pub", "not a key\n");
  std::string junk = path("junk.pub");
  const char* junk_key[] = {junk.c_str(), nullptr};
  EXPECT_EQ(create(signed_pack, junk_key, &e), RULEJIT_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(rulejit_last_error()).find("not a rulejit key file"), std::string::npos)
      << rulejit_last_error();

  // Keys given to an engine made from rule folders apply to the artifacts it reloads.
  const char* trust_ops[] = {ops.c_str(), nullptr};
  rulejit_options o = test_options();
  o.trusted_public_key_files = trust_ops;
  rulejit_engine* folders = make_engine(o);
  ASSERT_NE(folders, nullptr);
  EXPECT_EQ(rulejit_engine_reload_pack(folders, plain_pack.c_str(), nullptr), RULEJIT_E_COMPILE);
  EXPECT_EQ(rulejit_engine_reload_pack(folders, signed_pack.c_str(), nullptr), RULEJIT_OK) << engine_error(folders);
  rulejit_engine_destroy(folders);
}

// A caller built against the previous header passes a shorter struct: the
// member it does not know about is not read (no check, as before).
TEST_F(CapiSigning, OlderOptionsStructLoadsUnchecked) {
  rulejit_options o = test_options();
  o.trusted_public_key_files = reinterpret_cast<const char* const*>(uintptr_t{0xdead});  // beyond struct_size
  o.struct_size = offsetof(rulejit_options, trusted_public_key_files);
  rulejit_engine* e = nullptr;
  ASSERT_EQ(rulejit_engine_create_from_pack(plain_pack.c_str(), &o, &e), RULEJIT_OK) << rulejit_last_error();
  rulejit_engine_destroy(e);
}

}  // namespace
