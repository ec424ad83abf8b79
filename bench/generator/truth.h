// Ground truth for generated Tetragon streams.
//
// Two kinds of truth are kept:
// 1. Behavior counters: how many events of each injected behavior were
//    written. Every event carries exactly one Behavior tag (None for
//    background noise); each tag has a signature that no other event in the
//    stream matches (documented per behavior in behavior_signature()).
// 2. Detection expectations: what the Splunk "Cisco Isovalent" detections
//    should return over the whole stream, evaluated on every written event
//    (noise included) with these assumptions, which follow
//    shared/docs/tetragon-events.md section 9:
//    - process_name = text after the last '/' of process.binary; parent
//      likewise; process = binary + " " + arguments (binary alone when there
//      are no arguments); process_exec = process_name; process_id = pid.
//    - _time = top-level time, else process.start_time.
//    - field=value / IN compare case-insensitively; `stats ... by` drops an
//      event when any by-field is null (no cluster_name, no pod, ...).
//    - late_process_execution: strptime %3Q reads the first 3 fraction
//      digits and fails when start_time has no fraction; the container
//      start_time (whole seconds, no fraction) is ASSUMED to parse (open
//      question 4 of the doc: if real Splunk returns null it never fires).
//    - access_to_cloud_metadata_service runs as written in security_content
//      (no destination filter; only the excluded_cloud_binaries macro on
//      parent.binary), so every process_connect from a pod counts. The
//      169.254.169.254-only count is reported separately.
//    "events" is the number of events that reach the final stats/table (the
//    sum of `count` over the result rows for stats-based searches); "rows"
//    is the number of result rows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rulejit::bench {

enum class EventType : uint8_t { ProcessExec, ProcessExit, ProcessKprobe, ProcessConnect, ProcessClose };
inline constexpr size_t kEventTypeCount = 5;
std::string_view event_type_name(EventType t);

enum class Behavior : uint8_t {
  None,                     // background noise
  ShellInContainer,         // interactive shell (not sh) exec'd by runc in a pod
  LateExec,                 // interactive /bin/sh by runc, > 5 min after container start
  EarlyExec,                // same, <= 4 min after container start (negative)
  CurlInsecure,             // curl in a pod whose `process` matches the insecure regex
  CurlNearMiss,             // interactive curl in a pod that does NOT match (negative)
  CronInPod,                // cron / crond / crontab exec in a pod
  CronOnHost,               // same on a host (no pod: the rule must ignore it)
  NsenterEscape,            // nsenter -t 1 ... from a pod
  NsenterHostShell,         // shell started by that nsenter (derived: no own rate)
  OffensiveTool,            // process_name in linux_offsec_tool_processes, in a pod
  OffensiveNearMiss,        // tool names the macro does not match exactly (negative)
  EscapeRecon,              // ps aux / mount / ls burst from an interactive shell
  KprobeShadowRead,         // security_file_permission on /etc/shadow
  KprobeSetns,              // __x64_sys_setns
  KprobePtrace,             // __x64_sys_ptrace
  KprobeModuleLoad,         // __x64_sys_init_module / __x64_sys_finit_module
  KprobeBprmCheck,          // security_bprm_check (SIGKILL enforcement)
  KprobeSpike,              // > 10 mount/sethostname/unshare kprobes from one pod
  MetadataConnect,          // process_connect from a pod to 169.254.169.254:80
  MetadataConnectExcluded,  // same from aws-node (parent /app/aws-vpc-cni; excluded)
  MetadataConnectHost,      // same from a host agent (no pod)
  UnusualPortConnect,       // process_connect from a pod to port 4444 / 1337 / 31337
};
inline constexpr size_t kBehaviorCount = 23;
std::string_view behavior_name(Behavior b);
bool behavior_from_name(std::string_view name, Behavior& out);
// One-line description of what identifies the behavior's events.
std::string_view behavior_signature(Behavior b);
// Behaviors produced only inside another behavior's scenario.
bool behavior_is_derived(Behavior b);

enum class Detection : uint8_t {
  ShellExecution,
  CurlInsecureFlags,
  CronJobCreation,
  LateProcessExecution,
  NsenterUsageInPod,
  PodsRunningOffensiveTools,
  PotentialEscapeToHost,
  AccessToCloudMetadataService,
  CloudMetadataDestinationOnly,
  KprobeSpike,
};
inline constexpr size_t kDetectionCount = 10;
std::string_view detection_name(Detection d);

// The facts of one written event that the detections look at.
struct EventFacts {
  EventType type = EventType::ProcessExec;
  Behavior behavior = Behavior::None;
  uint64_t time_ns = 0;  // _time
  std::string_view cluster;  // empty = absent
  std::string_view node;
  std::string_view binary, arguments;  // arguments empty = absent
  uint32_t pid = 0;
  std::string_view parent_binary;
  bool has_pod = false;
  std::string_view pod_name, pod_namespace, container_id, image_name;
  uint64_t start_ns = 0;            // process.start_time
  uint64_t container_start_s = 0;   // pod.container.start_time
  bool parent_has_pod = false;
  std::string_view parent_pod_name;
  bool has_action = false;          // kprobe action present
  std::string_view dest_ip;         // connect
  uint32_t dest_port = 0;
};

// Implements the detection logic of the ten searches listed in Detection.
bool curl_insecure_regex_matches(std::string_view process);
bool in_offsec_tool_list(std::string_view process_name);
bool in_shell_list(std::string_view process_name);
std::string_view basename_of(std::string_view path);

struct DetectionResult {
  uint64_t events = 0;
  uint64_t rows = 0;
};

class GroundTruth {
 public:
  void observe(const EventFacts& f, size_t line_bytes);
  // Finalizes the window-based detections (escape, kprobe spike).
  void finalize();

  uint64_t events = 0;
  uint64_t bytes = 0;  // including one '\n' per event
  std::array<uint64_t, kEventTypeCount> by_type{};
  std::array<uint64_t, kBehaviorCount> behaviors{};
  std::array<DetectionResult, kDetectionCount> detections{};

  // JSON summary; `options_json` is inserted verbatim as "options".
  std::string to_json(std::string_view options_json) const;

 private:
  struct Window {
    int64_t min_ns = 0, max_ns = 0;
    std::vector<uint64_t> names;  // distinct process_name hashes
  };
  std::array<std::unordered_set<uint64_t>, kDetectionCount> groups_;
  std::unordered_map<uint64_t, Window> escape_windows_;
  std::unordered_map<uint64_t, uint64_t> kprobe_buckets_;
  std::string scratch_;
};

}  // namespace rulejit::bench
