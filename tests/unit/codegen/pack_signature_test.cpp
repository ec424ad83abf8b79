// Signed pack artifacts: a pack signed by a trusted key loads; unsigned,
// signed by another key, or changed in any byte (header, IR, object code,
// checksum, signature block) is refused before it is parsed. Without
// trusted keys, packs load as before (the signature is not checked).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/pack_artifact.h"
#include "compiler/codegen/pack_signature.h"
#include "compiler/ir/serialize.h"
#include "compiler/pack/pack_builder.h"

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

SigningKey key_from(uint8_t fill) {
  Ed25519Key seed;
  seed.fill(fill);
  return signing_key_from_seed(seed);
}

// Byte ranges of an artifact's parts (pack_artifact.h, pack_signature.h).
struct Layout {
  size_t producer, key, ir, object, object_end, checksum, block;
};

uint64_t read_le(const std::string& b, size_t pos, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= uint64_t{static_cast<uint8_t>(b[pos + static_cast<size_t>(i)])} << (8 * i);
  return v;
}

Layout layout_of(const std::string& b) {
  Layout l{};
  size_t p = 8;
  l.producer = p + 4;
  p = l.producer + read_le(b, p, 4);
  l.key = p + 4;
  p = l.key + read_le(b, p, 4);
  l.ir = p + 8;
  p = l.ir + read_le(b, p, 8);
  l.object = p + 8;
  l.object_end = l.object + read_le(b, p, 8);
  l.checksum = l.object_end;
  l.block = l.checksum + 8;
  return l;
}

uint64_t fnv1a(std::string_view s) { return rulejit::jit::artifact_checksum(s); }

// The signed artifact of the bundled pack with native code, built once.
class SignedPack : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pack = bundled_pack();
    std::string err;
    auto native = compile_native_pack(*pack, CompileOptions{}, &err);
    ASSERT_TRUE(native) << err;
    fs::path dir = fs::temp_directory_path() / ("rulejit-sigtest-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    SigningKey k = key_from(7);
    ASSERT_TRUE(write_pack_artifact((dir / "signed.rjp").string(), *pack, native.get(), &err, &k)) << err;
    ASSERT_TRUE(write_pack_artifact((dir / "plain.rjp").string(), *pack, native.get(), &err)) << err;
    auto slurp = [](const fs::path& p) {
      std::ifstream in(p, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    signed_ = new std::string(slurp(dir / "signed.rjp"));
    plain_ = new std::string(slurp(dir / "plain.rjp"));
    fs::remove_all(dir);
  }
  static void TearDownTestSuite() {
    delete signed_;
    delete plain_;
  }
  static std::vector<PublicKey> trust(std::initializer_list<uint8_t> fills) {
    std::vector<PublicKey> out;
    for (uint8_t f : fills) out.push_back(key_from(f).pub);
    return out;
  }
  static std::string* signed_;
  static std::string* plain_;
};
std::string* SignedPack::signed_ = nullptr;
std::string* SignedPack::plain_ = nullptr;

TEST_F(SignedPack, IsThePlainArtifactPlusOneSignatureBlock) {
  ASSERT_EQ(signed_->size(), plain_->size() + kSignatureBlockSize);
  EXPECT_EQ(signed_->substr(0, plain_->size()), *plain_);
  EXPECT_TRUE(has_signature(*signed_));
  EXPECT_FALSE(has_signature(*plain_));
  Layout l = layout_of(*signed_);
  EXPECT_EQ(l.block, plain_->size());
  EXPECT_GT(l.object_end, l.object);  // has native code
  EXPECT_EQ(signed_->substr(l.block, kEd25519KeySize),
            std::string(reinterpret_cast<const char*>(key_from(7).pub.bytes.data()), kEd25519KeySize));
}

TEST_F(SignedPack, LoadsWithItsKeyAndReportsTheSigner) {
  std::string err;
  auto a = parse_pack_artifact(*signed_, &err, trust({7}));
  ASSERT_TRUE(a) << err;
  EXPECT_EQ(a->signer, key_id(key_from(7).pub.bytes));
  auto plain = parse_pack_artifact(*plain_, &err);
  ASSERT_TRUE(plain) << err;
  EXPECT_EQ(a->object, plain->object);
  EXPECT_EQ(a->key, plain->key);
  EXPECT_EQ(ir::serialize_pack(*a->pack), ir::serialize_pack(*plain->pack));
  // Any of several trusted keys will do.
  a = parse_pack_artifact(*signed_, &err, trust({3, 7, 9}));
  ASSERT_TRUE(a) << err;
  EXPECT_EQ(a->signer, key_id(key_from(7).pub.bytes));
}

TEST_F(SignedPack, WithoutTrustedKeysSignedAndUnsignedPacksLoadUnchecked) {
  std::string err;
  auto a = parse_pack_artifact(*signed_, &err);
  ASSERT_TRUE(a) << err;
  EXPECT_EQ(a->signer, "");  // nothing was verified
  EXPECT_TRUE(parse_pack_artifact(*plain_, &err)) << err;
  // The signature is not checked without a key: a damaged signature loads.
  std::string bad_sig = *signed_;
  bad_sig[plain_->size() + kEd25519KeySize + 5] ^= 1;
  EXPECT_TRUE(parse_pack_artifact(bad_sig, &err)) << err;
}

TEST_F(SignedPack, UnsignedPackIsRefusedWhenAKeyIsTrusted) {
  std::string err;
  EXPECT_FALSE(parse_pack_artifact(*plain_, &err, trust({7})));
  EXPECT_NE(err.find("pack is not signed"), std::string::npos) << err;
  EXPECT_NE(err.find("--sign"), std::string::npos) << err;
}

TEST_F(SignedPack, PackSignedByAnotherKeyIsRefused) {
  std::string err;
  EXPECT_FALSE(parse_pack_artifact(*signed_, &err, trust({8, 9})));
  EXPECT_NE(err.find("signed by key " + key_id(key_from(7).pub.bytes) + ", which is not a trusted key"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(key_id(key_from(8).pub.bytes)), std::string::npos) << err;  // lists the trusted ones
  // Re-signing someone else's pack under another key is no way around it.
  std::string resigned = *plain_;
  append_signature(resigned, key_from(8));
  EXPECT_FALSE(parse_pack_artifact(resigned, &err, trust({7})));
  EXPECT_TRUE(parse_pack_artifact(resigned, &err, trust({8}))) << err;
}

// The attack: object code changed and the checksum recomputed. The
// checksum cannot tell (the pack loads without keys); the signature does.
TEST_F(SignedPack, ObjectCodeChangedWithChecksumRecomputedIsRefused) {
  Layout l = layout_of(*signed_);
  std::string tampered = *signed_;
  tampered[l.object + (l.object_end - l.object) / 2] ^= 0x01;
  std::string body = tampered.substr(0, l.checksum);
  uint64_t sum = fnv1a(body);
  for (int i = 0; i < 8; ++i) tampered[l.checksum + static_cast<size_t>(i)] = static_cast<char>(sum >> (8 * i));
  std::string err;
  auto unchecked = parse_pack_artifact(tampered, &err);
  ASSERT_TRUE(unchecked) << err;  // why signing exists
  EXPECT_NE(unchecked->object, parse_pack_artifact(*signed_, &err)->object);
  EXPECT_FALSE(parse_pack_artifact(tampered, &err, trust({7})));
  EXPECT_NE(err.find("does not verify"), std::string::npos) << err;
}

TEST_F(SignedPack, OneFlippedByteAnywhereIsRefused) {
  Layout l = layout_of(*signed_);
  const size_t n = signed_->size();
  // Each part of the file: magic, producer, code key, IR, object code,
  // checksum, and every byte of the signature block (key, signature, tag).
  std::vector<size_t> at = {0, 7, l.producer, l.key, l.ir, l.ir + (l.object - l.ir) / 2, l.object - 9, l.object,
                            l.object + (l.object_end - l.object) / 3, l.object_end - 1, l.checksum, l.checksum + 7};
  for (size_t i = l.block; i < n; ++i) at.push_back(i);
  for (size_t i = 0; i < n; i += 97) at.push_back(i);  // and a sweep over the rest
  for (size_t pos : at) {
    for (uint8_t bit : {uint8_t{0x01}, uint8_t{0x80}}) {
      std::string bad = *signed_;
      bad[pos] = static_cast<char>(bad[pos] ^ bit);
      std::string err;
      EXPECT_FALSE(parse_pack_artifact(bad, &err, trust({7}))) << "byte " << pos << " of " << n;
      EXPECT_FALSE(err.empty()) << pos;
    }
  }
  // Truncated or extended: refused too.
  std::string err;
  EXPECT_FALSE(parse_pack_artifact(signed_->substr(0, n - 1), &err, trust({7})));
  EXPECT_FALSE(parse_pack_artifact(signed_->substr(1), &err, trust({7})));
  EXPECT_FALSE(parse_pack_artifact(*signed_ + "x", &err, trust({7})));
  EXPECT_FALSE(parse_pack_artifact(signed_->substr(0, kSignatureBlockSize), &err, trust({7})));
  EXPECT_FALSE(parse_pack_artifact("", &err, trust({7})));
}

// The signature is checked before the artifact is parsed: bytes that are no
// pack at all, signed by an untrusted key, fail on the signer, not the
// format; signed by the trusted key, they reach the parser (which rejects them).
TEST(PackSignature, IsVerifiedBeforeTheArtifactIsParsed) {
  std::string junk = "this is not a pack artifact at all";
  append_signature(junk, key_from(1));
  std::string err;
  EXPECT_FALSE(parse_pack_artifact(junk, &err, {key_from(2).pub}));
  EXPECT_NE(err.find("not a trusted key"), std::string::npos) << err;
  EXPECT_FALSE(parse_pack_artifact(junk, &err, {key_from(1).pub}));
  EXPECT_NE(err.find("bad magic"), std::string::npos) << err;
}

TEST(PackSignature, ReadPackArtifactChecksTheFileAndNamesIt) {
  auto pack = bundled_pack();
  fs::path file = fs::temp_directory_path() / ("rulejit-sigread-" + std::to_string(::getpid()) + ".rjp");
  std::string err;
  SigningKey k = key_from(4);
  ASSERT_TRUE(write_pack_artifact(file.string(), *pack, nullptr, &err, &k)) << err;  // IR only, signed
  PublicKey pub = k.pub;
  pub.file = "/etc/rulejit/ops.pub";
  auto a = read_pack_artifact(file.string(), &err, {pub});
  ASSERT_TRUE(a) << err;
  EXPECT_EQ(a->signer, key_id(k.pub.bytes) + " (/etc/rulejit/ops.pub)");
  EXPECT_FALSE(read_pack_artifact(file.string(), &err, {key_from(5).pub}));
  EXPECT_EQ(err.rfind(file.string() + ": pack is signed by key", 0), 0u) << err;
  fs::remove(file);
}

}  // namespace
}  // namespace rulejit::jit
