// Ed25519 signing keys: Nettle's Ed25519 against RFC 8032, key files written
// by keygen (modes, no overwrite) and every kind of bad key file refused
// with a message naming the file and the problem.
#include <gtest/gtest.h>
#include <nettle/eddsa.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "compiler/codegen/signing_key.h"

namespace rulejit::jit {
namespace {
namespace fs = std::filesystem;

Ed25519Key from_hex(const std::string& hex) {
  Ed25519Key k{};
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return k;
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("rulejit-keys-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

void write(const std::string& path, const std::string& text, mode_t mode = 0600) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// RFC 8032, section 7.1, TEST 1 (empty message).
TEST(SigningKey, MatchesRfc8032TestVector) {
  SigningKey k = signing_key_from_seed(from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(to_hex(k.pub.bytes.data(), k.pub.bytes.size()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  uint8_t sig[kEd25519SignatureSize];
  ed25519_sha512_sign(k.pub.bytes.data(), k.seed.data(), 0, reinterpret_cast<const uint8_t*>(""), sig);
  EXPECT_EQ(to_hex(sig, sizeof sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_EQ(key_id(k.pub.bytes), "d75a980182b10ab7");
}

TEST(SigningKey, GeneratedKeysDiffer) {
  std::string err;
  auto a = generate_signing_key(&err);
  auto b = generate_signing_key(&err);
  ASSERT_TRUE(a && b) << err;
  EXPECT_NE(a->seed, b->seed);
  EXPECT_NE(a->pub.bytes, b->pub.bytes);
  EXPECT_EQ(signing_key_from_seed(a->seed).pub.bytes, a->pub.bytes);
}

TEST(SigningKey, KeyFilesRoundTripWithPrivateMode0600AndAreNeverOverwritten) {
  TempDir dir;
  std::string err;
  auto key = generate_signing_key(&err);
  ASSERT_TRUE(key) << err;
  const mode_t old_umask = ::umask(0);  // the private key is 0600 whatever the umask
  bool written = write_key_files(dir.file("ops"), *key, &err);
  ::umask(old_umask);
  ASSERT_TRUE(written) << err;
  EXPECT_EQ(mode_of(dir.file("ops.key")), 0600u);
  EXPECT_EQ(mode_of(dir.file("ops.pub")), 0644u);

  auto priv = read_signing_key(dir.file("ops.key"), &err);
  ASSERT_TRUE(priv) << err;
  EXPECT_EQ(priv->seed, key->seed);
  EXPECT_EQ(priv->pub.bytes, key->pub.bytes);
  auto pub = read_public_key(dir.file("ops.pub"), &err);
  ASSERT_TRUE(pub) << err;
  EXPECT_EQ(pub->bytes, key->pub.bytes);
  EXPECT_EQ(pub->file, dir.file("ops.pub"));

  // A second keygen to the same name fails and leaves both files as they were.
  auto other = generate_signing_key(&err);
  ASSERT_TRUE(other) << err;
  EXPECT_FALSE(write_key_files(dir.file("ops"), *other, &err));
  EXPECT_NE(err.find("already exists"), std::string::npos) << err;
  EXPECT_EQ(read_signing_key(dir.file("ops.key"), &err)->seed, key->seed);
  // Only the .pub existing: nothing is written either (no orphan private key).
  fs::remove(dir.file("ops.key"));
  EXPECT_FALSE(write_key_files(dir.file("ops"), *other, &err));
  EXPECT_FALSE(fs::exists(dir.file("ops.key")));
  EXPECT_EQ(read_public_key(dir.file("ops.pub"), &err)->bytes, key->pub.bytes);
}

TEST(SigningKey, ToleratesCrLfAndTrailingBlankLines) {
  TempDir dir;
  const std::string hex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  write(dir.file("k.pub"), "rulejit-ed25519-public-key\r\n" + hex + "  \r\n\n");
  std::string err;
  auto pub = read_public_key(dir.file("k.pub"), &err);
  ASSERT_TRUE(pub) << err;
  EXPECT_EQ(key_id(pub->bytes), "d75a980182b10ab7");
  // Upper-case hex, no final newline.
  write(dir.file("k2.pub"), "rulejit-ed25519-public-key\nD75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A");
  ASSERT_TRUE(read_public_key(dir.file("k2.pub"), &err)) << err;
}

TEST(SigningKey, BadKeyFilesGiveClearErrors) {
  TempDir dir;
  const std::string hex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  const std::string priv = "rulejit-ed25519-private-key\n" + hex + "\n";
  const std::string pub = "rulejit-ed25519-public-key\n" + hex + "\n";
  struct Case {
    const char* name;
    std::string text;
    bool want_private;
    mode_t mode;
    const char* message;
  };
  const Case cases[] = {
      {"pub-as-private.pub", pub, true, 0644, "holds a public key; the private key (NAME.key) is needed"},
      {"private-as-pub.key", priv, false, 0600, "holds a private key; a public key (NAME.pub) is needed"},
      {"readable.key", priv, true, 0640, "accessible by group or others (mode 0640)"},
      {"world.key", priv, true, 0604, "accessible by group or others (mode 0604)"},
      {"ssh.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI foo@bar\n", false, 0644, "not a rulejit key file"},
      {"empty.pub", "", false, 0644, "not a rulejit key file"},
      {"short.pub", "rulejit-ed25519-public-key\n" + hex.substr(0, 62) + "\n", false, 0644,
       "64 hex digits (found 62 characters)"},
      {"nohex.pub", "rulejit-ed25519-public-key\n" + hex.substr(0, 63) + "g\n", false, 0644, "not a hex digit"},
      {"nokey.pub", "rulejit-ed25519-public-key\n", false, 0644, "64 hex digits (found 0 characters)"},
      {"extra.pub", pub + "more\n", false, 0644, "unexpected text after the key"},
      {"big.pub", pub + std::string(5000, '\n'), false, 0644, "too large"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    write(dir.file(c.name), c.text, c.mode);
    std::string err;
    bool ok = c.want_private ? read_signing_key(dir.file(c.name), &err).has_value()
                             : read_public_key(dir.file(c.name), &err).has_value();
    EXPECT_FALSE(ok);
    EXPECT_NE(err.find(c.message), std::string::npos) << err;
    EXPECT_NE(err.find(dir.file(c.name)), std::string::npos) << err;  // names the file
  }
  std::string err;
  EXPECT_FALSE(read_public_key(dir.file("absent.pub"), &err));
  EXPECT_NE(err.find("No such file"), std::string::npos) << err;
  fs::create_directories(dir.file("folder.pub"));
  EXPECT_FALSE(read_public_key(dir.file("folder.pub"), &err));
  EXPECT_NE(err.find("not a regular file"), std::string::npos) << err;
}

}  // namespace
}  // namespace rulejit::jit
