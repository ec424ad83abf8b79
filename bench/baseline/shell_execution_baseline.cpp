#include "bench/baseline/shell_execution_baseline.h"

#include <simdjson.h>

#include <cstring>
#include <unordered_map>

namespace rulejit::bench {
namespace {

std::string_view basename(std::string_view p) {
  size_t s = p.rfind('/');
  return s == std::string_view::npos ? p : p.substr(s + 1);
}

bool is_shell(std::string_view name) {
  // Case-insensitive, as `search` compares values.
  static const char* kShells[] = {"sh", "ksh", "zsh", "bash", "dash", "rbash", "fish", "csh", "tcsh", "ion", "eshell"};
  for (const char* s : kShells) {
    size_t n = std::strlen(s);
    if (name.size() != n) continue;
    bool eq = true;
    for (size_t i = 0; i < n && eq; ++i) eq = (name[i] | 0x20) == s[i];
    if (eq) return true;
  }
  return false;
}

struct KeyHash {
  size_t operator()(const std::string& s) const { return std::hash<std::string>()(s); }
};

// Calls fn(line) for every non-empty line of `data` (lines end at '\n').
template <class Fn>
void for_each_line(std::string_view data, Fn&& fn) {
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    std::string_view line = data.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty()) fn(line);
  }
}

}  // namespace

BaselineResult run_shell_execution_baseline(std::string_view data) {
  BaselineResult r;
  simdjson::ondemand::parser parser;
  std::unordered_map<std::string, uint64_t, KeyHash> counts;
  std::string key;
  for_each_line(data, [&](std::string_view line) {
    ++r.lines;
    auto doc = parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING);
    if (doc.error()) {
      ++r.malformed;
      return;
    }
    simdjson::ondemand::object top;
    if (doc.get_object().get(top)) {
      ++r.malformed;
      return;
    }
    std::string_view binary, pid, parent, node, cluster;
    bool shell = false, exec = false, bad = false;
    for (auto field : top) {
      std::string_view k;
      if (field.unescaped_key().get(k)) { bad = true; break; }
      if (k == "process_exec") {
        exec = true;
        simdjson::ondemand::object pe;
        if (field.value().get_object().get(pe)) { bad = true; break; }
        for (auto f2 : pe) {
          std::string_view k2;
          if (f2.unescaped_key().get(k2)) { bad = true; break; }
          if (k2 == "process") {
            simdjson::ondemand::object p;
            if (f2.value().get_object().get(p)) { bad = true; break; }
            for (auto f3 : p) {
              std::string_view k3;
              if (f3.unescaped_key().get(k3)) { bad = true; break; }
              if (k3 == "binary") {
                if (f3.value().get_string().get(binary)) { bad = true; break; }
                shell = is_shell(basename(binary));
                if (!shell) break;  // early exit: not a shell
              } else if (k3 == "pid") {
                if (f3.value().raw_json_token().get(pid)) { bad = true; break; }
                while (!pid.empty() && pid.back() == ' ') pid.remove_suffix(1);
              }
            }
            if (!shell) break;
          } else if (k2 == "parent") {
            simdjson::ondemand::object p;
            if (f2.value().get_object().get(p)) { bad = true; break; }
            for (auto f3 : p) {
              std::string_view k3;
              if (f3.unescaped_key().get(k3)) { bad = true; break; }
              if (k3 == "binary") {
                if (f3.value().get_string().get(parent)) { bad = true; break; }
                parent = basename(parent);
                break;
              }
            }
          }
        }
        if (!shell || bad) break;
      } else if (k == "node_name") {
        if (field.value().get_string().get(node)) { bad = true; break; }
      } else if (k == "cluster_name") {
        if (field.value().get_string().get(cluster)) { bad = true; break; }
      }
    }
    if (bad) {
      ++r.malformed;
      return;
    }
    if (!exec || !shell) return;
    ++r.shells;
    if (cluster.empty() || parent.empty() || pid.empty() || node.empty()) return;  // null by-field drops the row
    std::string_view name = basename(binary);
    key.clear();
    for (std::string_view part : {cluster, parent, name, name, pid, node}) {
      key.append(part);
      key.push_back('\x1f');
    }
    ++counts[key];
  });
  for (const auto& [k, n] : counts) {
    std::string parts[6];
    size_t i = 0, start = 0;
    for (size_t j = 0; j < k.size() && i < 6; ++j)
      if (k[j] == '\x1f') {
        parts[i++] = k.substr(start, j - start);
        start = j + 1;
      }
    r.counts[{parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]}] = n;
  }
  return r;
}

uint64_t run_parse_floor(std::string_view data) {
  simdjson::ondemand::parser parser;
  uint64_t ok = 0;
  for_each_line(data, [&](std::string_view line) {
    auto doc = parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING);
    ok += doc.error() ? 0 : 1;
  });
  return ok;
}

}  // namespace rulejit::bench
