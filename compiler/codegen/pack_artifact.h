// Pack artifacts: `rulejit compile -o PACK` writes a compiled pack (its IR
// plus the native object code for the CPU it was built on) so that
// `rulejit run --pack PACK` and the C API load it without the rule files
// and without compiling.
//
// File layout (little-endian):
//   "RJPACK01"                                  magic
//   u32 len + text  producer ("rulejit 0.1.0")
//   u32 len + text  native code key (IR hash, LLVM version, CPU, features)
//   u64 len + bytes IR (compiler/ir/serialize.h)
//   u64 len + bytes object code (may be empty)
//   u64             FNV-1a 64 checksum of everything above
//   [signature block, when signed: pack_signature.h]
// Contract: a truncated or corrupt file (bad magic, short read, checksum
// mismatch, malformed IR) is rejected with a message saying which; a pack
// whose object code was built for another CPU or LLVM is recompiled from
// its IR (slower start, same results). The checksum guards against
// accidents only: anyone can recompute it. With trusted keys, the signature
// is verified before anything else is read (pack_signature.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/signing_key.h"
#include "compiler/ir/pack.h"

namespace rulejit::jit {

struct PackArtifact {
  std::shared_ptr<ir::Pack> pack;
  std::string key;     // native code key recorded at compile time
  std::string object;  // native object code ("" when none)
  std::string signer;  // trusted key whose signature was verified ("" when none was checked)
};

// signer: append a signature block made with this key (nullptr: unsigned).
bool write_pack_artifact(const std::string& path, const ir::Pack& pack, const NativePack* native,
                         std::string* error, const SigningKey* signer = nullptr);
// trusted: empty accepts any pack (a signature is not checked); otherwise
// only packs signed by one of these keys.
std::optional<PackArtifact> read_pack_artifact(const std::string& path, std::string* error,
                                               const std::vector<PublicKey>& trusted = {});
std::optional<PackArtifact> parse_pack_artifact(std::string_view bytes, std::string* error,
                                                const std::vector<PublicKey>& trusted = {});

// The checksum stored after the body (FNV-1a, 64 bits): against accidents,
// not attacks (signatures are for those). Tests and the fuzzer recompute it.
uint64_t artifact_checksum(std::string_view bytes);

}  // namespace rulejit::jit
