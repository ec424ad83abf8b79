// The pack `rulejit run` runs: loaded at start, and again on SIGHUP (hot
// reload, as the C API's rulejit_reload does it).
//
// Contract:
//  - load_run_pack reads a pack artifact (--pack, checked against
//    --trusted-key) or builds the pack from --rules/--macros/--lookups/
//    --fieldmaps; diagnostics, rules that failed and errors go to stderr as
//    at start. nullopt when nothing can run: *status 1 when no rule
//    compiled (not printed: the caller says what follows), 2 any other error
//    (printed).
//  - PackReloader::reload loads the pack again from the same sources, makes
//    one engine of it and moves every open window's rule states to engines
//    of the new pack (rt::WindowedEngine::replace_pack). On success it says
//    "reloaded: N rules" on stderr and `current` is the new pack; on failure
//    the old pack keeps running, unchanged, and the reason is printed.
//  - The retired engines' counters are kept (per rule key) so the summary
//    counts every event once: add_retired() adds them to the running
//    engines' counters.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/codegen/pack_artifact.h"
#include "runtime/engine/engine.h"
#include "runtime/stream/windowed_engine.h"
#include "tools/rulejit/cli_common.h"

namespace rulejit::cli {

struct RunPackSpec {
  PackOptions pack;
  std::string pack_file;                  // a `rulejit compile` artifact instead of rule files
  std::vector<std::string> trusted_keys;  // public key files for pack_file
  std::string geoip;                      // --geoip, for rules using iplocation
};

struct LoadedPack {
  std::shared_ptr<ir::Pack> pack;
  std::optional<jit::PackArtifact> artifact;  // set when loaded from pack_file
  size_t failed = 0;                          // rules that did not compile
};

std::optional<LoadedPack> load_run_pack(const RunPackSpec& spec, int* status);


// --follow without --window: rules whose rows wait for the end of the input
// (aggregations, sort, ...) write them only when the run stops; says so on
// stderr when the pack has any.
void warn_rows_at_exit(const ir::Pack& pack);

class PackReloader {
 public:
  // Engines are made as at start: the pack prepared once (engine_maker),
  // each engine on `threads` workers (make_parallel_engine).
  bool reload(const RunPackSpec& spec, const std::string& executor, const rt::EngineOptions& eo, size_t threads,
              const rt::ResultSink& sink, rt::WindowedEngine& windows, LoadedPack& current);
  void add_retired(rt::EngineStats& st, const ir::Pack& pack) const;
  // "  reloads: ..." for the run summary; empty when none was asked for.
  std::string summary() const;

 private:
  void keep_counters(const rt::WindowedEngine::Retired& retired, const ir::Pack& old_pack);

  rt::EngineStats totals_;  // events, reading counters, warnings (rules unused)
  std::map<std::string, rt::RuleStats> rules_;  // by rule key
  uint64_t reloads_ = 0, failures_ = 0;
};

}  // namespace rulejit::cli
