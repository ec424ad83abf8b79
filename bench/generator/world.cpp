// World construction for TetragonGenerator: clusters, nodes, host daemons,
// pods, containers, images and the process pool.
#include <algorithm>
#include <utility>

#include "bench/generator/generator_impl.h"

namespace rulejit::bench {

namespace {

void append_hex(std::string& out, Rng& rng, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) out += kHex[rng.below(16)];
}

void append_k8s(std::string& out, Rng& rng, size_t n) {
  for (size_t i = 0; i < n; ++i) out += catalog::kK8sAlphabet[rng.below(catalog::kK8sAlphabet.size())];
}

void append_uuid(std::string& out, Rng& rng) {
  append_hex(out, rng, 8);
  out += '-';
  append_hex(out, rng, 4);
  out += "-4";
  append_hex(out, rng, 3);
  out += '-';
  out += "89ab"[rng.below(4)];
  append_hex(out, rng, 3);
  out += '-';
  append_hex(out, rng, 12);
}

void append_ip(std::string& out, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  append_u64(out, a);
  out += '.';
  append_u64(out, b);
  out += '.';
  append_u64(out, c);
  out += '.';
  append_u64(out, d);
}

using LabelList = std::vector<std::pair<std::string, std::string>>;

// Renders a map member with sorted keys, as protojson does for maps.
void render_map(JsonOut& j, std::string_view key, LabelList& labels) {
  std::sort(labels.begin(), labels.end());
  j.key(key);
  j.begin_obj();
  for (const auto& [k, v] : labels) {
    j.key(k);
    j.str(v);
  }
  j.end_obj();
}

constexpr std::string_view kClusterNames[] = {"shop-prod-eks", "analytics-gke", "kind-dev"};
constexpr std::string_view kRegions[] = {"us-west-2", "us-central1", ""};

}  // namespace

std::string TetragonGenerator::Impl::image_id_for(const ClusterState& c, std::string_view image_name) {
  uint64_t h = opt_.seed ^ 0x5851F42D4C957F2DULL;
  for (char ch : image_name) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001B3ULL;
  uint64_t sm = h;
  std::string id;
  if (c.profile == Profile::Ent2025 && c.flavor == catalog::Flavor::Eks) {
    id = "sha256:";
  } else {
    const auto slash = image_name.rfind('/');
    const auto colon = image_name.rfind(':');
    id.assign(image_name.substr(0, colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)
                                          ? colon
                                          : image_name.size()));
    id += "@sha256:";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    const uint64_t w = splitmix64(sm);
    for (int k = 0; k < 16; ++k) id += kHex[(w >> (4 * k)) & 0xF];
  }
  return id;
}

void TetragonGenerator::Impl::expand(std::string& out, std::string_view pattern, uint32_t node,
                                     uint32_t container) {
  out.clear();
  const auto& n = nodes_[node];
  const auto& c = clusters_[n.cluster];
  size_t i = 0;
  while (i < pattern.size()) {
    const auto open = pattern.find('{', i);
    const auto close = open == std::string_view::npos ? std::string_view::npos : pattern.find('}', open);
    if (close == std::string_view::npos) {
      out.append(pattern.substr(i));
      break;
    }
    out.append(pattern.substr(i, open - i));
    const auto name = pattern.substr(open + 1, close - open - 1);
    if (name == "uuid") {
      append_uuid(out, rng_);
    } else if (name == "k5") {
      append_k8s(out, rng_, 5);
    } else if (name == "hex8") {
      append_hex(out, rng_, 8);
    } else if (name == "hex64") {
      append_hex(out, rng_, 64);
    } else if (name == "cid") {
      if (container != kNone) out += containers_[container].id;
    } else if (name == "sandbox") {
      if (container != kNone) out += pods_[containers_[container].pod].sandbox;
    } else if (name == "node") {
      out += n.name;
    } else if (name == "nodeip") {
      out += n.ip;
    } else if (name == "cluster") {
      out += c.name;
    } else if (name == "region") {
      out += c.region.empty() ? std::string_view("us-east-1") : std::string_view(c.region);
    } else if (name == "svcip") {
      append_ip(out, 10, 96 + static_cast<uint32_t>(rng_.below(4)), static_cast<uint32_t>(rng_.below(256)),
                static_cast<uint32_t>(1 + rng_.below(254)));
    } else if (name == "podip") {
      std::string ip;
      random_pod_ip(n.cluster, ip);
      out += ip;
    } else if (name == "num") {
      append_u64(out, 1 + rng_.below(99999));
    } else if (name == "date") {
      std::string ts;
      append_timestamp(ts, local_of(node, now_));
      out.append(ts, 0, 10);
    } else {
      out.append(pattern.substr(open, close - open + 1));  // unknown: keep literally
    }
    i = close + 1;
  }
}

uint32_t TetragonGenerator::Impl::random_pod_ip(uint32_t cluster, std::string& out) {
  const uint32_t third = static_cast<uint32_t>(rng_.below(64));
  append_ip(out, 10, clusters_[cluster].net_octet, 128 + third, static_cast<uint32_t>(2 + rng_.below(250)));
  return third;
}

uint32_t TetragonGenerator::Impl::alloc_pid(uint32_t node) {
  auto& n = nodes_[node];
  const uint32_t pid = n.next_pid;
  // Threads and processes outside the log also consume PIDs.
  n.next_pid += 1 + (rng_.below(6) == 0 ? static_cast<uint32_t>(rng_.below(60)) : 0U);
  if (n.next_pid >= n.pid_max) n.next_pid = 300 + static_cast<uint32_t>(rng_.below(200));
  return pid;
}

uint32_t TetragonGenerator::Impl::new_proc(uint32_t node, uint32_t parent, uint32_t container,
                                           std::string_view binary, std::string_view args, std::string_view cwd,
                                           uint64_t start_local, ProcKind kind) {
  uint32_t idx;
  if (free_proc_ != kNone) {
    idx = free_proc_;
    free_proc_ = procs_[idx].next_free;
  } else {
    idx = static_cast<uint32_t>(procs_.size());
    procs_.emplace_back();
  }
  auto& p = procs_[idx];
  p.binary.assign(binary);
  p.args.assign(args);
  p.cwd.assign(cwd);
  p.exec_id.clear();
  p.start_ns = time_round(node, start_local);
  p.pid = 0;
  p.uid = 0;
  p.auid = 4294967295U;
  p.parent = parent;
  p.container = container;
  p.node = node;
  p.nspid = 0;
  p.refs = 1;  // lifetime reference, dropped by the Exit / Release task
  p.children = 0;
  p.kind = kind;
  p.in_init_tree = false;
  p.maybe_probe = false;
  p.materialized = false;
  p.alive = true;
  p.injected = false;
  p.next_free = kNone;
  if (parent != kNone) {
    procs_[parent].refs++;
    procs_[parent].children++;
    if (container != kNone && procs_[parent].container == container) procs_[idx].in_init_tree = procs_[parent].in_init_tree;
  }
  return idx;
}

void TetragonGenerator::Impl::release(uint32_t p) {
  while (p != kNone) {
    auto& s = procs_[p];
    if (--s.refs != 0) return;
    const uint32_t parent = s.parent;
    if (parent != kNone) procs_[parent].children--;
    s.materialized = false;
    s.next_free = free_proc_;
    free_proc_ = p;
    p = parent;
  }
}

void TetragonGenerator::Impl::materialize(uint32_t p) {
  if (procs_[p].materialized) return;
  const uint32_t parent = procs_[p].parent;
  if (parent != kNone) materialize(parent);
  auto& s = procs_[p];
  const auto& n = nodes_[s.node];
  if (s.kind == ProcKind::Kernel) {
    s.pid = 0;
  } else if (s.pid == 0) {
    s.pid = (s.kind == ProcKind::ExecNoClone && parent != kNone) ? procs_[parent].pid : alloc_pid(s.node);
  }
  scratch2_.assign(n.name);
  scratch2_ += ':';
  if (s.kind == ProcKind::Kernel) {
    scratch2_ += '1';
  } else {
    append_u64(scratch2_, s.start_ns - n.boot_ns);
  }
  scratch2_ += ':';
  append_u64(scratch2_, s.pid);
  s.exec_id.clear();
  append_base64(s.exec_id, scratch2_);
  s.materialized = true;
  render_head(p);
}

void TetragonGenerator::Impl::render_head(uint32_t p) {
  auto& s = procs_[p];
  const auto& n = nodes_[s.node];
  const Profile prof = clusters_[n.cluster].profile;
  const bool root_cwd = s.cwd == "/";
  std::string_view flags;
  switch (s.kind) {
    case ProcKind::Exec: flags = root_cwd ? "execve rootcwd clone" : "execve clone"; break;
    case ProcKind::ExecNoClone: flags = root_cwd ? "execve rootcwd" : "execve"; break;
    case ProcKind::ProcFS:
      if (prof == Profile::Ent2025) {
        flags = root_cwd ? "procFS auid rootcwd" : "procFS auid";
      } else {
        flags = root_cwd ? "procFS rootcwd" : "procFS";
      }
      break;
    case ProcKind::Kernel: flags = "procFS"; break;
  }
  s.head.clear();
  JsonOut j(s.head, opt_.comma_space);
  j.key("exec_id");
  j.str(s.exec_id);
  j.key("pid");
  j.u64(s.pid);
  j.key("uid");
  j.u64(s.uid);
  if (!s.cwd.empty()) {
    j.key("cwd");
    j.str(s.cwd);
  }
  j.key("binary");
  j.str(s.binary);
  if (!s.args.empty()) {
    j.key("arguments");
    j.str(s.args);
  }
  j.key("flags");
  j.str(flags);
  j.key("start_time");
  j.timestamp(s.start_ns);
  j.key("auid");
  j.u64(s.auid);
  if (s.container != kNone) {
    const auto& c = containers_[s.container];
    j.members(c.pod_prefix);
    j.key("pid");
    j.u64(s.nspid);
    if (s.maybe_probe && prof != Profile::Oss2022) {
      j.key("maybe_exec_probe");
      j.boolean(true);
    }
    j.raw_suffix(c.pod_suffix);
  }
  j.key("parent_exec_id");
  j.str(s.parent != kNone ? std::string_view(procs_[s.parent].exec_id) : std::string_view(s.exec_id));

  s.tail.clear();
  JsonOut t(s.tail, opt_.comma_space);
  if (n.cap) t.members(s.container != kNone ? cap_container_json_ : cap_root_json_);
  if (prof != Profile::Oss2022) {
    t.key("tid");
    t.u64(s.pid);
  }
  if (prof == Profile::Ent2025) {
    t.key("in_init_tree");
    t.boolean(s.in_init_tree);
  }
}

void TetragonGenerator::Impl::render_container_json(uint32_t ci) {
  auto& c = containers_[ci];
  const auto& pod = pods_[c.pod];
  const auto& node = nodes_[pod.node];
  const auto& cl = clusters_[node.cluster];
  const auto& w = catalog::workloads()[pod.workload];
  const auto& spec = w.containers[c.spec];
  c.pod_prefix.clear();
  JsonOut j(c.pod_prefix, opt_.comma_space);
  j.key("pod");
  j.begin_obj();
  j.key("namespace");
  j.str(pod.ns);
  j.key("name");
  j.str(pod.name);
  j.key("container");
  j.begin_obj();
  j.key("id");
  scratch_.assign("containerd://");
  scratch_ += c.id;
  j.str(scratch_);
  j.key("name");
  j.str(spec.name);
  j.key("image");
  j.begin_obj();
  j.key("id");
  j.str(c.image_id);
  j.key("name");
  j.str(c.image_name);
  j.end_obj();
  j.key("start_time");
  j.timestamp(c.start_s * kSec);

  c.pod_suffix.clear();
  JsonOut s(c.pod_suffix, opt_.comma_space);
  s.set_after_value();
  if (cl.profile == Profile::Ent2025) {
    s.key("security_context");
    s.begin_obj();
    if (c.privileged) {
      s.key("privileged");
      s.boolean(true);
    }
    s.end_obj();
  }
  s.end_obj();  // container
  s.members(pod.labels_json);
  if (cl.profile != Profile::Oss2022) {
    s.key("workload");
    std::string_view workload = w.kind == catalog::Kind::Pod ? std::string_view(pod.name) : w.name;
    s.str(workload);
    s.key("workload_kind");
    s.str(catalog::kind_name(w.kind));
  }
  s.end_obj();  // pod
  s.key("docker");
  s.str(std::string_view(c.id).substr(0, 31));
}

void TetragonGenerator::Impl::build_node(uint32_t ci, uint32_t k) {
  auto& cl = clusters_[ci];
  const uint32_t ni = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  cl.nodes.push_back(ni);
  auto& n = nodes_[ni];
  n.cluster = ci;
  const uint64_t start = opt_.start_time_ns;
  switch (cl.flavor) {
    case catalog::Flavor::Eks: {
      const auto x = static_cast<uint32_t>(rng_.below(64)), y = static_cast<uint32_t>(2 + rng_.below(250));
      n.name = "ip-10-" + std::to_string(cl.net_octet) + "-" + std::to_string(x) + "-" + std::to_string(y) + "." +
               cl.region + ".compute.internal";
      append_ip(n.ip, 10, cl.net_octet, x, y);
      break;
    }
    case catalog::Flavor::Gke: {
      n.name = "gke-" + cl.name + "-default-pool-";
      append_hex(n.name, rng_, 8);
      n.name += '-';
      static constexpr std::string_view kAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
      for (int i = 0; i < 4; ++i) n.name += kAlnum[rng_.below(kAlnum.size())];
      append_ip(n.ip, 10, cl.net_octet, 0, 3 + k);
      break;
    }
    case catalog::Flavor::Kind:
      n.name = k == 0 ? "kind-control-plane" : (k == 1 ? "kind-worker" : "kind-worker" + std::to_string(k));
      append_ip(n.ip, 172, 18, 0, 2 + k);
      break;
  }
  // Uptime 1 to 21 days: ktime in the 10^13..10^15 ns range.
  const uint64_t uptime = (86400ULL + rng_.below(20ULL * 86400ULL)) * kSec + rng_.below(kSec);
  n.boot_ns = start - uptime;
  const uint64_t agent_age = std::min<uint64_t>(uptime - 600 * kSec, (1800 + rng_.below(3 * 86400)) * kSec);
  n.agent_ns = start - agent_age;
  n.lag_ns = opt_.jitter_ms ? rng_.below(static_cast<uint64_t>(opt_.jitter_ms) * kMs) : 0;
  const bool old = cl.profile == Profile::Oss2022;
  n.pid_max = old ? 32768 : 4194304;
  n.next_pid = old ? 4000 + static_cast<uint32_t>(rng_.below(24000))
                   : 100000 + static_cast<uint32_t>(rng_.below(3000000));
  n.cap = old && rng_.chance(0.2);

  if (cl.profile == Profile::Ent2025) {
    LabelList labels;
    switch (cl.flavor) {
      case catalog::Flavor::Eks: {
        std::string iid = "i-0";
        append_hex(iid, rng_, 16);
        std::string provider;
        append_hex(provider, rng_, 32);
        const std::string zone = cl.region + static_cast<char>('a' + rng_.below(3));
        labels = {{"alpha.eksctl.io/cluster-name", cl.name},
                  {"alpha.eksctl.io/instance-id", iid},
                  {"alpha.eksctl.io/nodegroup-name", "ng-default"},
                  {"beta.kubernetes.io/arch", "amd64"},
                  {"beta.kubernetes.io/instance-type", "m5.xlarge"},
                  {"beta.kubernetes.io/os", "linux"},
                  {"failure-domain.beta.kubernetes.io/region", cl.region},
                  {"failure-domain.beta.kubernetes.io/zone", zone},
                  {"k8s.io/cloud-provider-aws", provider},
                  {"kubernetes.io/arch", "amd64"},
                  {"kubernetes.io/hostname", n.name},
                  {"kubernetes.io/os", "linux"},
                  {"node-lifecycle", "on-demand"},
                  {"node.kubernetes.io/instance-type", "m5.xlarge"},
                  {"topology.k8s.aws/zone-id", "usw2-az" + std::to_string(1 + rng_.below(4))},
                  {"topology.kubernetes.io/region", cl.region},
                  {"topology.kubernetes.io/zone", zone}};
        break;
      }
      case catalog::Flavor::Gke: {
        const std::string zone = cl.region + "-" + static_cast<char>('a' + rng_.below(3));
        labels = {{"beta.kubernetes.io/arch", "amd64"},
                  {"beta.kubernetes.io/instance-type", "e2-standard-4"},
                  {"beta.kubernetes.io/os", "linux"},
                  {"cloud.google.com/gke-boot-disk", "pd-balanced"},
                  {"cloud.google.com/gke-container-runtime", "containerd"},
                  {"cloud.google.com/gke-nodepool", "default-pool"},
                  {"cloud.google.com/gke-os-distribution", "cos"},
                  {"cloud.google.com/machine-family", "e2"},
                  {"kubernetes.io/arch", "amd64"},
                  {"kubernetes.io/hostname", n.name},
                  {"kubernetes.io/os", "linux"},
                  {"topology.kubernetes.io/region", cl.region},
                  {"topology.kubernetes.io/zone", zone}};
        break;
      }
      case catalog::Flavor::Kind:
        labels = {{"beta.kubernetes.io/arch", "amd64"},
                  {"beta.kubernetes.io/os", "linux"},
                  {"kubernetes.io/arch", "amd64"},
                  {"kubernetes.io/hostname", n.name},
                  {"kubernetes.io/os", "linux"}};
        if (k == 0) labels.emplace_back("node-role.kubernetes.io/control-plane", "");
        break;
    }
    JsonOut j(n.labels_json, opt_.comma_space);
    render_map(j, "node_labels", labels);
  }

  // Host processes that existed when Tetragon started (procFS, 10 ms ktime grid).
  const auto& fl = catalog::flavor_spec(cl.flavor);
  auto past = [&](uint64_t local) {
    const uint64_t k10 = (local - n.boot_ns) / (10 * kMs) * (10 * kMs);
    return n.boot_ns + std::max<uint64_t>(k10, 10 * kMs);
  };
  auto past_pid = [&](uint64_t local) {
    // PIDs rise with time since boot, below the current counter.
    const double frac = static_cast<double>(local - n.boot_ns) / static_cast<double>(start - n.boot_ns);
    return 300 + static_cast<uint32_t>(frac * (nodes_[ni].next_pid - 300));
  };
  uint32_t kernel = new_proc(ni, kNone, kNone, "<kernel>", "", "", n.boot_ns, ProcKind::Kernel);
  procs_[kernel].auid = 0;
  nodes_[ni].kernel = kernel;
  auto host = [&](uint32_t parent, std::string_view bin, std::string_view args, std::string_view cwd,
                  uint64_t local, uint32_t pid) {
    expand(scratch_, args, ni, kNone);
    const uint32_t p = new_proc(ni, parent, kNone, bin, scratch_, cwd, past(local), ProcKind::ProcFS);
    procs_[p].pid = pid;
    return p;
  };
  const uint64_t b = nodes_[ni].boot_ns;
  const uint32_t systemd =
      host(kernel, "/usr/lib/systemd/systemd", fl.systemd_args, "/", b + (1 + rng_.below(3)) * kSec, 1);
  nodes_[ni].systemd = systemd;
  const uint64_t t_cd = b + (12 + rng_.below(20)) * kSec;
  nodes_[ni].containerd = host(systemd, fl.containerd, fl.containerd_args, "/", t_cd, past_pid(t_cd));
  const uint64_t t_kl = t_cd + (2 + rng_.below(10)) * kSec;
  nodes_[ni].kubelet = host(systemd, fl.kubelet, fl.kubelet_args, "/", t_kl, past_pid(t_kl));
  const uint64_t t_cr = b + (8 + rng_.below(8)) * kSec;
  nodes_[ni].crond = host(systemd, "/usr/sbin/crond", "-n", "/", t_cr, past_pid(t_cr));
  nodes_[ni].sshd = host(systemd, "/usr/sbin/sshd", "-D", "/", t_cr + kSec, past_pid(t_cr + kSec));
  const uint64_t t_login = start - (600 + rng_.below(7200)) * kSec;
  const uint32_t login = host(nodes_[ni].sshd, "/usr/bin/bash", "", "/home/ec2-user", t_login, past_pid(t_login));
  procs_[login].uid = 1000;
  procs_[login].auid = 1000;
  nodes_[ni].login_shell = login;
  if (cl.flavor == catalog::Flavor::Eks) {
    const uint64_t t_ssm = b + (20 + rng_.below(30)) * kSec;
    nodes_[ni].ssm = host(systemd, "/usr/bin/amazon-ssm-agent", "", "/", t_ssm, past_pid(t_ssm));
    nodes_[ni].ssm_worker =
        host(nodes_[ni].ssm, "/usr/bin/ssm-agent-worker", "", "/", t_ssm + 2 * kSec, past_pid(t_ssm + 2 * kSec));
  }
}

uint32_t TetragonGenerator::Impl::create_pod(uint32_t ni, uint16_t wi, uint32_t ordinal, uint64_t start_local,
                                             bool live) {
  const auto& w = catalog::workloads()[wi];
  const uint32_t ci = nodes_[ni].cluster;
  const uint32_t pi = static_cast<uint32_t>(pods_.size());
  pods_.emplace_back();
  {
    auto& pod = pods_[pi];
    pod.node = ni;
    pod.workload = wi;
    pod.ns.assign(w.ns);
    const std::string_view rs = std::string_view(clusters_[ci].rs_hashes).substr(wi * 10, 9 + wi % 2);
    const std::string_view rev = std::string_view(clusters_[ci].ds_hashes).substr(wi * 10, 9 + (wi + 1) % 2);
    LabelList labels;
    for (const auto& l : w.labels) labels.emplace_back(std::string(l.key), std::string(l.value));
    pod.name.assign(w.name);
    switch (w.kind) {
      case catalog::Kind::Deployment:
        pod.name += '-';
        pod.name += rs;
        pod.name += '-';
        append_k8s(pod.name, rng_, 5);
        labels.emplace_back("pod-template-hash", std::string(rs));
        break;
      case catalog::Kind::DaemonSet:
        pod.name += '-';
        append_k8s(pod.name, rng_, 5);
        labels.emplace_back("controller-revision-hash", std::string(rev));
        labels.emplace_back("pod-template-generation", std::to_string(1 + wi % 3));
        break;
      case catalog::Kind::StatefulSet:
        pod.name += '-';
        pod.name += std::to_string(ordinal);
        labels.emplace_back("apps.kubernetes.io/pod-index", std::to_string(ordinal));
        labels.emplace_back("controller-revision-hash", std::string(w.name) + "-" + std::string(rev));
        labels.emplace_back("statefulset.kubernetes.io/pod-name", pod.name);
        break;
      case catalog::Kind::Job:
      case catalog::Kind::CronJob: {
        std::string job(w.name);
        job += '-';
        append_u64(job, start_local / kSec / 60);
        std::string uid;
        append_uuid(uid, rng_);
        pod.name = job + "-";
        append_k8s(pod.name, rng_, 5);
        labels.emplace_back("batch.kubernetes.io/controller-uid", uid);
        labels.emplace_back("batch.kubernetes.io/job-name", job);
        labels.emplace_back("controller-uid", uid);
        labels.emplace_back("job-name", job);
        break;
      }
      case catalog::Kind::Pod: break;
    }
    JsonOut j(pod.labels_json, opt_.comma_space);
    if (!labels.empty()) render_map(j, "pod_labels", labels);
    append_hex(pod.sandbox, rng_, 64);
  }
  random_pod_ip(ci, pods_[pi].ip);
  nodes_[ni].pods.push_back(pi);

  const auto& fl = catalog::flavor_spec(clusters_[ci].flavor);
  const auto& node = nodes_[ni];
  const bool before_agent = start_local < node.agent_ns;
  const ProcKind kind = before_agent ? ProcKind::ProcFS : ProcKind::Exec;
  auto past_pid = [&](uint64_t local) {
    const double frac =
        static_cast<double>(local - node.boot_ns) / static_cast<double>(opt_.start_time_ns - node.boot_ns);
    return 300 + static_cast<uint32_t>(frac * (node.next_pid - 300)) + static_cast<uint32_t>(rng_.below(50));
  };
  scratch_.assign("-namespace k8s.io -id ");
  scratch_ += pods_[pi].sandbox;
  scratch_ += " -address /run/containerd/containerd.sock";
  scratch2_.assign("/run/containerd/io.containerd.runtime.v2.task/k8s.io/");
  scratch2_ += pods_[pi].sandbox;
  const uint32_t shim = new_proc(ni, node.systemd, kNone, fl.shim, scratch_, scratch2_, start_local, kind);
  pods_[pi].shim = shim;
  if (!live) {
    procs_[shim].pid = past_pid(start_local);
  } else {
    schedule_life(shim, ~0ULL, Behavior::None, true);
  }

  for (uint16_t si = 0; si < w.containers.size(); ++si) {
    const auto& spec = w.containers[si];
    const uint32_t cidx = static_cast<uint32_t>(containers_.size());
    containers_.emplace_back();
    pods_[pi].containers.push_back(cidx);
    auto& c = containers_[cidx];
    c.pod = pi;
    c.spec = si;
    c.privileged = spec.privileged;
    append_hex(c.id, rng_, 64);
    const uint64_t cstart_local = start_local + kSec + si * 300 * kMs + rng_.below(400 * kMs);
    c.start_s = cstart_local / kSec;
    expand(c.image_name, spec.image, ni, kNone);
    c.image_id = image_id_for(clusters_[ci], c.image_name);
    render_container_json(cidx);

    expand(scratch_, spec.init.args, ni, cidx);
    const uint64_t init_start = c.start_s * kSec + 5 * kMs + rng_.below(800 * kMs);
    const uint32_t init = new_proc(ni, shim, cidx, spec.init.binary, scratch_, spec.cwd, init_start, kind);
    containers_[cidx].init = init;
    procs_[init].uid = spec.uid;
    procs_[init].nspid = 1;
    procs_[init].in_init_tree = true;
    if (!live) {
      procs_[init].pid = past_pid(init_start);
    } else {
      schedule_life(init, ~0ULL, Behavior::None, true);
    }
    if (!spec.worker.binary.empty()) {
      expand(scratch_, spec.worker.args, ni, cidx);
      const uint64_t ws = init_start + 100 * kMs + rng_.below(2 * kSec);
      const uint32_t worker = new_proc(ni, init, cidx, spec.worker.binary, scratch_, spec.cwd, ws,
                                       ws < node.agent_ns ? ProcKind::ProcFS : ProcKind::Exec);
      containers_[cidx].worker = worker;
      procs_[worker].uid = spec.uid;
      procs_[worker].nspid = containers_[cidx].next_nspid++;
      if (!live) {
        procs_[worker].pid = past_pid(ws);
      } else {
        schedule_life(worker, ~0ULL, Behavior::None, true);
      }
    }
    // Background activity of the container.
    const double act = opt_.activity;
    if (act > 0) {
      const uint64_t t0 = std::max(now_, global_of(ni, init_start)) + kMs;
      if (!spec.probe.cmd.binary.empty())
        schedule(t0 + rng_.below(static_cast<uint64_t>(spec.probe.period_s) * kSec), TaskKind::ProbeTick, cidx);
      if (spec.cmds_per_hour)
        schedule(t0 + static_cast<uint64_t>(rng_.exponential(3600.0 / spec.cmds_per_hour / act) * kSec),
                 TaskKind::AppTick, cidx);
      if (spec.connects && clusters_[ci].profile == Profile::Ent2025)
        schedule(t0 + static_cast<uint64_t>(rng_.exponential(90.0 / act) * kSec), TaskKind::ConnTick, cidx);
    }
  }
  return pi;
}

void TetragonGenerator::Impl::retire_pod(uint32_t pi, uint64_t t) {
  auto& pod = pods_[pi];
  if (!pod.alive) return;
  pod.alive = false;
  auto& list = nodes_[pod.node].pods;
  list.erase(std::remove(list.begin(), list.end(), pi), list.end());
  // Containers stop first, then the shim. Their lifetime tasks end them.
  uint64_t tt = t;
  for (uint32_t ci : pod.containers) {
    containers_[ci].alive = false;
    for (uint32_t p : {containers_[ci].worker, containers_[ci].init}) {
      if (p == kNone) continue;
      tt += kMs + rng_.below(50 * kMs);
      if (rng_.chance(opt_.exit_fraction)) {
        schedule(tt, TaskKind::Exit, p, rng_.chance(0.5) ? (15U << 16) : 143U);
      } else {
        schedule(tt, TaskKind::Release, p);
      }
    }
  }
  schedule(tt + 20 * kMs, TaskKind::Release, pod.shim);
}

uint32_t TetragonGenerator::Impl::replace_pod(uint32_t pi, uint64_t t) {
  const uint32_t node = pods_[pi].node;
  const uint16_t wi = pods_[pi].workload;
  uint32_t ordinal = 0;
  if (catalog::workloads()[wi].kind == catalog::Kind::StatefulSet) {
    const auto dash = pods_[pi].name.rfind('-');
    ordinal = static_cast<uint32_t>(std::stoul(pods_[pi].name.substr(dash + 1)));
  }
  retire_pod(pi, t);
  return create_pod(node, wi, ordinal, local_of(node, t), true);
}

void TetragonGenerator::Impl::build_world() {
  const uint32_t nclusters = std::clamp<uint32_t>(opt_.clusters, 1, 3);
  // Profiles: every weighted profile once while clusters last, then weighted
  // draws. Ent2025 goes first so the EKS cluster gets the Enterprise shape.
  std::vector<Profile> profiles;
  for (int p = kProfileCount - 1; p >= 0; --p)
    if (opt_.profile_weights[static_cast<size_t>(p)] > 0) profiles.push_back(static_cast<Profile>(p));
  if (profiles.empty()) profiles.push_back(Profile::Oss2024);
  while (profiles.size() < nclusters)
    profiles.push_back(static_cast<Profile>(rng_.weighted(opt_.profile_weights.data(), kProfileCount)));
  profiles.resize(nclusters);

  for (uint32_t i = 0; i < nclusters; ++i) {
    clusters_.emplace_back();
    auto& c = clusters_.back();
    c.flavor = static_cast<catalog::Flavor>(i);
    c.name.assign(kClusterNames[i]);
    c.region.assign(kRegions[i]);
    c.profile = profiles[i];
    c.net_octet = 10 * (i + 1) + static_cast<uint32_t>(rng_.below(10));
    for (size_t w = 0; w < catalog::workloads().size(); ++w) {
      append_k8s(c.rs_hashes, rng_, 10);
      append_k8s(c.ds_hashes, rng_, 10);
    }
  }
  // Nodes are shared out in proportion to the weight of each cluster's
  // profile (at least one each), so the profile weights set the event mix.
  const uint32_t nnodes = std::max(opt_.nodes, nclusters);
  std::vector<uint32_t> share(nclusters, 1);
  {
    uint64_t wsum = 0;
    for (uint32_t i = 0; i < nclusters; ++i)
      wsum += std::max<uint32_t>(1, opt_.profile_weights[static_cast<size_t>(clusters_[i].profile)]);
    uint32_t given = nclusters;
    for (uint32_t i = 0; i < nclusters && given < nnodes; ++i) {
      const uint64_t w = std::max<uint32_t>(1, opt_.profile_weights[static_cast<size_t>(clusters_[i].profile)]);
      const auto extra = static_cast<uint32_t>(std::min<uint64_t>(nnodes - given, (nnodes * w) / wsum));
      const uint32_t add = extra > 0 ? extra - 1 : 0;
      share[i] += add;
      given += add;
    }
    for (uint32_t i = 0; given < nnodes; i = (i + 1) % nclusters, ++given) share[i]++;
  }
  for (uint32_t ci = 0; ci < nclusters; ++ci)
    for (uint32_t k = 0; k < share[ci]; ++k) build_node(ci, k);
  // Capabilities blocks (Oss2022 nodes with cap export).
  {
    static constexpr std::string_view kContainerCaps[] = {
        "CAP_CHOWN",    "DAC_OVERRIDE", "CAP_FOWNER",   "CAP_FSETID",           "CAP_KILL",
        "CAP_SETGID",   "CAP_SETUID",   "CAP_SETPCAP",  "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
        "CAP_SYS_CHROOT", "CAP_MKNOD",  "CAP_AUDIT_WRITE", "CAP_SETFCAP"};
    static constexpr std::string_view kAllCaps[] = {
        "CAP_CHOWN", "DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};
    auto render_caps = [&](std::string& out, std::span<const std::string_view> caps) {
      JsonOut j(out, opt_.comma_space);
      j.key("cap");
      j.begin_obj();
      for (std::string_view set : {"permitted", "effective"}) {
        j.key(set);
        j.begin_arr();
        for (auto cap : caps) j.str(cap);
        j.end_arr();
      }
      j.end_obj();
    };
    render_caps(cap_container_json_, kContainerCaps);
    render_caps(cap_root_json_, kAllCaps);
  }

  // Pods: one per DaemonSet per node, then the other workloads spread over
  // the cluster's nodes, scaled so each node holds about pods_per_node.
  const auto ws = catalog::workloads();
  const uint64_t start = opt_.start_time_ns;
  for (uint32_t ci = 0; ci < nclusters; ++ci) {
    const auto flavor_bit = static_cast<uint8_t>(1 << static_cast<int>(clusters_[ci].flavor));
    uint32_t total_replicas = 0;
    for (const auto& w : ws)
      if (w.kind != catalog::Kind::DaemonSet && w.kind != catalog::Kind::CronJob) total_replicas += w.replicas;
    const double factor = static_cast<double>(clusters_[ci].nodes.size() * opt_.pods_per_node) / total_replicas;
    for (uint16_t wi = 0; wi < ws.size(); ++wi) {
      const auto& w = ws[wi];
      if (w.flavors && !(w.flavors & flavor_bit)) continue;
      if (w.kind == catalog::Kind::CronJob) continue;  // only created by churn
      const auto& cnodes = clusters_[ci].nodes;
      if (w.kind == catalog::Kind::DaemonSet) {
        for (uint32_t ni : cnodes) {
          const auto& n = nodes_[ni];
          const uint64_t up = start - n.boot_ns;
          const uint64_t age = std::min<uint64_t>(up - 120 * kSec, 60 * kSec + rng_.below(up / 2));
          create_pod(ni, wi, 0, start - age, false);
        }
        continue;
      }
      const uint32_t count = std::max<uint32_t>(1, static_cast<uint32_t>(w.replicas * factor + 0.5));
      for (uint32_t r = 0; r < count; ++r) {
        const uint32_t ni = cnodes[rng_.below(cnodes.size())];
        const auto& n = nodes_[ni];
        const uint64_t up = start - n.boot_ns;
        // Log-uniform age between 10 minutes and the node's uptime.
        const double lo = 600.0, hi = static_cast<double>((up - 120 * kSec) / kSec);
        const double frac = rng_.unit();
        double age_s = lo;
        if (hi > lo) {
          double ratio = hi / lo, v = 1.0;
          // lo * ratio^frac without pow(): repeated square roots.
          double f = frac, base = ratio;
          for (int bit = 0; bit < 30; ++bit) {
            base = [](double x) {  // sqrt by Newton iteration (basic ops only)
              double root = x > 1 ? x / 2 : 1;
              for (int it = 0; it < 60; ++it) root = 0.5 * (root + x / root);
              return root;
            }(base);
            f *= 2;
            if (f >= 1) {
              v *= base;
              f -= 1;
            }
          }
          age_s = lo * v;
        }
        create_pod(ni, wi, r, start - static_cast<uint64_t>(age_s) * kSec - rng_.below(kSec), false);
      }
    }
  }
  for (uint32_t ni = 0; ni < nodes_.size(); ++ni)
    schedule(now_ + rng_.below(2 * kSec), TaskKind::HostTick, ni);
  for (uint32_t ci = 0; ci < nclusters; ++ci)
    schedule(now_ + (30 + rng_.below(120)) * kSec, TaskKind::ChurnTick, ci);
}

}  // namespace rulejit::bench
