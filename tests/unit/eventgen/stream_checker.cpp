#include "stream_checker.h"

#include <algorithm>
#include <cstdio>
#include <span>

#include "bench/generator/json_out.h"

namespace rulejit::bench::testing {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

constexpr std::string_view kProcessOrder[] = {
    "exec_id", "pid",  "uid", "cwd",    "binary", "arguments", "flags", "start_time", "auid", "pod",
    "docker",  "parent_exec_id", "refcnt", "cap", "ns", "tid", "process_credentials", "binary_properties",
    "user",    "in_init_tree"};
constexpr std::string_view kTopOrder[] = {"node_name", "time", "aggregation_info", "cluster_name", "node_labels"};
constexpr std::string_view kEventTypes[] = {"process_exec", "process_exit", "process_kprobe", "process_connect",
                                            "process_close"};
constexpr std::string_view kShells[] = {"sh", "ksh", "zsh", "bash", "dash", "rbash", "fish", "csh", "tcsh", "ion",
                                        "eshell"};
constexpr std::string_view kOffsec[] = {
    "nmap", "masscan", "zmap", "amap", "netcat", "nc", "hping3", "ike-scan", "dnsenum", "dnsrecon", "fierce",
    "theharvester", "sublist3r", "metasploit", "msfconsole", "msfvenom", "empire", "pupy", "covenant", "havoc",
    "sliver-client", "sliver-server", "poshc2", "mythic", "evilginx", "beef-xss", "hydra", "medusa", "john",
    "hashcat", "crowbar", "patator", "mimikatz", "impacket-", "ldapdomaindump", "enum4linux", "smbclient", "smbmap",
    "crackmapexec", "bloodhound", "sharphound", "linpeas", "linenum", "pspy", "ldpreload", "peass-ng",
    "linux-exploit-suggester", "les", "exploitdb", "persistence", "dirtycow", "dirtypipe", "sudo_killer"};

int index_of(std::span<const std::string_view> list, std::string_view k) {
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i] == k) return static_cast<int>(i);
  return -1;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view base(std::string_view path) {
  const auto p = path.rfind('/');
  return p == std::string_view::npos ? path : path.substr(p + 1);
}

bool in(std::span<const std::string_view> list, std::string_view name) {
  const std::string l = lower(name);
  return std::find(list.begin(), list.end(), l) != list.end();
}

std::string_view str_or(object o, std::string_view key) {
  std::string_view v;
  if (o[key].get(v) != simdjson::SUCCESS) return {};
  return v;
}

bool has(object o, std::string_view key) { return o[key].error() == simdjson::SUCCESS; }

}  // namespace

bool parse_rfc3339(std::string_view s, uint64_t& ns, size_t& digits) {
  unsigned y, mo, d, h, mi, se;
  if (s.size() < 20 || s.back() != 'Z') return false;
  if (std::sscanf(std::string(s.substr(0, 19)).c_str(), "%4u-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi, &se) != 6)
    return false;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  uint64_t frac = 0;
  digits = 0;
  if (s.size() > 20) {
    if (s[19] != '.') return false;
    const auto f = s.substr(20, s.size() - 21);
    digits = f.size();
    if (digits != 3 && digits != 6 && digits != 9) return false;
    for (char c : f) {
      if (c < '0' || c > '9') return false;
      frac = frac * 10 + static_cast<uint64_t>(c - '0');
    }
    // protojson drops a trailing all-zero group of 3.
    if (f.substr(f.size() - 3) == "000") return false;
    for (size_t i = digits; i < 9; ++i) frac *= 10;
  } else if (s.size() != 20) {
    return false;
  }
  // days from civil
  int64_t yy = static_cast<int64_t>(y) - (mo <= 2);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const auto yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + static_cast<int64_t>(doe) - 719468;
  ns = static_cast<uint64_t>(days * 86400 + h * 3600 + mi * 60 + se) * 1000000000ULL + frac;
  return true;
}

StreamChecker::StreamChecker() {
  int err = 0;
  PCRE2_SIZE off = 0;
  const char* pat = "(?i)(?<!\\w)-(?:[a-z]*k[a-z]*|-(insecure|proxy-insecure|doh-insecure))";
  re_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat), PCRE2_ZERO_TERMINATED, 0, &err, &off, nullptr);
  md_ = re_ ? pcre2_match_data_create_from_pattern(re_, nullptr) : nullptr;
  if (!re_) fail("PCRE2 compile failed");
}

StreamChecker::~StreamChecker() {
  if (md_) pcre2_match_data_free(md_);
  if (re_) pcre2_code_free(re_);
}

bool StreamChecker::regex_matches(std::string_view s) {
  return re_ && pcre2_match(re_, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md_, nullptr) >= 0;
}

void StreamChecker::fail(std::string msg) {
  if (errors.size() < 20) errors.push_back("line " + std::to_string(lines) + ": " + msg);
}

void StreamChecker::walk(element e, std::string_view key, int depth, bool in_map) {
  switch (e.type()) {
    case element_type::NULL_VALUE: fail("null value at " + std::string(key)); break;
    case element_type::BOOL:
      if (!bool(e) && key != "in_init_tree") fail("false boolean (zero value) at " + std::string(key));
      break;
    case element_type::INT64:
    case element_type::UINT64: {
      const bool wrapper = key == "pid" || key == "uid" || key == "auid" || key == "tid" || key == "int_arg";
      if (e.is_int64() && int64_t(e) == 0 && !wrapper) fail("zero number at " + std::string(key));
      if (e.is_int64() && int64_t(e) < 0 && key != "int_arg") fail("negative number at " + std::string(key));
      if (e.is_uint64() && uint64_t(e) > 0xFFFFFFFFULL) fail("64-bit number not a string at " + std::string(key));
      if (e.is_int64() && (int64_t(e) > 0xFFFFFFFFLL || int64_t(e) < -0x80000000LL))
        fail("64-bit number not a string at " + std::string(key));
      if (key == "sock_cookie" || key == "size_arg" || key == "bytes_sent" || key == "bytes_received" ||
          key == "cookie")
        fail("64-bit field is a number: " + std::string(key));
      break;
    }
    case element_type::DOUBLE: fail("floating point value at " + std::string(key)); break;
    case element_type::STRING: {
      const std::string_view v(e);
      if (v.empty() && !in_map && key != "string_arg" && key != "bytes_arg")
        fail("empty string (zero value) at " + std::string(key));
      if (key == "time" || key == "start_time") {
        uint64_t ns;
        size_t digits;
        if (!parse_rfc3339(v, ns, digits)) fail("bad timestamp " + std::string(v));
        fraction_digits.insert(digits);
      }
      break;
    }
    case element_type::ARRAY:
      for (element x : e.get_array()) walk(x, key, depth + 1, false);
      break;
    case element_type::OBJECT: {
      const bool map = key == "pod_labels" || key == "node_labels";
      std::string prev;
      bool first = true;
      for (auto [k, v] : e.get_object()) {
        if (map) {
          if (!first && std::string(k) <= prev) fail("map keys not sorted in " + std::string(key));
          prev = std::string(k);
          first = false;
        } else {
          for (char c : k)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
              fail("key is not snake_case: " + std::string(k));
        }
        walk(v, map ? key : k, depth + 1, map);
      }
      break;
    }
  }
}

void StreamChecker::check_process(object p, std::string_view node, bool& has_tid, bool& has_iit, int idx) {
  int last = -1;
  for (auto [k, v] : p) {
    const int pos = index_of(kProcessOrder, k);
    if (pos < 0) {
      fail("unknown process key " + std::string(k));
    } else if (pos <= last) {
      fail("process keys out of proto order at " + std::string(k));
    }
    last = pos;
  }
  for (std::string_view req : {"exec_id", "pid", "uid", "binary", "flags", "start_time", "auid", "parent_exec_id"})
    if (!has(p, req)) fail("process lacks " + std::string(req));
  const bool tid = has(p, "tid"), iit = has(p, "in_init_tree");
  if (idx == 0) {
    has_tid = tid;
    has_iit = iit;
  } else if (tid != has_tid || iit != has_iit) {
    fail("tid / in_init_tree presence differs between process objects of one event");
  }
  uint64_t pid = 0;
  if (p["pid"].get(pid) != simdjson::SUCCESS) fail("pid is not a number");
  if (tid) {
    uint64_t t = 0;
    if (p["tid"].get(t) != simdjson::SUCCESS) fail("tid is not a number");
    if (t != pid) fail("tid != pid");
  }
  std::string decoded;
  if (!decode_base64(str_or(p, "exec_id"), decoded)) {
    fail("exec_id is not base64");
    return;
  }
  const auto c2 = decoded.rfind(':');
  const auto c1 = c2 == std::string::npos ? std::string::npos : decoded.rfind(':', c2 - 1);
  if (c1 == std::string::npos) {
    fail("exec_id does not decode to node:ktime:pid");
    return;
  }
  if (decoded.substr(0, c1) != node) fail("exec_id node differs from node_name: " + decoded);
  if (decoded.substr(c2 + 1) != std::to_string(pid)) fail("exec_id pid differs from pid: " + decoded);
  object pod;
  if (p["pod"].get(pod) == simdjson::SUCCESS) {
    object container;
    if (pod["container"].get(container) != simdjson::SUCCESS) {
      fail("pod without container");
      return;
    }
    const auto id = str_or(container, "id");
    const auto cst = str_or(container, "start_time");
    if (cst.find('.') != std::string_view::npos) fail("container start_time has a fraction");
    const auto sep = id.find("://");
    if (sep == std::string_view::npos || id.size() != sep + 3 + 64) fail("container id shape " + std::string(id));
    if (str_or(p, "docker") != id.substr(sep + 3, 31)) fail("docker is not the first 31 hex of the container id");
    const std::string owner = std::string(str_or(pod, "name")) + "@" + std::string(node);
    auto [it, inserted] = container_owner_.emplace(std::string(id), owner);
    if (!inserted && it->second != owner) fail("container " + std::string(id) + " in two pods/nodes");
    uint64_t cns, pns;
    size_t dg;
    if (parse_rfc3339(cst, cns, dg) && parse_rfc3339(str_or(p, "start_time"), pns, dg) && cns > pns)
      fail("container starts after its process");
  }
}

void StreamChecker::signatures_of(std::string_view type, object ev) {
  object p = ev["process"].get_object().value_unsafe();
  object par;
  const bool has_parent = ev["parent"].get(par) == simdjson::SUCCESS;
  const auto binary = str_or(p, "binary");
  const auto name = base(binary);
  const auto pname = has_parent ? base(str_or(par, "binary")) : std::string_view();
  const bool pod = has(p, "pod");
  const bool has_args = has(p, "arguments");
  const bool parent_args = has_parent && has(par, "arguments");
  std::string process(binary);
  if (has_args) {
    process += ' ';
    process += str_or(p, "arguments");
  }
  auto sig = [&](Behavior b) { ++signatures[static_cast<size_t>(b)]; };
  const std::string lname = lower(name), lpname = lower(pname);
  if (type == "process_exec") {
    if (pod && lpname == "runc" && !has_args && in(kShells, name) && lname != "sh") sig(Behavior::ShellInContainer);
    if (pod && lpname == "runc" && !has_args && lname == "sh") {
      uint64_t st, cs;
      size_t d;
      object pd = p["pod"].get_object().value_unsafe();
      object c = pd["container"].get_object().value_unsafe();
      if (parse_rfc3339(str_or(p, "start_time"), st, d) && parse_rfc3339(str_or(c, "start_time"), cs, d))
        sig(st > cs + 300000000000ULL ? Behavior::LateExec : Behavior::EarlyExec);
    }
    if (pod && lname == "curl") {
      if (regex_matches(process)) {
        sig(Behavior::CurlInsecure);
      } else if (lpname == "runc" || (in(kShells, pname) && !parent_args)) {
        sig(Behavior::CurlNearMiss);
      }
    }
    if (lname == "cron" || lname == "crond" || lname == "crontab") sig(pod ? Behavior::CronInPod : Behavior::CronOnHost);
    if (pod && lname == "nsenter") sig(Behavior::NsenterEscape);
    if (lpname == "nsenter") sig(Behavior::NsenterHostShell);
    if (pod && in(kOffsec, name)) sig(Behavior::OffensiveTool);
    if (pod && (name == "linpeas.sh" || name == "kube-hunter" || name == "peirates" || name == "impacket-secretsdump" ||
                name == "pspy64"))
      sig(Behavior::OffensiveNearMiss);
    if (pod && (lname == "ps" || lname == "mount" || lname == "ls") && in(kShells, pname) && !parent_args)
      sig(Behavior::EscapeRecon);
    // Detection inputs (events reaching the stats of each search).
    const bool cluster = saw_cluster_name;
    if (cluster && in(kShells, name)) ++shell_detection_events;
    if (cluster && pod && lname == "curl" && regex_matches(process)) ++curl_detection_events;
    if (cluster && pod && (lname == "cron" || lname == "crond" || lname == "crontab")) ++cron_detection_events;
    if (cluster && pod && lname == "nsenter") ++nsenter_detection_events;
    if (cluster && pod && in(kOffsec, name)) ++offsec_detection_events;
  } else if (type == "process_kprobe") {
    const auto fn = str_or(ev, "function_name");
    if (fn == "security_file_permission") {
      simdjson::dom::array args;
      if (ev["args"].get(args) == simdjson::SUCCESS) {
        object fa;
        if (args.at(0)["file_arg"].get(fa) == simdjson::SUCCESS && str_or(fa, "path") == "/etc/shadow")
          sig(Behavior::KprobeShadowRead);
      }
    }
    if (fn == "__x64_sys_setns") sig(Behavior::KprobeSetns);
    if (fn == "__x64_sys_ptrace") sig(Behavior::KprobePtrace);
    if (fn == "__x64_sys_init_module" || fn == "__x64_sys_finit_module") sig(Behavior::KprobeModuleLoad);
    if (fn == "security_bprm_check") sig(Behavior::KprobeBprmCheck);
    if (fn == "__x64_sys_mount" || fn == "__x64_sys_sethostname" || fn == "__x64_sys_unshare")
      sig(Behavior::KprobeSpike);
  } else if (type == "process_connect") {
    if (str_or(ev, "destination_ip") == "169.254.169.254") {
      if (!pod) {
        sig(Behavior::MetadataConnectHost);
      } else if (has_parent && str_or(par, "binary").ends_with("/app/aws-vpc-cni")) {
        sig(Behavior::MetadataConnectExcluded);
      } else {
        sig(Behavior::MetadataConnect);
      }
    }
    uint64_t port = 0;
    if (ev["destination_port"].get(port) != simdjson::SUCCESS) port = 0;
    if (pod && (port == 4444 || port == 1337 || port == 31337)) sig(Behavior::UnusualPortConnect);
  }
}

void StreamChecker::check_line(std::string_view line) {
  ++lines;
  if (line.find(", \"") != std::string_view::npos) saw_comma_space = true;
  line_copy_.assign(line);
  element doc;
  if (auto err = parser_.parse(line_copy_).get(doc)) {
    fail(std::string("invalid JSON: ") + simdjson::error_message(err));
    return;
  }
  object top;
  if (doc.get(top) != simdjson::SUCCESS) {
    fail("top level is not an object");
    return;
  }
  std::string_view type;
  int last = -1;
  size_t i = 0;
  for (auto [k, v] : top) {
    ++top_level_keys[std::string(k)];
    if (i++ == 0) {
      type = k;
      if (index_of(kEventTypes, k) < 0) fail("first key is not an event type: " + std::string(k));
      continue;
    }
    const int pos = index_of(kTopOrder, k);
    if (pos <= last) fail("top-level keys out of order or unknown: " + std::string(k));
    last = pos;
  }
  walk(doc, "", 0, false);
  const auto node = str_or(top, "node_name");
  if (node.empty()) fail("no node_name");
  saw_cluster_name = has(top, "cluster_name");
  saw_node_labels |= has(top, "node_labels");
  const int ti = index_of(kEventTypes, type);
  if (ti < 0) return;
  ++types[static_cast<size_t>(ti)];
  object ev = top[type].get_object().value_unsafe();
  object proc;
  if (ev["process"].get(proc) != simdjson::SUCCESS) {
    fail("event without process");
    return;
  }
  bool has_tid = false, has_iit = false;
  check_process(proc, node, has_tid, has_iit, 0);
  saw_in_init_tree |= has_iit;
  object par;
  if (ev["parent"].get(par) == simdjson::SUCCESS) {
    check_process(par, node, has_tid, has_iit, 1);
    if (str_or(par, "exec_id") != str_or(proc, "parent_exec_id")) fail("parent.exec_id != process.parent_exec_id");
  }
  simdjson::dom::array anc;
  if (ev["ancestors"].get(anc) == simdjson::SUCCESS) {
    saw_ancestors = true;
    std::string_view expect = str_or(par, "parent_exec_id");
    int k = 2;
    for (element a : anc) {
      object ao = a.get_object().value_unsafe();
      check_process(ao, node, has_tid, has_iit, k++);
      if (str_or(ao, "exec_id") != expect) fail("ancestors do not follow parent_exec_id links");
      expect = str_or(ao, "parent_exec_id");
    }
  }
  if (type == "process_exec") {
    exec_sizes.push_back(line.size());
    saw_refcnt_in_exec |= has(proc, "refcnt");
    // ktime rises per node for forked execs.
    std::string decoded;
    if (decode_base64(str_or(proc, "exec_id"), decoded) &&
        str_or(proc, "flags").find("clone") != std::string_view::npos) {
      const auto c2 = decoded.rfind(':');
      const auto c1 = decoded.rfind(':', c2 - 1);
      const uint64_t kt = std::stoull(decoded.substr(c1 + 1, c2 - c1 - 1));
      auto& last_kt = last_ktime_[std::string(node)];
      if (kt < last_kt) fail("ktime went backwards on " + std::string(node));
      last_kt = std::max(last_kt, kt);
    }
    // A child's ktime is never below its parent's.
    std::string pdec;
    if (decode_base64(str_or(proc, "parent_exec_id"), pdec) && !decoded.empty()) {
      const auto k2 = decoded.rfind(':'), k1 = decoded.rfind(':', k2 - 1);
      const auto q2 = pdec.rfind(':'), q1 = pdec.rfind(':', q2 - 1);
      if (std::stoull(pdec.substr(q1 + 1, q2 - q1 - 1)) > std::stoull(decoded.substr(k1 + 1, k2 - k1 - 1)))
        fail("parent ktime above child ktime");
    }
  }
  signatures_of(type, ev);
}

}  // namespace rulejit::bench::testing
