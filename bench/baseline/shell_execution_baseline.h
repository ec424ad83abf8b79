// The yardstick: "Cisco Isovalent - Shell Execution" written by hand with
// simdjson On-Demand, the way a careful engineer would without rulejit:
//
//   `cisco_isovalent_process_exec` process_name IN ("sh", "ksh", ...)
//   | stats count by cluster_name parent_process_name process_name
//                    process_exec process_id node_name
//
// Per line: parse, walk to process_exec.process.binary, take its basename,
// test it against the shell set, and only for shells read the rest (pid,
// parent binary, node_name, cluster_name) and count by the six keys. Rows
// with a missing key are dropped, as stats does. Reading the rest of a
// non-shell event is skipped entirely: that early exit is what makes a
// hand-written loop fast.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace rulejit::bench {

struct BaselineResult {
  uint64_t lines = 0;
  uint64_t shells = 0;     // events whose process_name is a shell
  uint64_t malformed = 0;
  // (cluster, parent_name, process_name, process_exec, pid, node) -> count
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>, uint64_t> counts;
};

// `data` must stay readable for 64 bytes past its end (simdjson padding).
BaselineResult run_shell_execution_baseline(std::string_view data);

// The floor under every reader of this stream: split lines the same way and
// run simdjson's stage 1 (structural index + UTF-8 validation) on each, no
// field read. Returns the number of lines that parsed.
uint64_t run_parse_floor(std::string_view data);

}  // namespace rulejit::bench
