// JSON rendering of TetragonGenerator events, and the per-event facts fed to
// the ground truth.
#include <algorithm>

#include "bench/generator/generator_impl.h"

namespace rulejit::bench {

namespace {

constexpr std::string_view kSignals[] = {"",        "SIGHUP",  "SIGINT",  "SIGQUIT", "SIGILL",  "SIGTRAP",
                                         "SIGABRT", "SIGBUS",  "SIGFPE",  "SIGKILL", "SIGUSR1", "SIGSEGV",
                                         "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

void arg_int(JsonOut& j, int64_t v) {
  j.begin_obj();
  j.key("int_arg");
  j.i64(v);
  j.end_obj();
}

void arg_str(JsonOut& j, std::string_view v, std::string_view label = {}) {
  j.begin_obj();
  j.key("string_arg");
  j.str(v);
  if (!label.empty()) {
    j.key("label");
    j.str(label);
  }
  j.end_obj();
}

void arg_file(JsonOut& j, std::string_view path, std::string_view permission) {
  j.begin_obj();
  j.key("file_arg");
  j.begin_obj();
  j.key("path");
  j.str(path);
  if (!permission.empty()) {
    j.key("permission");
    j.str(permission);
  }
  j.end_obj();
  j.end_obj();
}

}  // namespace

void TetragonGenerator::Impl::write_process(JsonOut& j, uint32_t p, uint32_t refcnt) {
  materialize(p);
  const auto& s = procs_[p];
  j.begin_obj();
  j.members(s.head);
  if (refcnt) {
    j.key("refcnt");
    j.u64(refcnt);
  }
  j.members(s.tail);
  j.end_obj();
}

void TetragonGenerator::Impl::write_envelope(JsonOut& j, uint32_t node, uint64_t time_local, bool with_time,
                                             bool us_precision) {
  const auto& n = nodes_[node];
  j.key("node_name");
  j.str(n.name);
  if (with_time) {
    uint64_t t = time_round(node, time_local);
    if (us_precision) t -= t % 1000;
    j.key("time");
    j.timestamp(t);
  }
  if (opt_.cluster_name) {
    j.key("cluster_name");
    j.str(clusters_[n.cluster].name);
  }
  j.members(n.labels_json);
  j.end_obj();
}

void TetragonGenerator::Impl::fill_facts(EventFacts& f, EventType type, uint32_t p, uint64_t time_local,
                                         Behavior beh) {
  const auto& s = procs_[p];
  const auto& n = nodes_[s.node];
  f = EventFacts{};
  f.type = type;
  f.behavior = beh;
  f.time_ns = time_local;
  if (opt_.cluster_name) f.cluster = clusters_[n.cluster].name;
  f.node = n.name;
  f.binary = s.binary;
  f.arguments = s.args;
  f.pid = s.pid;
  if (s.parent != kNone) {
    const auto& par = procs_[s.parent];
    f.parent_binary = par.binary;
    if (par.container != kNone) {
      f.parent_has_pod = true;
      f.parent_pod_name = pods_[containers_[par.container].pod].name;
    }
  }
  f.start_ns = s.start_ns;
  if (s.container != kNone) {
    const auto& c = containers_[s.container];
    const auto& pod = pods_[c.pod];
    f.has_pod = true;
    f.pod_name = pod.name;
    f.pod_namespace = pod.ns;
    f.container_id = c.id;  // the rule sees "containerd://" + id; equality is what matters
    f.image_name = c.image_name;
    f.container_start_s = c.start_s;
  }
}

void TetragonGenerator::Impl::write_exec(std::string& line, uint32_t p, Behavior beh) {
  const auto& s = procs_[p];
  const uint32_t node = s.node;
  const Profile prof = profile_of_node(node);
  const bool old = prof == Profile::Oss2022;
  JsonOut j(line, opt_.comma_space);
  j.begin_obj();
  j.key("process_exec");
  j.begin_obj();
  j.key("process");
  write_process(j, p, old ? 1 : 0);
  const uint32_t parent = procs_[p].parent;
  if (parent != kNone) {
    j.key("parent");
    write_process(j, parent, old ? std::max<uint32_t>(1, procs_[parent].children) : 0);
    if (prof == Profile::Ent2025 && opt_.max_ancestors) {
      uint32_t a = procs_[parent].parent;
      if (a != kNone && procs_[a].kind != ProcKind::Kernel) {
        j.key("ancestors");
        j.begin_arr();
        for (uint32_t count = 0; a != kNone && procs_[a].kind != ProcKind::Kernel && count < opt_.max_ancestors;
             ++count) {
          write_process(j, a, 0);
          if (procs_[a].pid == 1) break;
          a = procs_[a].parent;
        }
        j.end_arr();
      }
    }
  }
  j.end_obj();
  // `time` is observed 0.1-2 us before the recorded process start.
  const uint64_t t = procs_[p].start_ns - 100 - rng_.below(1900);
  const bool with_time = !old || rng_.chance(0.98);
  write_envelope(j, node, t, with_time, false);
  fill_facts(facts_, EventType::ProcessExec, p, with_time ? time_round(node, t) : procs_[p].start_ns, beh);
}

void TetragonGenerator::Impl::write_exit(std::string& line, uint32_t p, uint32_t code, uint64_t t_global) {
  const uint32_t node = procs_[p].node;
  const Profile prof = profile_of_node(node);
  const uint64_t t = time_round(node, local_of(node, t_global));
  JsonOut j(line, opt_.comma_space);
  j.begin_obj();
  j.key("process_exit");
  j.begin_obj();
  j.key("process");
  write_process(j, p, 0);
  const uint32_t parent = procs_[p].parent;
  if (parent != kNone) {
    j.key("parent");
    write_process(j, parent, prof == Profile::Oss2022 ? std::max<uint32_t>(1, procs_[parent].children) : 0);
  }
  const uint32_t sig = code >> 16, status = code & 0xFFFF;
  if (sig && sig < std::size(kSignals)) {
    j.key("signal");
    j.str(kSignals[sig]);
  }
  if (status) {
    j.key("status");
    j.u64(status);
  }
  if (prof != Profile::Oss2022) {
    j.key("time");
    j.timestamp(t);
  }
  j.end_obj();
  write_envelope(j, node, t, true, false);
  fill_facts(facts_, EventType::ProcessExit, p, t, Behavior::None);
}

void TetragonGenerator::Impl::write_kprobe(std::string& line, uint32_t p, uint32_t arg, uint64_t t_global,
                                           Behavior beh) {
  const uint32_t node = procs_[p].node;
  const Profile prof = profile_of_node(node);
  const bool old = prof == Profile::Oss2022;
  const auto kind = static_cast<KprobeKind>(arg & 0xFF);
  const uint32_t param = arg >> 8;
  const uint64_t t = time_round(node, local_of(node, t_global));
  JsonOut j(line, opt_.comma_space);
  j.begin_obj();
  j.key("process_kprobe");
  j.begin_obj();
  j.key("process");
  write_process(j, p, 1);
  const uint32_t parent = procs_[p].parent;
  if (parent != kNone) {
    j.key("parent");
    write_process(j, parent, old ? std::max<uint32_t>(1, procs_[parent].children) : 0);
  }
  std::string_view fn, policy, action = "KPROBE_ACTION_POST";
  bool has_return = true;
  int64_t ret = 0;
  switch (kind) {
    case KprobeKind::FilePermPasswd: fn = "security_file_permission"; policy = "file-monitoring"; break;
    case KprobeKind::ShadowRead:
      fn = "security_file_permission";
      policy = "file-monitoring";
      ret = procs_[p].uid == 0 ? 0 : -13;
      break;
    case KprobeKind::ExecveAudit:
      fn = "__x64_sys_execve";
      policy = "auditd-equivalent-security-monitoring";
      has_return = false;
      break;
    case KprobeKind::ModuleRequest: fn = "security_kernel_module_request"; policy = "kernel-module-monitoring"; break;
    case KprobeKind::TcpConnect:
      fn = "tcp_connect";
      policy = "monitor-network-activity-outside-cluster";
      has_return = false;
      break;
    case KprobeKind::Setns: fn = "__x64_sys_setns"; policy = "namespace-access"; has_return = false; break;
    case KprobeKind::Ptrace: fn = "__x64_sys_ptrace"; policy = "ptrace-monitoring"; break;
    case KprobeKind::InitModule: fn = "__x64_sys_init_module"; policy = "kernel-module-load"; break;
    case KprobeKind::FinitModule: fn = "__x64_sys_finit_module"; policy = "kernel-module-load"; break;
    case KprobeKind::BprmCheck:
      fn = "security_bprm_check";
      policy = "block-tmp-exec";
      action = "KPROBE_ACTION_SIGKILL";
      has_return = false;
      break;
    case KprobeKind::SpikeMount: fn = "__x64_sys_mount"; policy = "container-escape-syscalls"; break;
    case KprobeKind::SpikeSethostname:
      fn = "__x64_sys_sethostname";
      policy = "container-escape-syscalls";
      ret = -1;
      break;
    case KprobeKind::SpikeUnshare: fn = "__x64_sys_unshare"; policy = "container-escape-syscalls"; break;
  }
  j.key("function_name");
  j.str(fn);
  j.key("args");
  j.begin_arr();
  switch (kind) {
    case KprobeKind::FilePermPasswd:
      arg_file(j, "/etc/passwd", old ? "" : "-rw-r--r--");
      arg_int(j, param % 2 ? 2 : 4);
      break;
    case KprobeKind::ShadowRead:
      arg_file(j, "/etc/shadow", old ? "" : "-rw-r-----");
      arg_int(j, 4);
      break;
    case KprobeKind::ExecveAudit: {
      static constexpr std::string_view kTargets[] = {"/bin/gzip", "/usr/bin/date", "/usr/bin/find", "/bin/cat",
                                                      "/usr/bin/stat"};
      arg_str(j, kTargets[rng_.below(std::size(kTargets))], "filename");
      j.begin_obj();
      j.key("bytes_arg");
      j.str("");
      j.key("label");
      j.str("argv");
      j.end_obj();
      break;
    }
    case KprobeKind::ModuleRequest: arg_str(j, rng_.chance(0.5) ? "fs-xfs" : "net-pf-10"); break;
    case KprobeKind::TcpConnect: {
      j.begin_obj();
      j.key("sock_arg");
      j.begin_obj();
      j.key("family");
      j.str("AF_INET");
      j.key("type");
      j.str("SOCK_STREAM");
      j.key("protocol");
      j.str("IPPROTO_TCP");
      j.key("saddr");
      j.str(nodes_[node].ip);
      j.key("daddr");
      scratch_.assign("34.");
      append_u64(scratch_, rng_.below(256));
      scratch_ += '.';
      append_u64(scratch_, rng_.below(256));
      scratch_ += '.';
      append_u64(scratch_, 1 + rng_.below(254));
      j.str(scratch_);
      j.key("sport");
      j.u64(32768 + rng_.below(28000));
      j.key("dport");
      j.u64(443);
      j.key("cookie");
      j.u64_string(18446462598732840960ULL + rng_.below(1ULL << 40));
      j.key("state");
      j.str("TCP_SYN_SENT");
      j.end_obj();
      j.end_obj();
      break;
    }
    case KprobeKind::Setns: {
      static constexpr int64_t kNsTypes[] = {134217728, 1073741824, 67108864, 536870912};
      arg_int(j, 3 + param % 4);
      arg_int(j, kNsTypes[param % 4]);
      break;
    }
    case KprobeKind::Ptrace:
      arg_int(j, param % 2 ? 16902 : 16);  // PTRACE_SEIZE / PTRACE_ATTACH
      arg_int(j, 1);
      break;
    case KprobeKind::InitModule: {
      j.begin_obj();
      j.key("bytes_arg");
      scratch_.clear();
      append_base64(scratch_, std::string_view("\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16));
      j.str(scratch_);
      j.end_obj();
      j.begin_obj();
      j.key("size_arg");
      j.u64_string(380928 + 4096 * param);
      j.end_obj();
      arg_str(j, "");
      break;
    }
    case KprobeKind::FinitModule:
      arg_int(j, 3);
      arg_str(j, "");
      arg_int(j, 0);
      break;
    case KprobeKind::BprmCheck: {
      static constexpr std::string_view kPaths[] = {"/tmp/xmrig", "/tmp/.x/kdevtmpfsi", "/dev/shm/payload",
                                                    "/tmp/kinsing"};
      arg_file(j, kPaths[param % 4], "");
      break;
    }
    case KprobeKind::SpikeMount:
      arg_str(j, param % 2 ? "/dev/nvme0n1p1" : "/dev/sda1");
      arg_str(j, "/mnt/host");
      arg_str(j, param % 2 ? "xfs" : "ext4");
      arg_int(j, 0);
      break;
    case KprobeKind::SpikeSethostname:
      arg_str(j, "pwned");
      arg_int(j, 5);
      break;
    case KprobeKind::SpikeUnshare: arg_int(j, 268566528); break;
  }
  j.end_arr();
  if (has_return) {
    j.key("return");
    arg_int(j, ret);
  }
  j.key("action");
  j.str(action);
  if (!old) {
    j.key("policy_name");
    j.str(policy);
    if (has_return || prof == Profile::Ent2025) {
      j.key("return_action");
      j.str("KPROBE_ACTION_POST");
    }
  }
  j.end_obj();
  write_envelope(j, node, t, true, false);
  fill_facts(facts_, EventType::ProcessKprobe, p, t, beh);
  facts_.has_action = true;
}

void TetragonGenerator::Impl::write_conn(std::string& line, uint32_t p, uint32_t ci, bool close, uint64_t t_global,
                                         Behavior beh) {
  const uint32_t node = procs_[p].node;
  const auto& c = conns_[ci];
  uint64_t t = local_of(node, t_global);
  t -= t % 1000;
  JsonOut j(line, opt_.comma_space);
  j.begin_obj();
  j.key(close ? "process_close" : "process_connect");
  j.begin_obj();
  j.key("process");
  write_process(j, p, 0);
  const uint32_t parent = procs_[p].parent;
  if (parent != kNone) {
    j.key("parent");
    write_process(j, parent, 0);
  }
  j.key("source_ip");
  j.str(c.src_ip);
  j.key("source_port");
  j.u64(c.sport);
  j.key("destination_ip");
  j.str(c.dst_ip);
  j.key("destination_port");
  j.u64(c.dport);
  j.key("sock_cookie");
  j.u64_string(c.cookie);
  if (c.dest_pod != kNone) {
    const auto& dp = pods_[c.dest_pod];
    const auto& w = catalog::workloads()[dp.workload];
    j.key("destination_pod");
    j.begin_obj();
    j.key("namespace");
    j.str(dp.ns);
    j.key("name");
    j.str(dp.name);
    j.members(dp.labels_json);
    j.key("workload");
    j.str(w.kind == catalog::Kind::Pod ? std::string_view(dp.name) : w.name);
    j.key("workload_kind");
    j.str(catalog::kind_name(w.kind));
    j.end_obj();
  }
  if (close) {
    j.key("stats");
    j.begin_obj();
    j.key("bytes_sent");
    j.u64_string(c.bytes_sent);
    j.key("bytes_received");
    j.u64_string(c.bytes_received);
    j.key("segs_in");
    j.u64(1 + c.bytes_received / 1400);
    j.key("segs_out");
    j.u64(1 + c.bytes_sent / 1400);
    j.end_obj();
  }
  j.key("protocol");
  j.str(c.udp ? "UDP" : "TCP");
  j.end_obj();
  write_envelope(j, node, t, true, true);
  fill_facts(facts_, close ? EventType::ProcessClose : EventType::ProcessConnect, p, t, beh);
  facts_.dest_ip = c.dst_ip;
  facts_.dest_port = c.dport;
}

bool TetragonGenerator::Impl::execute(const Task& task, std::string& line) {
  const uint32_t p = task.a;
  last_injected_ = task.behavior != Behavior::None || (p < procs_.size() && procs_[p].injected);
  switch (task.kind) {
    case TaskKind::Exec:
      materialize(p);
      write_exec(line, p, task.behavior);
      maybe_background_extras(p);
      release(p);
      return true;
    case TaskKind::ExecSilent:
      materialize(p);
      release(p);
      return false;
    case TaskKind::Exit:
      write_exit(line, p, task.b, task.t);
      procs_[p].alive = false;
      release(p);
      return true;
    case TaskKind::Release:
      procs_[p].alive = false;
      release(p);
      return false;
    case TaskKind::Kprobe:
      write_kprobe(line, p, task.b, task.t, task.behavior);
      release(p);
      return true;
    case TaskKind::Connect:
    case TaskKind::Close: {
      const bool close = task.kind == TaskKind::Close;
      write_conn(line, p, task.b, close, task.t, task.behavior);
      if (close || !conns_[task.b].has_close) {
        conns_[task.b].next_free = free_conn_;
        free_conn_ = task.b;
      }
      release(p);
      return true;
    }
    case TaskKind::ProbeTick: run_probe(task.a); return false;
    case TaskKind::AppTick: run_app(task.a); return false;
    case TaskKind::ConnTick: run_conn_tick(task.a); return false;
    case TaskKind::HostTick: run_host(task.a); return false;
    case TaskKind::ChurnTick: run_churn(task.a); return false;
    case TaskKind::PodRetire: retire_pod(task.a, now_); return false;
  }
  return false;
}

}  // namespace rulejit::bench
