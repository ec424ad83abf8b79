// Static catalog of what runs on the simulated Kubernetes nodes: workloads
// (namespaces, controllers, containers, images, probes, app subprocesses),
// host daemons and host commands, and cluster flavors (EKS / GKE / kind).
//
// Argument strings are written exactly as Tetragon encodes them (argv[0]
// skipped, elements joined by one space, elements containing a space wrapped
// in double quotes). They may contain placeholders that the generator
// expands when a process is created:
//   {uuid} random UUID         {k5} 5 chars of the k8s name alphabet
//   {hex8} 8 hex chars         {hex64} 64 hex chars
//   {cid} current container id (64 hex)   {sandbox} pod sandbox id (64 hex)
//   {node} node name   {nodeip} node IP   {cluster} cluster name
//   {svcip} a service IP       {podip} a pod IP    {num} 1..99999
//   {date} YYYY-MM-DD          {region} cloud region
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace rulejit::bench::catalog {

enum class Flavor : uint8_t { Eks, Gke, Kind };
enum class Kind : uint8_t { Deployment, DaemonSet, StatefulSet, Job, CronJob, Pod };
std::string_view kind_name(Kind k);

struct Label {
  std::string_view key, value;
};

// A command: binary path plus Tetragon-encoded arguments ("" = none).
struct Cmd {
  std::string_view binary;
  std::string_view args;
  uint16_t weight = 1;
  // When set, the command runs as `/bin/sh -c "<basename> <args>"` and the
  // shell forks it (or execs it without fork when the text starts "exec ").
  bool via_sh = false;
};

struct Probe {
  Cmd cmd;               // empty binary = no exec probe
  uint16_t period_s = 0;
  // Command the probe shell forks (only when cmd is a `sh -c` / `bash -c`).
  Cmd child;
  bool child_no_fork = false;  // `exec ...`: same pid, flags without clone
};

struct ContainerSpec {
  std::string_view name;
  std::string_view image;  // registry/repo:tag
  Cmd init;                // container entrypoint process
  std::string_view cwd;
  uint32_t uid = 0;
  Probe probe;
  std::span<const Cmd> cmds;  // app subprocesses
  uint16_t cmds_per_hour = 0;
  bool privileged = false;
  bool connects = true;       // makes service connections
  Cmd worker;                 // optional long-lived child of init
};

struct WorkloadSpec {
  std::string_view ns;
  std::string_view name;
  Kind kind;
  uint8_t replicas;  // ignored for DaemonSets (one per node)
  uint8_t flavors;   // bit mask of (1 << Flavor); 0 = every flavor
  std::span<const ContainerSpec> containers;
  std::span<const Label> labels;  // template labels besides the controller ones
  bool target_for_sessions = true;  // attack sessions may pick it
};

enum class HostParent : uint8_t { Systemd, Kubelet, Containerd, Kernel, Cron, Sshd };

struct HostCmd {
  Cmd cmd;
  std::string_view cwd;
  HostParent parent;
  uint16_t weight;
  Cmd child;  // optional command the host command forks
};

struct FlavorSpec {
  Flavor flavor;
  std::string_view runc;         // runc binary path
  std::string_view shim;         // containerd shim path
  std::string_view containerd;   // containerd binary + args
  std::string_view containerd_args;
  std::string_view kubelet;
  std::string_view kubelet_args;
  std::string_view systemd_args;
  std::string_view pause_image;
};

std::span<const WorkloadSpec> workloads();
std::span<const HostCmd> host_commands();
const FlavorSpec& flavor_spec(Flavor f);

// Alphabet Kubernetes uses for generated name suffixes.
inline constexpr std::string_view kK8sAlphabet = "bcdfghjklmnpqrstvwxz2456789";

}  // namespace rulejit::bench::catalog
