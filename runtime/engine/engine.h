// Engine: runs a compiled pack (ir::Pack) over a stream of JSON events.
//
// Contract:
//  - push(line) takes one NDJSON line. The event is parsed once; only the
//    fields some bound rule needs are extracted; it is routed to the field
//    map whose match_key is its top-level key; each derived field a rule
//    needs is computed once; then every rule bound to that field map runs.
//    A malformed line is counted (ReadStats) and skipped, never fatal.
//  - finish() ends the input: aggregations are emitted, row stages run.
//  - Results are delivered to the sink as (rule index, Row) in the order
//    they are produced. Rows are only valid during the callback.
//  - Two executors implement it: the reference interpreter (this folder)
//    and the LLVM JIT (compiler/codegen); both must give identical results.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/events/line_source.h"
#include "runtime/events/read_stats.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

struct EngineOptions {
  double now = 0;                 // now() for the whole run (0 = wall clock at start)
  size_t memory_budget = 1ull << 30;  // aggregation state, bytes; the engine only reports exceeding it
  // True when the engine's owner enforces memory_budget (rt::WindowedEngine
  // with a max_state, runtime/stream/state_budget.h) and reports it: the
  // engine then does not warn itself.
  bool memory_budget_enforced = false;
  size_t max_line_bytes = 1u << 20;
  // JIT only: folder of cached native code ("" = no disk cache; the CLI
  // passes jit::default_cache_dir()).
  std::string code_cache_dir;
  // JIT only. Off (default): the first pass reads each event only as far as
  // the rules' first conditions need (PrefixScanner), so a line malformed
  // beyond that point is reported only when some filter passes and the event
  // is read in full; results are the same either way. On: every line goes
  // through simdjson's stage 1 first (UTF-8, strings, brackets, depth), as in
  // the interpreter; grammar inside values no reader visits (`"x": tru`) goes
  // unnoticed in both (event_extractor.h).
  bool validate_every_line = false;
  // JIT only: the raw-line prefilter (line_prefilter.h). One scan of each
  // line for the literals the rules' leading filters need: rules none of
  // whose literals occur are not evaluated, and an event no rule of its
  // data source can match is not read at all (counted as an event; with
  // validate_every_line it is still checked). The scan costs about as much
  // as reading a small pack's fields, so Auto turns it on only for packs of
  // many rules (jit_engine.cpp, kPrefilterMinRules; bench/README.md).
  enum class Prefilter : uint8_t { Auto, On, Off };
  Prefilter prefilter = Prefilter::Auto;
  // A MaxMind .mmdb file for iplocation ("" = none; rules using iplocation
  // then get an evaluation error per event: check geoip_requirement() first).
  std::string geoip_path;
};

struct RuleStats {
  uint64_t events_in = 0;   // events routed to the rule
  uint64_t matched = 0;     // events that passed its per-event stages
  uint64_t results = 0;     // result rows
  uint64_t eval_errors = 0;
  double seconds = 0;       // time spent in the rule (when timing is on)
};

struct EngineStats {
  ReadStats read;           // lines, bytes, malformed ...
  uint64_t events = 0;      // well-formed events
  uint64_t prefiltered = 0; // JIT: events not read because no rule could match them (prefilter)
  uint64_t read_once = 0;   // JIT: events whose fields were all read in one pass (most needed them all)
  uint64_t unrouted = 0;    // events no field map claims
  std::vector<RuleStats> rules;
  std::vector<std::string> warnings;  // e.g. memory budget exceeded
};

using ResultSink = std::function<void(uint32_t rule, const ir::Plan& plan, const Row& row)>;

// Adds one engine's counters into a sum (threads, windows: several engines
// over one stream). Warnings are kept once each.
void add_engine_stats(EngineStats& into, const EngineStats& from);

// One rule's aggregation state (group table, buffered rows): moved from an
// old engine to a new one (hot reload), or from worker engines into one
// (parallel runs, saved checkpoints: runtime/stream/partial_state.h).
// Opaque outside the executors.
struct RunnerState;  // runtime/interp/plan_runner.h
struct RuleState {
  std::string rule_key;   // the rule's id (its name when the id is empty)
  std::string plan_text;  // ir::print_plan of its plan: state only moves between equal plans
  std::shared_ptr<RunnerState> state;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual void push(const Line& line) = 0;
  // Convenience: one JSON text (copied into a padded buffer).
  virtual void push_text(std::string_view json) = 0;
  virtual void finish() = 0;
  virtual const EngineStats& stats() const = 0;
  // Per-rule time accounting costs a clock read per rule per event; off by default.
  virtual void set_timing(bool on) = 0;
  // Problems found while preparing the pack (bad regex, missing lookup file).
  virtual const std::vector<std::string>& setup_errors() const = 0;

  // ---- For embedding (the C API); every executor has them (EngineCore).
  // Routes the event to the field map whose sourcetype equals `sourcetype`
  // instead of by top-level key (an event no field map of that sourcetype
  // claims is counted unrouted).
  virtual void push_routed(const Line& line, std::string_view sourcetype) = 0;
  // Moves every rule's aggregation state out (the rules are left empty).
  // Afterwards the engine may only be destroyed.
  virtual std::vector<RuleState> take_rule_states() = 0;
  // Adopts the states whose rule_key and plan_text equal one of this
  // engine's rules (before any event was pushed); adopted entries are
  // consumed (state reset). Returns how many rules got a state. Hot reload:
  // merge_rule_states, then the engine's next arrival number becomes at
  // least one past every adopted state's, so new events count as newer.
  virtual size_t adopt_rule_states(std::vector<RuleState>& states) = 0;

  // ---- Sharded runs (--threads, checkpoints, merging across machines).
  // The arrival number of the next line pushed; each push / push_text /
  // push_routed (an event or not, malformed too) then advances it by one.
  // Starts at 0. Aggregations order ties on _time (earliest/latest,
  // first/last, mode, list, the newest-first order of buffered events) by
  // it, so engines given contiguous batches of one input, each numbered by
  // its first line's global index, merge into the results of one engine.
  virtual void set_sequence(uint64_t next) = 0;
  // The arrival number the next line pushed will get.
  virtual uint64_t next_sequence() const = 0;
  // Combines each state whose rule_key and plan_text equal one of this
  // engine's rules with the state the rule holds now (at any time, before
  // finish()); each rule takes at most one state per call (call once per
  // source engine); merged entries are consumed (state reset), the rest are left.
  // A state that does not fit its plan (corrupt input) is left too. Returns
  // how many states were merged.
  virtual size_t merge_rule_states(std::vector<RuleState>& states) = 0;
  // Bytes of aggregation state held now.
  virtual size_t memory_bytes() const = 0;
  // Executors that run pushed events later (on worker threads) finish
  // every pushed event and deliver its rows now; others have nothing to do.
  virtual void sync() {}
  // Groups held now by the rules' aggregations (cheap: O(rules)).
  virtual size_t group_count() const { return 0; }
};

class Engine;
// Makes an engine of a pack that reports its rows to `sink`; nullptr and
// *error when it cannot. Several engines of one pack (threads, windows) share
// what can be shared (the JIT's native code): compiler/codegen/engine_factory.h.
using SinkEngineFactory = std::function<std::unique_ptr<Engine>(ResultSink sink, std::string* error)>;

std::unique_ptr<Engine> make_interpreter_engine(std::shared_ptr<const ir::Pack> pack, EngineOptions options,
                                                ResultSink sink);

// The visible columns of a result row: the plan's columns, or for rows that
// are events, _time followed by every non-internal field with a value.
std::vector<ir::SlotId> result_columns(const ir::Plan& plan, const Row& row);

}  // namespace rulejit::rt
