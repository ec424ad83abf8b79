// rulejit keygen: make an Ed25519 key pair for signing pack artifacts
// (compile --sign NAME.key; run --trusted-key NAME.pub).
#include <cstdio>

#include "compiler/codegen/signing_key.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

int run_keygen(const std::string& name) {
  std::string err;
  auto key = jit::generate_signing_key(&err);
  if (!key || !jit::write_key_files(name, *key, &err)) {
    std::fprintf(stderr, "rulejit keygen: %s\n", err.c_str());
    return 2;
  }
  std::fprintf(stderr,
               "rulejit keygen: wrote %s.key (private: keep it secret, mode 0600) and %s.pub (public), key id %s\n",
               name.c_str(), name.c_str(), jit::key_id(key->pub.bytes).c_str());
  return 0;
}

}  // namespace

void register_keygen(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("keygen", "Make a key pair for signing pack artifacts");
  cmd->add_option("-o,--out", *name, "Write NAME.key (private, mode 0600) and NAME.pub (public)")->required();
  cmd->footer(
      "Sign a pack with `rulejit compile --sign NAME.key -o PACK`; load only packs signed by it with\n"
      "`rulejit run --pack PACK --trusted-key NAME.pub` (or rulejit_options.trusted_public_key_files).\n"
      "Both files are two lines: a header line and the 32-byte key in hex. Existing files are not\n"
      "overwritten. Exit status: 0 ok; 2 the files could not be written.");
  cmd->callback([name] { throw CLI::RuntimeError(run_keygen(*name)); });
}

}  // namespace rulejit::cli
