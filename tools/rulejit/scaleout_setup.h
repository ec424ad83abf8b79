// Shared setup of `rulejit worker` and `rulejit merge`: the NATS options,
// the pack (rule files or a --pack artifact), and an engine factory of it.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "compiler/codegen/pack_artifact.h"
#include "runtime/engine/engine.h"
#include "tools/rulejit/cli_common.h"

namespace rulejit::cli {

struct ScaleoutOptions {
  PackOptions pack;
  std::string pack_file;
  std::string engine = "jit";
  std::string url = "nats://127.0.0.1:4222";
  std::string stream = "rulejit";
  std::string window;  // span of the event-time windows (required)
  double now = 0;
  bool cache = true;
  void add_to(CLI::App& cmd);
};

struct ScaleoutPack {
  std::shared_ptr<ir::Pack> pack;
  std::optional<jit::PackArtifact> artifact;
  rt::SinkEngineFactory maker;
  std::string engine_name;
  double span = 0;
};

// Prints the problem (prefixed with `cmd`) and returns false when the pack,
// the window or the engine cannot be set up.
bool setup_scaleout_pack(const char* cmd, const ScaleoutOptions& o, ScaleoutPack* out);

}  // namespace rulejit::cli
