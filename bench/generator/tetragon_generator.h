// Deterministic generator of Tetragon / Isovalent Runtime Security JSON events.
//
// Contract:
// - next() writes exactly one event as compact single-line JSON (no trailing
//   newline) in the byte form Tetragon's protojson exporter produces:
//   snake_case proto names in proto declaration order, zero values omitted,
//   wrapper fields (pid, uid, auid, tid, in_init_tree, container pid) always
//   written, 64-bit integers as strings, RFC 3339 times trimmed to 0/3/6/9
//   fractional digits, exec_id = base64("<node>:<ktime>:<pid>"), protojson
//   string escaping, optional ", " separator (detrand mode).
// - The same GeneratorOptions (including seed) always give the same bytes, on
//   any platform: the generator uses its own PRNG and integer/IEEE arithmetic.
// - The world (clusters, nodes, pods, containers, images, process trees) stays
//   consistent within a stream: a container belongs to one pod on one node,
//   container start times precede their processes, ktime and PIDs rise per
//   node, a child's exec_id is its parent's parent_exec_id, exits follow execs.
// - Attack behaviors are injected at controlled rates. truth() reports how
//   many events of each behavior were written, per-type counts, bytes, and the
//   expected results of the Splunk "Cisco Isovalent" detections over every
//   event written so far (see truth.h for the exact semantics assumed).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bench/generator/truth.h"

namespace rulejit::bench {

// Tetragon build / product generations whose JSON shape differs.
enum class Profile : uint8_t {
  Oss2022,  // ms-precision times, refcnt on exec, no tid / in_init_tree / workload, optional cap
  Oss2024,  // ns times, tid, workload + workload_kind, maybe_exec_probe, no ancestors
  Ent2025,  // Isovalent Enterprise: in_init_tree, ancestors, security_context, node_labels,
            // process_connect / process_close events
};
inline constexpr size_t kProfileCount = 3;
std::string_view profile_name(Profile p);
bool profile_from_name(std::string_view name, Profile& out);

struct GeneratorOptions {
  uint64_t seed = 1;
  // Stop conditions used by finished(); 0 means "no limit" for each.
  uint64_t max_events = 0;
  uint64_t target_bytes = 0;  // counts the '\n' the caller writes after each line
  // Wall-clock start of the stream (ns since the Unix epoch).
  uint64_t start_time_ns = 1755129600ULL * 1000000000ULL;  // 2025-08-14T00:00:00Z
  uint32_t clusters = 3;         // 1..3: EKS, GKE, kind
  uint32_t nodes = 9;            // total over all clusters, at least one per cluster
  uint32_t pods_per_node = 12;   // workload pods scheduled per node (plus DaemonSets)
  bool cluster_name = true;      // false: no top-level cluster_name (OSS default)
  // Relative weight of each Profile. Every cluster gets one profile (each
  // weighted profile once while clusters last, Ent2025 first, on the EKS
  // cluster) and nodes are shared out in proportion to these weights.
  std::array<uint32_t, kProfileCount> profile_weights{2, 3, 1};
  uint32_t max_ancestors = 6;    // cap on the ancestors list (Ent2025 only); 0 = never
  bool comma_space = false;      // protojson detrand mode: ", " after every comma
  uint32_t jitter_ms = 250;      // max per-node log delay: cross-node out-of-order times
  // Event-type mix.
  double exit_fraction = 0.5;    // share of finished processes that get a process_exit
  double kprobe_per_exec = 0.04; // background process_kprobe events per exec
  double connect_per_exec = 0.08;// background process_connect per exec (Ent2025 only)
  double close_fraction = 0.5;   // share of connects followed by a process_close
  double activity = 1.0;         // multiplies every background event rate (per second)
  // Attack behaviors: expected number of scenario starts per background
  // event written (events of injected scenarios do not count).
  // Indexed by Behavior; derived behaviors (see truth.h) ignore their entry.
  std::array<double, kBehaviorCount> rates = default_rates();
  // Inject every 1/rate background events (random phase) instead of at
  // Poisson-distributed gaps: exact counts for small samples.
  bool regular_injection = false;

  static std::array<double, kBehaviorCount> default_rates();
};

// The options as one JSON object (for the ground-truth summary).
std::string options_to_json(const GeneratorOptions& o);

class TetragonGenerator {
 public:
  explicit TetragonGenerator(const GeneratorOptions& options);
  ~TetragonGenerator();
  TetragonGenerator(const TetragonGenerator&) = delete;
  TetragonGenerator& operator=(const TetragonGenerator&) = delete;

  // Replaces line_out's contents with the next event (no newline). The
  // string's capacity is reused, so passing the same string avoids churn.
  void next(std::string& line_out);

  // True once max_events or target_bytes (whichever is set) has been reached.
  bool finished() const;

  // Counters and detection expectations over every event written so far.
  const GroundTruth& truth();

  const GeneratorOptions& options() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rulejit::bench
