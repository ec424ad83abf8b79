// libFuzzer target: loading pack artifacts (`rulejit compile -o PACK`). The
// first input byte picks how the rest reaches parse_pack_artifact:
//   0  as it is, no trusted key (magic, checksum)
//   1  checksum recomputed, no trusted key: gets past the checksum into the
//      section lengths and the IR reader
//   2  checksum recomputed and signed with key A, A trusted: the
//      verify-then-parse path a signed pack takes
//   3  as it is, A trusted: signature blocks made of arbitrary bytes
// A pack that loads is then used as the C API uses it: each plan printed,
// an interpreter engine made, a few events pushed, finished. Any crash or
// sanitizer report is a bug: a corrupt artifact must be rejected with a
// message. (Object code is not executed here: native code from an untrusted
// pack cannot be made safe, which is what signing is for.)
//
// Seeds (tests/fuzz/corpus/pack): a mode byte + an artifact from `rulejit
// compile` of the C API test rules (IR only; with native code; signed with
// a key file holding seed 0xa5 x 32, key A) and of the golden cases' searches.
//
// Needs: rulejit_codegen (pack_artifact, pack_signature) and the runtime;
// build with clang -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/pack_artifact.h"
#include "compiler/codegen/pack_signature.h"
#include "compiler/ir/plan.h"

namespace {

using namespace rulejit;

uint64_t fnv1a(std::string_view s) { return rulejit::jit::artifact_checksum(s); }

void fix_checksum(std::string& b) {
  if (b.size() < 16) return;
  uint64_t sum = fnv1a(std::string_view(b).substr(0, b.size() - 8));
  for (size_t i = 0; i < 8; ++i) b[b.size() - 8 + i] = static_cast<char>(sum >> (8 * i));
}

const jit::SigningKey& key_a() {
  static const jit::SigningKey k = [] {
    jit::Ed25519Key seed;
    seed.fill(0xA5);
    return jit::signing_key_from_seed(seed);
  }();
  return k;
}

// Events the seed packs' rules read (C API test data and Tetragon).
const std::vector<std::string>& events() {
  static const std::vector<std::string> ev = [] {
    std::vector<std::string> v = {
        R"({"_time":"1700000001.000","user":"alice","action":"fail"})",
        R"({"login":{"user":"bob","ts":1700000002}})",
        R"({"_time":"1700000003.000","user":["a","b"],"action":7})",
    };
    std::ifstream in(std::string(RULEJIT_SOURCE_DIR) + "/rules/samples/tetragon-sample.ndjson");
    std::string line;
    for (int i = 0; i < 40 && std::getline(in, line); ++i) v.push_back(line);
    return v;
  }();
  return ev;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] & 3;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<jit::PublicKey> trusted;
  if (mode == 1 || mode == 2) fix_checksum(bytes);
  if (mode == 2) jit::append_signature(bytes, key_a());
  if (mode >= 2) trusted.push_back(key_a().pub);

  std::string err;
  auto artifact = jit::parse_pack_artifact(bytes, &err, trusted);
  if (!artifact) {
    if (err.empty()) std::abort();  // a rejection always says why
    return 0;
  }
  if (mode == 2 && artifact->signer.empty()) std::abort();  // verified, so named
  for (const auto& r : artifact->pack->rules) (void)ir::print_plan(*r.plan);
  rt::EngineOptions eo;
  eo.now = 1700000000;
  size_t rows = 0;
  auto engine = make_engine("interp", artifact->pack, eo, [&](uint32_t, const ir::Plan&, const rt::Row&) { ++rows; },
                            &err);
  if (!engine) return 0;
  for (const auto& e : events()) engine->push_text(e);
  engine->finish();
  return 0;
}
