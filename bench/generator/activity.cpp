// Background activity for TetragonGenerator: exec probes, app subprocesses,
// service connections, host commands and pod churn.
#include <algorithm>

#include "bench/generator/generator_impl.h"

namespace rulejit::bench {

namespace {

// Encodes `sh -c <text>` arguments the way Tetragon joins argv (§6): the
// command text is one argv element, quoted when it contains a space.
void sh_c_args(std::string& out, std::string_view basename, std::string_view args) {
  out.assign("-c ");
  const bool space = !args.empty();
  if (space) out += '"';
  out += basename;
  if (!args.empty()) {
    out += ' ';
    out += args;
  }
  if (space) out += '"';
}

constexpr std::string_view kExecAuditTargets[] = {"/bin/gzip", "/usr/bin/date", "/usr/bin/find", "/bin/cat",
                                                  "/usr/bin/stat"};

}  // namespace

void TetragonGenerator::Impl::schedule(uint64_t t, TaskKind k, uint32_t a, uint32_t b, Behavior beh) {
  heap_.push_back(Task{t, seq_++, a, b, k, beh});
  std::push_heap(heap_.begin(), heap_.end(), [](const Task& x, const Task& y) {
    return x.t != y.t ? x.t > y.t : x.seq > y.seq;
  });
}

void TetragonGenerator::Impl::schedule_life(uint32_t p, uint64_t end_global, Behavior beh, bool write_exec,
                                            uint32_t exit_code) {
  add_ref(p);  // held by the exec task
  schedule(global_of(procs_[p].node, procs_[p].start_ns), write_exec ? TaskKind::Exec : TaskKind::ExecSilent, p,
           0, beh);
  if (end_global == ~0ULL) return;  // ended later by retire_pod
  if (rng_.chance(opt_.exit_fraction)) {
    schedule(end_global, TaskKind::Exit, p, exit_code);
  } else {
    schedule(end_global, TaskKind::Release, p);
  }
}

uint32_t TetragonGenerator::Impl::open_conn(uint32_t p, uint64_t t, std::string_view dst_ip, uint32_t dport,
                                            uint32_t dest_pod, bool udp, Behavior beh, bool with_close) {
  uint32_t ci;
  if (free_conn_ != kNone) {
    ci = free_conn_;
    free_conn_ = conns_[ci].next_free;
  } else {
    ci = static_cast<uint32_t>(conns_.size());
    conns_.emplace_back();
  }
  auto& c = conns_[ci];
  const auto& proc = procs_[p];
  if (proc.container != kNone) {
    c.src_ip = pods_[containers_[proc.container].pod].ip;
  } else {
    c.src_ip = nodes_[proc.node].ip;
  }
  c.dst_ip.assign(dst_ip);
  c.sport = 32768 + static_cast<uint32_t>(rng_.below(28000));
  c.dport = dport;
  c.cookie = 18446462598732840960ULL + rng_.below(1ULL << 40);
  c.dest_pod = dest_pod;
  c.udp = udp;
  c.bytes_sent = 40 + rng_.below(4000);
  c.bytes_received = rng_.below(60000);
  c.has_close = with_close && rng_.chance(opt_.close_fraction);
  add_ref(p);
  schedule(t, TaskKind::Connect, p, ci, beh);
  if (c.has_close) {
    add_ref(p);
    schedule(t + kMs + rng_.below(2 * kMs), TaskKind::Close, p, ci);
  }
  return ci;
}

// Background kprobe / connect events attached to a freshly exec'd process.
void TetragonGenerator::Impl::maybe_background_extras(uint32_t p) {
  const auto& s = procs_[p];
  const Profile prof = profile_of_node(s.node);
  const bool in_pod = s.container != kNone;
  const uint64_t t = global_of(s.node, s.start_ns);
  // Pod processes rarely hit the background policies: keeps kprobe_spike quiet.
  const double kp = in_pod ? opt_.kprobe_per_exec * 0.1 : opt_.kprobe_per_exec * 1.6;
  if (rng_.chance(kp)) {
    KprobeKind k;
    if (prof == Profile::Ent2025) {
      k = rng_.chance(0.6) ? KprobeKind::ExecveAudit : KprobeKind::FilePermPasswd;
    } else {
      const uint64_t r = rng_.below(3);
      k = r == 0 ? KprobeKind::FilePermPasswd : (r == 1 ? KprobeKind::TcpConnect : KprobeKind::ModuleRequest);
    }
    if (k == KprobeKind::ModuleRequest && in_pod) k = KprobeKind::FilePermPasswd;
    add_ref(p);
    schedule(t + 200000 + rng_.below(2 * kMs), TaskKind::Kprobe, p, static_cast<uint32_t>(k));
  }
  if (prof == Profile::Ent2025 && rng_.chance(opt_.connect_per_exec)) {
    std::string ip;
    uint32_t port = 443;
    if (in_pod) {
      random_pod_ip(nodes_[s.node].cluster, ip);
      static constexpr uint32_t kPorts[] = {443, 8080, 5432, 6379, 9092, 53, 9200, 5672};
      port = kPorts[rng_.below(std::size(kPorts))];
    } else {
      ip = "10.100.0.1";
    }
    open_conn(p, t + kMs + rng_.below(3 * kMs), ip, port, kNone, port == 53, Behavior::None, true);
  }
}

void TetragonGenerator::Impl::run_probe(uint32_t ci) {
  if (!containers_[ci].alive) return;
  const auto& c = containers_[ci];
  const auto& pod = pods_[c.pod];
  const auto& w = catalog::workloads()[pod.workload];
  const auto& spec = w.containers[c.spec];
  const uint32_t node = pod.node;
  const auto& fl = catalog::flavor_spec(clusters_[nodes_[node].cluster].flavor);
  // kubelet runs exec probes on a fixed period (small scheduling jitter).
  schedule(now_ + spec.probe.period_s * kSec + rng_.below(20 * kMs), TaskKind::ProbeTick, ci);

  const uint64_t t0 = now_;
  // runc exec: a host process that is the probe's parent.
  expand(scratch_,
         "--root /run/containerd/runc/k8s.io --log /run/containerd/io.containerd.runtime.v2.task/k8s.io/{cid}/log.json "
         "--log-format json --systemd-cgroup exec --process /tmp/runc-process{num}{num} --detach --pid-file "
         "/run/containerd/io.containerd.runtime.v2.task/k8s.io/{cid}/{hex64}.pid {cid}",
         node, ci);
  scratch2_.assign("/run/containerd/io.containerd.runtime.v2.task/k8s.io/");
  scratch2_ += pod.sandbox;
  const uint32_t runc = new_proc(node, pod.shim, kNone, fl.runc, scratch_, scratch2_, local_of(node, t0),
                                 ProcKind::Exec);
  const uint64_t tp = t0 + 15 * kMs + rng_.below(25 * kMs);
  const uint32_t probe = new_proc(node, runc, ci, spec.probe.cmd.binary, spec.probe.cmd.args, spec.cwd,
                                  local_of(node, tp), ProcKind::Exec);
  procs_[probe].uid = spec.uid;
  procs_[probe].nspid = containers_[ci].next_nspid;
  containers_[ci].next_nspid = containers_[ci].next_nspid >= 300 ? 2 : containers_[ci].next_nspid + 1;
  procs_[probe].maybe_probe = true;
  uint64_t end = tp + 3 * kMs + rng_.below(40 * kMs);
  if (!spec.probe.child.binary.empty()) {
    const uint64_t tc = tp + kMs + rng_.below(3 * kMs);
    const bool no_fork = spec.probe.child_no_fork;
    const uint32_t child = new_proc(node, probe, ci, spec.probe.child.binary, spec.probe.child.args, spec.cwd,
                                    local_of(node, tc), no_fork ? ProcKind::ExecNoClone : ProcKind::Exec);
    procs_[child].uid = spec.uid;
    procs_[child].nspid = no_fork ? procs_[probe].nspid : containers_[ci].next_nspid++;
    const uint64_t child_end = tc + 5 * kMs + rng_.below(60 * kMs);
    schedule_life(child, child_end, Behavior::None, true, rng_.chance(0.02) ? 1 : 0);
    end = child_end + kMs;
    if (no_fork) {
      // The shell became the child: it has no exit of its own.
      add_ref(probe);
      schedule(global_of(node, procs_[probe].start_ns), TaskKind::Exec, probe);
      schedule(child_end, TaskKind::Release, probe);
      schedule_life(runc, end + rng_.below(5 * kMs), Behavior::None, rng_.chance(0.25));
      return;
    }
  }
  schedule_life(probe, end, Behavior::None, true, rng_.chance(0.01) ? 1 : 0);
  schedule_life(runc, end + kMs + rng_.below(5 * kMs), Behavior::None, rng_.chance(0.25));
}

void TetragonGenerator::Impl::run_app(uint32_t ci) {
  if (!containers_[ci].alive) return;
  const auto& c = containers_[ci];
  const uint32_t node = pods_[c.pod].node;
  const auto& spec = catalog::workloads()[pods_[c.pod].workload].containers[c.spec];
  schedule(now_ + static_cast<uint64_t>(rng_.exponential(3600.0 / spec.cmds_per_hour / opt_.activity) * kSec) +
               kMs,
           TaskKind::AppTick, ci);
  uint16_t weights[16];
  const size_t ncmds = std::min<size_t>(spec.cmds.size(), 16);
  for (size_t i = 0; i < ncmds; ++i) weights[i] = spec.cmds[i].weight;
  const auto& cmd = spec.cmds[rng_.weighted(weights, ncmds)];
  uint32_t parent = (c.worker != kNone && rng_.chance(0.3)) ? c.worker : c.init;
  uint64_t t = now_;
  uint32_t sh = kNone;
  if (cmd.via_sh) {
    expand(scratch2_, cmd.args, node, ci);
    sh_c_args(scratch_, std::string_view(cmd.binary).substr(std::string_view(cmd.binary).rfind('/') + 1),
              scratch2_);
    sh = new_proc(node, parent, ci, "/bin/sh", scratch_, spec.cwd, local_of(node, t), ProcKind::Exec);
    procs_[sh].uid = spec.uid;
    procs_[sh].nspid = containers_[ci].next_nspid++;
    parent = sh;
    t += kMs + rng_.below(2 * kMs);
  }
  expand(scratch_, cmd.args, node, ci);
  const uint32_t child = new_proc(node, parent, ci, cmd.binary, scratch_, spec.cwd, local_of(node, t), ProcKind::Exec);
  procs_[child].uid = spec.uid;
  procs_[child].nspid = containers_[ci].next_nspid++;
  if (containers_[ci].next_nspid > 4000) containers_[ci].next_nspid = 2;
  const uint64_t end = t + 6 * kMs + static_cast<uint64_t>(rng_.exponential(0.3) * kSec);
  schedule_life(child, end, Behavior::None, true, rng_.chance(0.05) ? 1 + static_cast<uint32_t>(rng_.below(2)) : 0);
  if (sh != kNone) schedule_life(sh, end + kMs, Behavior::None, true);
}

void TetragonGenerator::Impl::run_conn_tick(uint32_t ci) {
  if (!containers_[ci].alive) return;
  const auto& c = containers_[ci];
  const uint32_t node = pods_[c.pod].node;
  schedule(now_ + static_cast<uint64_t>(rng_.exponential(90.0 / opt_.activity) * kSec) + kMs, TaskKind::ConnTick, ci);
  // An app process talks to another pod of the cluster or a service.
  const auto& cnodes = clusters_[nodes_[node].cluster].nodes;
  const auto& dnode = nodes_[cnodes[rng_.below(cnodes.size())]];
  uint32_t dest_pod = kNone;
  std::string ip;
  if (!dnode.pods.empty() && rng_.chance(0.7)) {
    dest_pod = dnode.pods[rng_.below(dnode.pods.size())];
    ip = pods_[dest_pod].ip;
  } else {
    ip = "10.100." + std::to_string(rng_.below(256)) + "." + std::to_string(1 + rng_.below(254));
  }
  static constexpr uint32_t kPorts[] = {443, 8080, 5432, 6379, 9092, 53, 9200, 5672, 3000, 9090};
  const uint32_t port = kPorts[rng_.below(std::size(kPorts))];
  const uint32_t p = (c.worker != kNone && rng_.chance(0.5)) ? c.worker : c.init;
  open_conn(p, now_, ip, port, dest_pod, port == 53, Behavior::None, true);
}

void TetragonGenerator::Impl::run_host(uint32_t ni) {
  schedule(now_ + static_cast<uint64_t>(rng_.exponential(5.0 / opt_.activity) * kSec) + kMs, TaskKind::HostTick, ni);
  const auto cmds = catalog::host_commands();
  uint16_t weights[32];
  const size_t n = std::min<size_t>(cmds.size(), 32);
  for (size_t i = 0; i < n; ++i) weights[i] = cmds[i].weight;
  const auto& hc = cmds[rng_.weighted(weights, n)];
  const auto& node = nodes_[ni];
  uint32_t parent = node.systemd;
  switch (hc.parent) {
    case catalog::HostParent::Systemd: parent = node.systemd; break;
    case catalog::HostParent::Kubelet: parent = node.kubelet; break;
    case catalog::HostParent::Containerd: parent = node.containerd; break;
    case catalog::HostParent::Kernel: parent = node.kernel; break;
    case catalog::HostParent::Cron: parent = node.crond; break;
    case catalog::HostParent::Sshd: parent = node.login_shell; break;
  }
  expand(scratch_, hc.cmd.args, ni, kNone);
  expand(scratch2_, hc.cwd, ni, kNone);
  const uint64_t t = now_;
  const uint32_t p = new_proc(ni, parent, kNone, hc.cmd.binary, scratch_, scratch2_, local_of(ni, t), ProcKind::Exec);
  if (hc.parent == catalog::HostParent::Sshd) {
    procs_[p].uid = 1000;
    procs_[p].auid = 1000;
  }
  uint64_t end = t + 4 * kMs + static_cast<uint64_t>(rng_.exponential(0.15) * kSec);
  if (!hc.child.binary.empty()) {
    expand(scratch_, hc.child.args, ni, kNone);
    const uint64_t tc = t + kMs + rng_.below(3 * kMs);
    // `nice` replaces itself with its command: same pid, no clone.
    const bool no_fork = std::string_view(hc.cmd.binary).ends_with("/nice");
    const uint32_t c = new_proc(ni, p, kNone, hc.child.binary, scratch_, scratch2_, local_of(ni, tc),
                                no_fork ? ProcKind::ExecNoClone : ProcKind::Exec);
    const uint64_t cend = tc + 3 * kMs + static_cast<uint64_t>(rng_.exponential(0.2) * kSec);
    schedule_life(c, cend, Behavior::None, true);
    end = cend + kMs;
    if (no_fork) {
      add_ref(p);
      schedule(global_of(ni, procs_[p].start_ns), TaskKind::Exec, p);
      schedule(cend, TaskKind::Release, p);
      return;
    }
  }
  schedule_life(p, end, Behavior::None, true);
}

void TetragonGenerator::Impl::run_churn(uint32_t ci) {
  schedule(now_ + static_cast<uint64_t>(rng_.exponential(240.0 / opt_.activity) * kSec) + kSec, TaskKind::ChurnTick,
           ci);
  const auto& cnodes = clusters_[ci].nodes;
  const uint32_t ni = cnodes[rng_.below(cnodes.size())];
  const auto ws = catalog::workloads();
  if (rng_.chance(0.5)) {
    // A CronJob run: the pod starts, works for a while and completes.
    for (uint16_t wi = 0; wi < ws.size(); ++wi) {
      if (ws[wi].kind != catalog::Kind::CronJob) continue;
      const uint32_t pi = create_pod(ni, wi, 0, local_of(ni, now_), true);
      schedule(now_ + (40 + rng_.below(200)) * kSec, TaskKind::PodRetire, pi);
      return;
    }
  }
  // A rollout restart of one Deployment / StatefulSet pod.
  const auto& pods = nodes_[ni].pods;
  for (int attempt = 0; attempt < 8 && !pods.empty(); ++attempt) {
    const uint32_t pi = pods[rng_.below(pods.size())];
    const auto kind = ws[pods_[pi].workload].kind;
    if (kind == catalog::Kind::Deployment || kind == catalog::Kind::StatefulSet) {
      replace_pod(pi, now_);
      return;
    }
  }
}

}  // namespace rulejit::bench
