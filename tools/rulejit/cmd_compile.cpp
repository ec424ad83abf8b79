// rulejit compile: build a pack and write it as an artifact (IR + native code).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/pack_artifact.h"
#include "compiler/codegen/signing_key.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

struct CompileCmdOptions {
  PackOptions pack;
  std::string output;
  std::string sign_key;
  bool native = true;
};

int run_compile(const CompileCmdOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  // The key first: a bad key file must not cost a compile.
  std::optional<jit::SigningKey> key;
  if (!o.sign_key.empty()) {
    std::string err;
    key = jit::read_signing_key(o.sign_key, &err);
    if (!key) {
      std::fprintf(stderr, "rulejit compile: --sign: %s\n", err.c_str());
      return 2;
    }
  }
  BuildResult built = build_pack(o.pack.sources());
  print_diagnostics(built.diagnostics, false);
  size_t failed = 0;
  for (const auto& r : built.rules)
    if (r.state != RuleState::Ok) {
      ++failed;
      if (const Diagnostic* d = r.first_error()) std::fputs(format_diagnostic(*d).c_str(), stderr);
    }
  if (built.pack->rules.empty()) {
    std::fputs("rulejit compile: no rule compiled; nothing written\n", stderr);
    return 1;
  }
  std::unique_ptr<jit::NativePack> native;
  if (o.native) {
    std::string err;
    native = jit::compile_native_pack(*built.pack, jit::CompileOptions{}, &err);
    if (!native) {
      std::fprintf(stderr, "rulejit compile: native code generation failed: %s\n", err.c_str());
      return 1;
    }
  }
  std::string err;
  if (!jit::write_pack_artifact(o.output, *built.pack, native.get(), &err, key ? &*key : nullptr)) {
    std::fprintf(stderr, "rulejit compile: %s\n", err.c_str());
    return 1;
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "rulejit compile: %zu rules (%zu failed to compile) -> %s%s%s in %.0f ms\n",
               built.pack->rules.size(), failed, o.output.c_str(),
               native ? fmt::format(", {} bytes of native code", native->object_code().size()).c_str() : "",
               key ? (", signed by key " + jit::key_id(key->pub.bytes)).c_str() : "", ms);
  return failed == 0 ? 0 : 1;
}

}  // namespace

void register_compile(CLI::App& app) {
  auto opts = std::make_shared<CompileCmdOptions>();
  auto* cmd = app.add_subcommand("compile", "Compile a pack into an artifact (IR + native code) for run --pack");
  opts->pack.add_to(*cmd, false);
  cmd->add_option("-o,--output", opts->output, "Artifact file to write")->required();
  cmd->add_flag("!--no-native", opts->native, "Write the IR only (native code is compiled when loaded)");
  cmd->add_option("--sign", opts->sign_key,
                  "Sign the artifact with this private key (NAME.key from `rulejit keygen`)");
  cmd->footer(
      "The artifact holds the rules' IR, their lookups and the object code for this CPU; `rulejit run\n"
      "--pack FILE` loads it without the rule files. On another CPU or LLVM it is compiled again from\n"
      "its IR. Corrupt or truncated artifacts are rejected. A signed artifact (--sign) can be checked\n"
      "by `run --trusted-key NAME.pub`: the signature covers every byte of it.\n"
      "Exit status: 0 ok; 1 a rule failed to compile, or native code or the file could not be made;\n"
      "2 the --sign key file is missing or malformed.");
  cmd->callback([opts] { throw CLI::RuntimeError(run_compile(*opts)); });
}

}  // namespace rulejit::cli
