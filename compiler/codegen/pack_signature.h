// Pack artifact signatures: who made a pack, checked before it is parsed.
//
// A signed artifact is the unsigned artifact (pack_artifact.h) followed by a
// fixed-size signature block at the very end of the file:
//   32 bytes  the signer's Ed25519 public key
//   64 bytes  Ed25519 (SHA-512) signature of every byte before the block
//    8 bytes  "RJSIGN01"
// So the signature covers everything the loader reads (magic, sections,
// object code, checksum), and finding it needs no parsing: the block is the
// last 104 bytes when they end in the tag.
//
// Contract for loaders:
//  - no trusted key: every pack loads as before; a signature block is cut off
//    unchecked (a signature proves nothing without a key you trust);
//  - trusted keys: the pack loads only when its block names one of them and
//    the signature verifies with that key. Unsigned, signed by another key,
//    or changed in any byte: refused, with a message saying which.
// LLVM-free: lives here beside pack_artifact and moves with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/codegen/signing_key.h"

namespace rulejit::jit {

constexpr size_t kSignatureBlockSize = kEd25519KeySize + kEd25519SignatureSize + 8;

// Appends the signature block for `artifact` (a complete unsigned artifact).
void append_signature(std::string& artifact, const SigningKey& key);

// Whether `bytes` ends in a signature block.
bool has_signature(std::string_view bytes);

// The bytes a loader may parse (the artifact without its signature block),
// or nullopt with *error set when `trusted` is not empty and the pack is not
// signed by one of those keys. *signer (may be null) gets the verified
// signer's key id, "" when nothing was verified.
std::optional<std::string_view> verified_artifact_body(std::string_view bytes, const std::vector<PublicKey>& trusted,
                                                       std::string* signer, std::string* error);

}  // namespace rulejit::jit
