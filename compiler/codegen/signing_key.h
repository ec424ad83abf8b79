// Ed25519 keys for signing pack artifacts (Nettle's hogweed does the
// cryptography; see pack_signature.h for what is signed).
//
// Key files are two lines of text, made by `rulejit keygen --out NAME`:
//   NAME.key  "rulejit-ed25519-private-key\n" + 64 hex digits (the 32-byte
//             secret seed) + "\n"; mode 0600, and refused when group or
//             others may read it (as ssh does).
//   NAME.pub  "rulejit-ed25519-public-key\n" + 64 hex digits (the 32-byte
//             public key) + "\n".
// Trailing spaces, CR and one final newline are tolerated; anything else is
// an error that names the file and says what is wrong.
//
// LLVM-free: lives here beside pack_artifact and moves with it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace rulejit::jit {

constexpr size_t kEd25519KeySize = 32;
constexpr size_t kEd25519SignatureSize = 64;
using Ed25519Key = std::array<uint8_t, kEd25519KeySize>;

struct PublicKey {
  Ed25519Key bytes{};
  std::string file;  // where it was read from ("" when made in memory), for messages
};

// A private key: the secret seed and its public key. The seed is wiped when
// the object is destroyed.
struct SigningKey {
  Ed25519Key seed{};
  PublicKey pub;
  SigningKey() = default;
  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();
};

// The public key of a secret seed.
SigningKey signing_key_from_seed(const Ed25519Key& seed);

// A new key from the kernel's random source (getrandom(2)).
std::optional<SigningKey> generate_signing_key(std::string* error);

// Writes NAME.key (mode 0600) and NAME.pub. Existing files are not
// overwritten: the call fails and writes nothing.
bool write_key_files(const std::string& name, const SigningKey& key, std::string* error);

std::optional<SigningKey> read_signing_key(const std::string& path, std::string* error);
std::optional<PublicKey> read_public_key(const std::string& path, std::string* error);

// Short id for messages: the first 8 bytes of the public key in hex (the
// start of the second line of NAME.pub).
std::string key_id(const Ed25519Key& pub);

std::string to_hex(const uint8_t* data, size_t size);

}  // namespace rulejit::jit
