// EngineImpl: what a rulejit_engine handle refers to. The C functions
// (rulejit_c.cpp) check arguments and handles; this class does the work:
// packs, executors, windows, results, counters and hot reload.
//
// Contract:
//  - Every public method takes the engine lock itself (reload compiles
//    before taking it); callers hold no lock.
//  - Windows (or the single engine of span 0) are an rt::WindowedEngine
//    (runtime/stream/windowed_engine.h), which also enforces the memory
//    budget; this class adds counters, results delivery, the budget's
//    report and reload around it.
//  - Results are delivered while the lock is held (callback or queue).
//  - Methods return a rulejit_status and, when it is not RULEJIT_OK, put the
//    message in *error.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "capi/src/result_data.h"
#include "compiler/codegen/pack_artifact.h"
#include "compiler/ir/pack.h"
#include "include/rulejit/rulejit.h"
#include "runtime/engine/engine.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::capi {

struct EngineConfig {
  std::string executor = "interp";
  uint32_t threads = 0;  // > 1: worker threads per window engine (parallel_engine.h)
  double window_span = 0;
  double lateness = 0;
  size_t memory_budget = size_t{1} << 30;
  double now = 0;  // resolved at create (wall clock when the caller gave 0)
  size_t max_event_bytes = size_t{1} << 20;
  size_t max_queued = 65536;
  std::string code_cache_dir;
  bool allow_rule_errors = false;
  bool validate_every_event = false;
  // Non-empty: artifacts load only when signed by one of these keys.
  std::vector<jit::PublicKey> trusted_keys;
};

// Paths as the embedder gave them ("" = bundled default).
struct SourcePaths {
  std::string rules, macros, lookups, fieldmaps;
};

// Where a pack comes from: rule folders, or a pack artifact file.
struct PackOrigin {
  SourcePaths sources;
  std::string artifact_path;  // non-empty: a `rulejit compile` artifact
};

// A compiled pack plus what the C API needs about its rules. Hidden rules
// (subsearches of join/append) run but are not shown: the C API's rule
// indexes count visible rules only.
struct LoadedPack {
  std::shared_ptr<const ir::Pack> pack;
  std::shared_ptr<const jit::PackArtifact> artifact;  // when loaded from one
  std::vector<std::string> keys;        // per pack rule: id, or name when the id is empty
  std::vector<std::string> plan_texts;  // per pack rule: ir::print_plan
  std::vector<uint32_t> visible;        // C API index -> pack rule index
  std::vector<int32_t> visible_of;      // pack rule index -> C API index (-1: hidden)
  std::set<std::string> sourcetypes;
  std::string warnings;                 // skipped rules, setup problems (non-fatal)
};

// Thread-local "inside a result callback" marker: engine calls from a
// callback would deadlock on the engine lock.
bool in_result_callback();

class EngineImpl {
 public:
  static rulejit_status create(const PackOrigin& origin, const EngineConfig& config,
                               std::shared_ptr<EngineImpl>* out, std::string* error);
  ~EngineImpl();

  rulejit_status set_callback(rulejit_result_fn fn, void* user);
  rulejit_status push(std::string_view event, std::string_view sourcetype, std::string* error);
  rulejit_status push_batch(std::string_view data, std::string_view sourcetype, std::string* error);
  rulejit_status flush(bool close, std::string* error);
  // The oldest queued result (nullptr when none).
  std::shared_ptr<ResultData> poll();
  // origin == nullptr: the origin the engine was created from, read again.
  rulejit_status reload(const PackOrigin* origin, rulejit_reload_info* info, std::string* error);
  void stats(rulejit_stats* out);
  rulejit_status rule_info(uint32_t index, rulejit_rule_info* out, std::string* error);

  void set_last_error(const std::string& message);
  std::string last_error() const;

 private:
  struct RuleCounters {
    uint64_t events = 0, matches = 0, results = 0, eval_errors = 0;
  };

  EngineImpl(EngineConfig config, PackOrigin origin);
  std::unique_ptr<rt::Engine> new_engine(const std::shared_ptr<const LoadedPack>& pack, std::string* error);
  rulejit_status push_locked(std::string_view event, std::string_view sourcetype, std::string* error);
  rt::EngineFactory factory_of(const std::shared_ptr<const LoadedPack>& pack);
  void on_result(const LoadedPack& pack, uint32_t rule, const ir::Plan& plan, const rt::Row& row);
  // Adds replaced engines' and probe's counters (of the pack being
  // replaced) to the base counters.
  void fold_counters(const rt::WindowedEngine::Retired& retired);
  // Notes (once) that the memory budget was passed: windows were closed
  // early, or `measured` (when given) is over it.
  void check_memory(const rt::StateStats* measured);
  const char* intern(const std::string& s);

  const EngineConfig config_;
  const PackOrigin origin_;
  std::mutex reload_mu_;  // one reload at a time (held while compiling)

  mutable std::mutex mu_;  // everything below
  std::shared_ptr<const LoadedPack> pack_;
  std::unique_ptr<rt::WindowedEngine> windows_;
  bool closed_ = false;
  std::string buf_;          // padded copy of the event being pushed
  uint64_t line_no_ = 0;

  rulejit_result_fn callback_ = nullptr;
  void* callback_user_ = nullptr;
  std::deque<std::shared_ptr<ResultData>> queue_;

  // Counters kept here, or folded from replaced engines/probes.
  uint64_t events_ = 0, bytes_ = 0, oversized_ = 0, unknown_sourcetype_ = 0;
  uint64_t results_ = 0, dropped_ = 0, reloads_ = 0, reload_failures_ = 0;
  uint64_t base_malformed_ = 0, base_unrouted_ = 0, base_eval_errors_ = 0;
  std::map<std::string, RuleCounters> base_rules_;
  bool budget_exceeded_ = false;
  std::set<std::string> interned_;  // rule ids/names handed out (stable pointers)

  mutable std::mutex err_mu_;
  std::string last_error_;
};

}  // namespace rulejit::capi
