// Internal state of TetragonGenerator (not part of the public API).
//
// The simulation is a discrete-event scheduler: periodic probes, app
// activity, host activity, pod churn and injected attack scenarios create
// processes and schedule Tasks; each Task that writes a line becomes one
// event. Entities are referenced by index; processes live in a recycled pool
// with reference counts (a child holds its parent, a scheduled task holds its
// process) so strings keep their capacity and steady-state generation does
// not allocate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/generator/catalog.h"
#include "bench/generator/json_out.h"
#include "bench/generator/prng.h"
#include "bench/generator/tetragon_generator.h"

namespace rulejit::bench {

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr uint64_t kSec = 1000000000ULL;
inline constexpr uint64_t kMs = 1000000ULL;

struct ClusterState {
  std::string name;
  Profile profile;
  catalog::Flavor flavor;
  std::string region;
  std::vector<uint32_t> nodes;
  uint32_t net_octet;        // second octet of pod / node addresses
  std::string rs_hashes;     // per-workload ReplicaSet hashes, 10 chars each
  std::string ds_hashes;     // per-workload controller-revision hashes, 10 chars each
};

struct NodeState {
  uint32_t cluster;
  std::string name;
  std::string ip;
  uint64_t boot_ns;          // node-local clock
  uint64_t agent_ns;         // Tetragon start: earlier processes are procFS
  uint64_t lag_ns;           // written time = global time - lag
  uint32_t next_pid;
  uint32_t pid_max;
  bool cap;                  // Oss2022 nodes that export capabilities
  std::string labels_json;   // "node_labels":{...} member, or empty
  uint32_t kernel = kNone, systemd = kNone, containerd = kNone, kubelet = kNone, crond = kNone,
           sshd = kNone, login_shell = kNone, ssm = kNone, ssm_worker = kNone;
  std::vector<uint32_t> pods;
};

struct PodState {
  uint32_t node;
  uint16_t workload;
  bool alive = true;
  std::string ns, name;
  std::string sandbox;       // 64 hex
  std::string ip;
  std::string labels_json;   // "pod_labels":{...}
  uint32_t shim = kNone;
  std::vector<uint32_t> containers;
};

struct ContainerState {
  uint32_t pod;
  uint16_t spec;             // index into the workload's containers
  bool alive = true;
  bool privileged;
  std::string id;            // 64 hex
  uint64_t start_s;          // node-local, whole seconds
  uint32_t init = kNone, worker = kNone;
  uint32_t next_nspid = 2;
  std::string image_name, image_id;
  std::string pod_prefix;    // "pod":{... "container":{... "start_time":"..."
  std::string pod_suffix;    // ...security_context..},pod_labels..},"docker":".."
};

enum class ProcKind : uint8_t { Exec, ExecNoClone, ProcFS, Kernel };

struct ProcState {
  std::string exec_id, binary, args, cwd;
  std::string head, tail;    // rendered JSON members around refcnt
  uint64_t start_ns = 0;     // node-local
  uint32_t pid = 0, uid = 0, auid = 4294967295U;
  uint32_t parent = kNone, container = kNone, node = 0, nspid = 0;
  uint32_t refs = 0, children = 0;
  ProcKind kind = ProcKind::Exec;
  bool in_init_tree = false, maybe_probe = false, materialized = false, alive = true;
  bool injected = false;     // created by an attack scenario
  uint32_t next_free = kNone;
};

struct ConnState {
  std::string src_ip, dst_ip;
  uint32_t sport = 0, dport = 0;
  uint64_t cookie = 0;
  uint32_t dest_pod = kNone;
  bool udp = false;
  bool has_close = false;    // a Close task is pending: free the slot after it
  uint64_t bytes_sent = 0, bytes_received = 0;
  uint32_t next_free = kNone;
};

enum class TaskKind : uint8_t {
  Exec,        // materialize + write process_exec
  ExecSilent,  // materialize only (its exec happened outside the log)
  Exit,        // write process_exit, end lifetime
  Release,     // end lifetime silently
  Kprobe,
  Connect,
  Close,
  ProbeTick,
  AppTick,
  ConnTick,
  HostTick,
  ChurnTick,
  PodRetire,
};

enum class KprobeKind : uint8_t {
  FilePermPasswd,
  ExecveAudit,
  ModuleRequest,
  TcpConnect,
  ShadowRead,
  Setns,
  Ptrace,
  InitModule,
  FinitModule,
  BprmCheck,
  SpikeMount,
  SpikeSethostname,
  SpikeUnshare,
};

struct Task {
  uint64_t t;
  uint64_t seq;
  uint32_t a;
  uint32_t b;
  TaskKind kind;
  Behavior behavior;
};

class TetragonGenerator::Impl {
 public:
  explicit Impl(const GeneratorOptions& o);
  void next(std::string& line);
  bool finished() const;
  const GroundTruth& truth();
  const GeneratorOptions& options() const { return opt_; }

  // ---- world (world.cpp)
  void build_world();
  void build_node(uint32_t cluster_idx, uint32_t index_in_cluster);
  uint32_t create_pod(uint32_t node_idx, uint16_t workload, uint32_t ordinal, uint64_t start_local_ns,
                      bool schedule_activity);
  void render_container_json(uint32_t container_idx);
  void retire_pod(uint32_t pod_idx, uint64_t t);
  uint32_t replace_pod(uint32_t pod_idx, uint64_t t);  // returns the new pod
  std::string image_id_for(const ClusterState& c, std::string_view image_name);

  // ---- processes (world.cpp)
  uint32_t new_proc(uint32_t node, uint32_t parent, uint32_t container, std::string_view binary,
                    std::string_view args, std::string_view cwd, uint64_t start_local, ProcKind kind);
  void materialize(uint32_t p);
  void render_head(uint32_t p);
  void add_ref(uint32_t p) { procs_[p].refs++; }
  void release(uint32_t p);
  uint32_t alloc_pid(uint32_t node);
  void expand(std::string& out, std::string_view pattern, uint32_t node, uint32_t container);

  // ---- scheduling helpers (activity.cpp)
  void schedule(uint64_t t, TaskKind k, uint32_t a, uint32_t b = 0, Behavior beh = Behavior::None);
  // Schedules the exec of p at its start time and its end at end_global.
  void schedule_life(uint32_t p, uint64_t end_global, Behavior beh, bool write_exec = true,
                     uint32_t exit_code = 0);
  uint64_t global_of(uint32_t node, uint64_t local) const { return local + nodes_[node].lag_ns; }
  uint64_t local_of(uint32_t node, uint64_t global) const { return global - nodes_[node].lag_ns; }
  void run_probe(uint32_t container);
  void run_app(uint32_t container);
  void run_conn_tick(uint32_t container);
  void run_host(uint32_t node);
  void run_churn(uint32_t cluster);
  void maybe_background_extras(uint32_t p);
  uint32_t open_conn(uint32_t p, uint64_t t_global, std::string_view dst_ip, uint32_t dport, uint32_t dest_pod,
                     bool udp, Behavior beh, bool with_close);

  // ---- attacks (attacks.cpp)
  void start_scenario(Behavior b);
  uint32_t pick_target_container(bool privileged_first, bool ent_only);
  uint32_t session(uint32_t container, uint64_t t_global, std::string_view shell, Behavior tag,
                   uint64_t duration_ns);
  uint32_t spawn(uint32_t parent, uint32_t container, uint64_t t_global, std::string_view binary,
                 std::string_view args, Behavior tag, uint64_t duration_ns, ProcKind kind = ProcKind::Exec);

  // ---- rendering (render.cpp)
  bool execute(const Task& task, std::string& line);
  void write_process(JsonOut& j, uint32_t p, uint32_t refcnt);
  void write_envelope(JsonOut& j, uint32_t node, uint64_t time_local, bool with_time, bool us_precision);
  void write_exec(std::string& line, uint32_t p, Behavior beh);
  void write_exit(std::string& line, uint32_t p, uint32_t code, uint64_t t_global);
  void write_kprobe(std::string& line, uint32_t p, uint32_t arg, uint64_t t_global, Behavior beh);
  void write_conn(std::string& line, uint32_t p, uint32_t conn, bool close, uint64_t t_global, Behavior beh);
  void fill_facts(EventFacts& f, EventType type, uint32_t p, uint64_t time_local, Behavior beh);

  Profile profile_of_node(uint32_t node) const { return clusters_[nodes_[node].cluster].profile; }
  uint64_t time_round(uint32_t node, uint64_t local) const {
    return profile_of_node(node) == Profile::Oss2022 ? local - local % kMs : local;
  }
  uint32_t random_pod_ip(uint32_t cluster, std::string& out);

  GeneratorOptions opt_;
  Rng rng_;
  std::vector<ClusterState> clusters_;
  std::vector<NodeState> nodes_;
  std::vector<PodState> pods_;
  std::vector<ContainerState> containers_;
  std::vector<ProcState> procs_;
  uint32_t free_proc_ = kNone;
  std::vector<ConnState> conns_;
  uint32_t free_conn_ = kNone;
  std::vector<Task> heap_;
  uint64_t seq_ = 0;
  uint64_t now_ = 0;  // global time of the task being executed
  GroundTruth truth_;
  std::array<uint64_t, kBehaviorCount> countdown_{};
  std::string cap_container_json_, cap_root_json_;  // pre-rendered "cap":{...}
  std::string scratch_, scratch2_;
  EventFacts facts_;
  bool last_injected_ = false;  // the event just written came from a scenario
};

}  // namespace rulejit::bench
