#include "compiler/codegen/pack_signature.h"

#include <nettle/eddsa.h>

#include <cstring>

namespace rulejit::jit {
namespace {

constexpr char kTag[8] = {'R', 'J', 'S', 'I', 'G', 'N', '0', '1'};
static_assert(ED25519_KEY_SIZE == kEd25519KeySize && ED25519_SIGNATURE_SIZE == kEd25519SignatureSize);

const uint8_t* u8(const char* p) { return reinterpret_cast<const uint8_t*>(p); }

std::string describe(const PublicKey& k) {
  return key_id(k.bytes) + (k.file.empty() ? "" : " (" + k.file + ")");
}

}  // namespace

void append_signature(std::string& artifact, const SigningKey& key) {
  uint8_t sig[kEd25519SignatureSize];
  ed25519_sha512_sign(key.pub.bytes.data(), key.seed.data(), artifact.size(), u8(artifact.data()), sig);
  artifact.append(reinterpret_cast<const char*>(key.pub.bytes.data()), key.pub.bytes.size());
  artifact.append(reinterpret_cast<const char*>(sig), sizeof sig);
  artifact.append(kTag, sizeof kTag);
}

bool has_signature(std::string_view bytes) {
  return bytes.size() >= kSignatureBlockSize &&
         std::memcmp(bytes.data() + bytes.size() - sizeof kTag, kTag, sizeof kTag) == 0;
}

std::optional<std::string_view> verified_artifact_body(std::string_view bytes, const std::vector<PublicKey>& trusted,
                                                       std::string* signer, std::string* error) {
  if (signer) signer->clear();
  const bool is_signed = has_signature(bytes);
  std::string_view body = is_signed ? bytes.substr(0, bytes.size() - kSignatureBlockSize) : bytes;
  if (trusted.empty()) return body;
  auto fail = [&](const std::string& m) -> std::optional<std::string_view> {
    if (error) *error = m;
    return std::nullopt;
  };
  if (!is_signed)
    return fail("pack is not signed, and only signed packs are accepted (a trusted key was given); sign it with "
                "`rulejit compile --sign NAME.key`");
  Ed25519Key named{};
  std::memcpy(named.data(), bytes.data() + body.size(), named.size());
  const uint8_t* sig = u8(bytes.data() + body.size() + named.size());
  const PublicKey* key = nullptr;
  for (const auto& k : trusted)
    if (k.bytes == named) key = &k;
  if (!key) {
    std::string list;
    for (const auto& k : trusted) list += (list.empty() ? "" : ", ") + describe(k);
    return fail("pack is signed by key " + key_id(named) + ", which is not a trusted key (trusted: " + list + ")");
  }
  if (!ed25519_sha512_verify(key->bytes.data(), body.size(), u8(body.data()), sig))
    return fail("pack signature does not verify with trusted key " + describe(*key) +
                ": the pack was changed after it was signed, or is damaged");
  if (signer) *signer = describe(*key);
  return body;
}

}  // namespace rulejit::jit
