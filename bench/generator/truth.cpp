#include "bench/generator/truth.h"

#include <algorithm>

#include "bench/generator/json_out.h"

namespace rulejit::bench {

namespace {

constexpr std::string_view kEventTypeNames[kEventTypeCount] = {
    "process_exec", "process_exit", "process_kprobe", "process_connect", "process_close"};

struct BehaviorInfo {
  std::string_view name;
  std::string_view signature;
  bool derived;
};

constexpr BehaviorInfo kBehaviors[kBehaviorCount] = {
    {"background", "every event not produced by an injected behavior", false},
    {"shell_in_container",
     "process_exec in a pod; parent basename runc; basename in the shell list except sh; no arguments",
     false},
    {"late_exec",
     "process_exec in a pod; parent basename runc; basename sh; no arguments; start_time > container "
     "start_time + 300 s",
     false},
    {"early_exec",
     "process_exec in a pod; parent basename runc; basename sh; no arguments; start_time <= container "
     "start_time + 300 s",
     false},
    {"curl_insecure", "process_exec of curl in a pod whose process matches the insecure-flag regex", false},
    {"curl_near_miss",
     "process_exec of curl in a pod, regex does not match, parent is runc or a shell with no arguments",
     false},
    {"cron_in_pod", "process_exec in a pod with basename cron, crond or crontab (any case)", false},
    {"cron_on_host", "process_exec without a pod with basename cron, crond or crontab (any case)", false},
    {"nsenter_escape", "process_exec in a pod with basename nsenter", false},
    {"nsenter_host_shell", "process_exec whose parent basename is nsenter", true},
    {"offensive_tool", "process_exec in a pod whose basename is in linux_offsec_tool_processes", false},
    {"offensive_near_miss",
     "process_exec in a pod with basename linpeas.sh, kube-hunter, peirates, impacket-secretsdump or pspy64",
     false},
    {"escape_recon",
     "process_exec in a pod with basename ps, mount or ls whose parent is a shell with no arguments", false},
    {"kprobe_shadow_read", "process_kprobe security_file_permission with file_arg path /etc/shadow", false},
    {"kprobe_setns", "process_kprobe __x64_sys_setns", false},
    {"kprobe_ptrace", "process_kprobe __x64_sys_ptrace", false},
    {"kprobe_module_load", "process_kprobe __x64_sys_init_module or __x64_sys_finit_module", false},
    {"kprobe_bprm_check", "process_kprobe security_bprm_check", false},
    {"kprobe_spike", "process_kprobe __x64_sys_mount, __x64_sys_sethostname or __x64_sys_unshare", false},
    {"metadata_connect",
     "process_connect to 169.254.169.254 from a pod whose parent binary is not an excluded cloud agent",
     false},
    {"metadata_connect_excluded",
     "process_connect to 169.254.169.254 from a pod whose parent binary ends in /app/aws-vpc-cni", false},
    {"metadata_connect_host", "process_connect to 169.254.169.254 without a pod", false},
    {"unusual_port_connect", "process_connect from a pod to destination_port 4444, 1337 or 31337", false},
};

constexpr std::string_view kDetectionNames[kDetectionCount] = {
    "cisco_isovalent___shell_execution",
    "cisco_isovalent___curl_execution_with_insecure_flags",
    "cisco_isovalent___cron_job_creation",
    "cisco_isovalent___late_process_execution",
    "cisco_isovalent___nsenter_usage_in_kubernetes_pod",
    "cisco_isovalent___pods_running_offensive_tools",
    "cisco_isovalent___potential_escape_to_host",
    "cisco_isovalent___access_to_cloud_metadata_service",
    "cisco_isovalent___access_to_cloud_metadata_service (dest_ip=169.254.169.254 only)",
    "cisco_isovalent___kprobe_spike",
};

constexpr std::string_view kShells[] = {"sh",   "ksh",  "zsh",  "bash", "dash",  "rbash",
                                        "fish", "csh",  "tcsh", "ion",  "eshell"};

// security_content macros/linux_offsec_tool_processes.yml (process_name IN).
constexpr std::string_view kOffsecTools[] = {
    "nmap", "masscan", "zmap", "amap", "netcat", "nc", "hping3", "ike-scan", "dnsenum", "dnsrecon",
    "fierce", "theharvester", "sublist3r", "metasploit", "msfconsole", "msfvenom", "empire", "pupy",
    "covenant", "havoc", "sliver-client", "sliver-server", "poshc2", "mythic", "evilginx", "beef-xss",
    "hydra", "medusa", "john", "hashcat", "crowbar", "patator", "mimikatz", "impacket-",
    "ldapdomaindump", "enum4linux", "smbclient", "smbmap", "crackmapexec", "bloodhound", "sharphound",
    "linpeas", "linenum", "pspy", "ldpreload", "peass-ng", "linux-exploit-suggester", "les",
    "exploitdb", "persistence", "dirtycow", "dirtypipe", "sudo_killer"};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool icontains(std::string_view s, std::string_view needle) {
  if (needle.size() > s.size()) return false;
  for (size_t i = 0; i + needle.size() <= s.size(); ++i)
    if (iequals(s.substr(i, needle.size()), needle)) return true;
  return false;
}

bool is_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Order-sensitive hash of a tuple of strings.
class KeyHash {
 public:
  KeyHash& add(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001B3ULL;
    h_ = (h_ ^ 0x1F) * 0x100000001B3ULL;  // part separator
    return *this;
  }
  KeyHash& add(uint64_t v) {
    for (int i = 0; i < 8; ++i) h_ = (h_ ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001B3ULL;
    h_ = (h_ ^ 0x1E) * 0x100000001B3ULL;
    return *this;
  }
  uint64_t get() const {
    uint64_t z = h_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t h_ = 0xCBF29CE484222325ULL;
};

constexpr uint64_t kBucketNs = 300ULL * 1000000000ULL;

}  // namespace

std::string_view event_type_name(EventType t) { return kEventTypeNames[static_cast<size_t>(t)]; }
std::string_view behavior_name(Behavior b) { return kBehaviors[static_cast<size_t>(b)].name; }
std::string_view behavior_signature(Behavior b) { return kBehaviors[static_cast<size_t>(b)].signature; }
bool behavior_is_derived(Behavior b) { return kBehaviors[static_cast<size_t>(b)].derived; }
std::string_view detection_name(Detection d) { return kDetectionNames[static_cast<size_t>(d)]; }

bool behavior_from_name(std::string_view name, Behavior& out) {
  for (size_t i = 0; i < kBehaviorCount; ++i) {
    if (kBehaviors[i].name == name) {
      out = static_cast<Behavior>(i);
      return true;
    }
  }
  return false;
}

std::string_view basename_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool in_shell_list(std::string_view name) {
  return std::any_of(std::begin(kShells), std::end(kShells),
                     [&](std::string_view s) { return iequals(name, s); });
}

bool in_offsec_tool_list(std::string_view name) {
  return std::any_of(std::begin(kOffsecTools), std::end(kOffsecTools),
                     [&](std::string_view s) { return iequals(name, s); });
}

// (?i)(?<!\w)-(?:[a-z]*k[a-z]*|-(insecure|proxy-insecure|doh-insecure))
// PCRE without UTF/UCP: \w and [a-z] are ASCII-only.
bool curl_insecure_regex_matches(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '-') continue;
    if (i > 0 && is_word(static_cast<unsigned char>(s[i - 1]))) continue;
    // First alternative: the letter run after '-' contains a k (backtracking
    // lets [a-z]* stop right before any k in the run).
    for (size_t j = i + 1; j < s.size() && is_alpha(static_cast<unsigned char>(s[j])); ++j)
      if (lower(s[j]) == 'k') return true;
    if (i + 1 < s.size() && s[i + 1] == '-') {
      const auto rest = s.substr(i + 2);
      if (istarts_with(rest, "insecure") || istarts_with(rest, "proxy-insecure") ||
          istarts_with(rest, "doh-insecure"))
        return true;
    }
  }
  return false;
}

void GroundTruth::observe(const EventFacts& f, size_t line_bytes) {
  ++events;
  bytes += line_bytes + 1;
  ++by_type[static_cast<size_t>(f.type)];
  ++behaviors[static_cast<size_t>(f.behavior)];

  auto hit = [&](Detection d, uint64_t key) {
    auto& r = detections[static_cast<size_t>(d)];
    ++r.events;
    groups_[static_cast<size_t>(d)].insert(key);
    r.rows = groups_[static_cast<size_t>(d)].size();
  };
  const bool has_cluster = !f.cluster.empty();

  if (f.type == EventType::ProcessExec) {
    const auto name = basename_of(f.binary);
    const auto pname = basename_of(f.parent_binary);
    scratch_.assign(f.binary);
    if (!f.arguments.empty()) {
      scratch_ += ' ';
      scratch_ += f.arguments;
    }
    const std::string_view process = scratch_;

    if (in_shell_list(name) && has_cluster)
      hit(Detection::ShellExecution,
          KeyHash().add(f.cluster).add(pname).add(name).add(name).add(f.pid).add(f.node).get());

    const bool pod_group = has_cluster && f.has_pod;
    if (pod_group && iequals(name, "curl") && curl_insecure_regex_matches(process))
      hit(Detection::CurlInsecureFlags, KeyHash()
                                            .add(f.cluster)
                                            .add(f.pod_name)
                                            .add(pname)
                                            .add(name)
                                            .add(name)
                                            .add(f.pid)
                                            .add(f.node)
                                            .get());

    if (pod_group && (iequals(name, "crond") || iequals(name, "cron") || iequals(name, "crontab")))
      hit(Detection::CronJobCreation, KeyHash()
                                          .add(f.cluster)
                                          .add(f.pod_name)
                                          .add(pname)
                                          .add(name)
                                          .add(name)
                                          .add(f.pid)
                                          .add(f.node)
                                          .get());

    if (iequals(name, "sh") && f.has_pod && f.start_ns % 1000000000ULL != 0 &&
        f.start_ns / 1000000ULL > (f.container_start_s + 300) * 1000ULL) {
      auto& r = detections[static_cast<size_t>(Detection::LateProcessExecution)];
      ++r.events;
      ++r.rows;  // `table`: one row per event
    }

    auto pod_key = [&]() {
      return KeyHash()
          .add(f.cluster)
          .add(f.container_id)
          .add(f.pod_name)
          .add(f.pod_namespace)
          .add(f.image_name)
          .add(pname)
          .add(name)
          .add(name)
          .add(f.pid)
          .add(f.node)
          .get();
    };
    if (pod_group && iequals(name, "nsenter")) hit(Detection::NsenterUsageInPod, pod_key());
    if (pod_group && in_offsec_tool_list(name)) hit(Detection::PodsRunningOffensiveTools, pod_key());

    if (pod_group &&
        (iequals(name, "nsenter") || iequals(name, "mount") || iequals(name, "ps") || iequals(name, "ls") ||
         icontains(process, "nsenter") || icontains(process, "mount") || icontains(process, "ps aux") ||
         icontains(process, "ps -ef"))) {
      ++detections[static_cast<size_t>(Detection::PotentialEscapeToHost)].events;
      const uint64_t key = KeyHash().add(f.cluster).add(f.node).add(f.pod_name).add(f.time_ns / kBucketNs).get();
      auto& w = escape_windows_[key];
      const auto t = static_cast<int64_t>(f.time_ns);
      if (w.names.empty()) {
        w.min_ns = w.max_ns = t;
      } else {
        w.min_ns = std::min(w.min_ns, t);
        w.max_ns = std::max(w.max_ns, t);
      }
      const uint64_t nh = KeyHash().add(name).get();
      if (std::find(w.names.begin(), w.names.end(), nh) == w.names.end()) w.names.push_back(nh);
    }
  } else if (f.type == EventType::ProcessConnect) {
    const bool excluded = iends_with(f.parent_binary, "/app/aws-vpc-cni") ||
                          iends_with(f.parent_binary, "/bin/amazon-ssm-agent") ||
                          iends_with(f.parent_binary, "/bin/ssm-agent-worker");
    if (has_cluster && f.has_pod && !f.image_name.empty() && !f.dest_ip.empty() && !f.parent_binary.empty() &&
        !excluded) {
      const uint64_t key = KeyHash()
                               .add(f.cluster)
                               .add(f.pod_name)
                               .add(f.image_name)
                               .add(f.pod_namespace)
                               .add(f.node)
                               .add(f.dest_ip)
                               .get();
      hit(Detection::AccessToCloudMetadataService, key);
      if (f.dest_ip == "169.254.169.254") hit(Detection::CloudMetadataDestinationOnly, key);
    }
  } else if (f.type == EventType::ProcessKprobe) {
    if (f.has_action && f.parent_has_pod) {
      ++detections[static_cast<size_t>(Detection::KprobeSpike)].events;
      ++kprobe_buckets_[KeyHash().add(f.parent_pod_name).add(f.time_ns / kBucketNs).get()];
    }
  }
}

void GroundTruth::finalize() {
  uint64_t rows = 0;
  for (const auto& [key, w] : escape_windows_) {
    // round(lastTime - firstTime, 0) <= 120  <=>  duration < 120.5 s
    if (w.names.size() >= 2 && w.max_ns - w.min_ns < 120500000000LL) ++rows;
  }
  detections[static_cast<size_t>(Detection::PotentialEscapeToHost)].rows = rows;
  rows = 0;
  for (const auto& [key, count] : kprobe_buckets_)
    if (count > 10) ++rows;
  detections[static_cast<size_t>(Detection::KprobeSpike)].rows = rows;
}

std::string GroundTruth::to_json(std::string_view options_json) const {
  std::string out;
  out += "{\n  \"format\": \"rulejit-gen truth v1\",\n  \"options\": ";
  out += options_json;
  out += ",\n  \"events\": ";
  append_u64(out, events);
  out += ",\n  \"bytes\": ";
  append_u64(out, bytes);
  out += ",\n  \"event_types\": {";
  for (size_t i = 0; i < kEventTypeCount; ++i) {
    out += i ? ", " : "";
    append_json_string(out, kEventTypeNames[i]);
    out += ": ";
    append_u64(out, by_type[i]);
  }
  out += "},\n  \"behaviors\": {";
  for (size_t i = 0; i < kBehaviorCount; ++i) {
    out += i ? ",\n    " : "\n    ";
    append_json_string(out, kBehaviors[i].name);
    out += ": ";
    append_u64(out, behaviors[i]);
  }
  out += "\n  },\n  \"behavior_signatures\": {";
  for (size_t i = 0; i < kBehaviorCount; ++i) {
    out += i ? ",\n    " : "\n    ";
    append_json_string(out, kBehaviors[i].name);
    out += ": ";
    append_json_string(out, kBehaviors[i].signature);
  }
  out += "\n  },\n  \"detections\": {";
  for (size_t i = 0; i < kDetectionCount; ++i) {
    out += i ? ",\n    " : "\n    ";
    append_json_string(out, kDetectionNames[i]);
    out += ": {\"events\": ";
    append_u64(out, detections[i].events);
    out += ", \"rows\": ";
    append_u64(out, detections[i].rows);
    out += '}';
  }
  out += "\n  },\n  \"assumptions\": [\n";
  constexpr std::string_view kAssumptions[] = {
      "process_name/parent_process_name/process_exec = basename of binary; process = binary + ' ' + "
      "arguments (binary alone without arguments)",
      "_time = top-level time, else process.start_time",
      "IN / = compare case-insensitively; stats by drops events with a null by-field",
      "late_process_execution: container start_time without fraction parses as whole seconds; "
      "process start_time without fraction fails %3Q",
      "potential_escape_to_host: duration_s = round(max-min) <= 120 with half-up rounding",
      "access_to_cloud_metadata_service: search as written (no dest_ip filter)",
      "events = events reaching the final stats/table; rows = result rows"};
  for (size_t i = 0; i < std::size(kAssumptions); ++i) {
    out += "    ";
    append_json_string(out, kAssumptions[i]);
    out += i + 1 < std::size(kAssumptions) ? ",\n" : "\n";
  }
  out += "  ]\n}\n";
  return out;
}

}  // namespace rulejit::bench
