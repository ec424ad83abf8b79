// Shared setup of `rulejit worker` and `rulejit merge`: see scaleout_setup.h.
#include "tools/rulejit/scaleout_setup.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/spl/time_span.h"

namespace rulejit::cli {

void ScaleoutOptions::add_to(CLI::App& cmd) {
  pack.add_to(cmd, false);
  cmd.add_option("--pack", pack_file, "A pack artifact from `rulejit compile` instead of rule files");
  cmd.add_option("--engine", engine, "Executor: jit (default) or interp")->check(CLI::IsMember({"interp", "jit"}));
  cmd.add_option("--nats", url, "NATS server URL (default nats://127.0.0.1:4222)");
  cmd.add_option("--stream", stream,
                 "JetStream stream (default rulejit; created when missing): events on STREAM.events, worker "
                 "output on STREAM.out.>, merged rows on STREAM.results");
  cmd.add_option("--window", window,
                 "Span of the tumbling event-time windows (30s, 5m, 1h; a plain number is seconds); the same "
                 "for every worker and the merger")
      ->required();
  cmd.add_option("--now", now, "Epoch seconds used as now() (default: wall clock at start); give every worker the same");
  cmd.add_flag("!--no-cache", cache, "Do not read or write the native code cache (~/.cache/rulejit)");
}

bool setup_scaleout_pack(const char* cmd, const ScaleoutOptions& o, ScaleoutPack* out) {
  auto span = spl::parse_time_span(o.window);
  double seconds = !span ? 0 : span->unit == spl::TimeUnit::None ? span->amount : span->seconds().value_or(0);
  if (!(seconds > 0) || !std::isfinite(seconds)) {
    std::fprintf(stderr, "rulejit %s: --window '%s' is not a positive span of fixed length (e.g. 30s, 5m, 1h)\n", cmd,
                 o.window.c_str());
    return false;
  }
  out->span = seconds;
  std::string err;
  if (!o.pack_file.empty()) {
    out->artifact = jit::read_pack_artifact(o.pack_file, &err, {});
    if (!out->artifact) {
      std::fprintf(stderr, "rulejit %s: %s\n", cmd, err.c_str());
      return false;
    }
    out->pack = out->artifact->pack;
  } else {
    PackSources sources = o.pack.sources();
    if (sources.rule_paths.empty()) {
      std::fprintf(stderr, "rulejit %s: no rules given and no bundled pack found (set RULEJIT_HOME)\n", cmd);
      return false;
    }
    BuildResult built = build_pack(sources);
    print_diagnostics(built.diagnostics, false);
    out->pack = built.pack;
  }
  if (out->pack->rules.empty()) {
    std::fprintf(stderr, "rulejit %s: no rule compiled; nothing to run\n", cmd);
    return false;
  }
  rt::EngineOptions eo;
  eo.now = o.now > 0 ? o.now
                     : std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  eo.code_cache_dir = o.cache ? jit::default_cache_dir() : "";
  out->engine_name = o.engine;
  const jit::PackArtifact* art = out->artifact ? &*out->artifact : nullptr;
  out->maker = engine_maker(out->engine_name, out->pack, art, eo, &err);
  if (!out->maker && out->engine_name == "jit") {
    std::fprintf(stderr, "rulejit %s: JIT unavailable (%s); using the interpreter\n", cmd, err.c_str());
    out->engine_name = "interp";
    out->maker = engine_maker(out->engine_name, out->pack, art, eo, &err);
  }
  if (!out->maker) {
    std::fprintf(stderr, "rulejit %s: %s\n", cmd, err.c_str());
    return false;
  }
  return true;
}

}  // namespace rulejit::cli
