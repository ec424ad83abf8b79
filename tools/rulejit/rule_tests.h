// Rule tests declared in a detection's `tests:` list, in two forms.
//
// (a) security_content's: a true-positive test passes when the detection
//     returns at least one result over the test's attack data.
//       tests:
//       - name: True Positive Test
//         attack_data:
//         - data: https://media.githubusercontent.com/.../sysmon.log
//           source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational
//           sourcetype: xmlwineventlog
//     Each data file is found locally (test_data.h) and its events are routed
//     to the field map of the entry's sourcetype.
//
// (b) rulejit's: events and the exact rows they must give.
//       - name: shell in a pod
//         events: tests/shell_execution.ndjson   # file relative to the YAML, or NDJSON text
//         sourcetype: cisco:isovalent:processExec  # optional; default: routed by the event's key
//         now: 1755200000                          # optional now() (epoch seconds)
//         expect: |                                # optional: the rows, any order (JSON objects,
//           {"process_name":"sh","count":2}        #   result columns only, no rule/rule_id)
//         expect_count: 1                          # optional: how many rows
//     Without expect and expect_count, (b) also passes on at least one row.
//
// Contract: discovery never throws; a test it cannot make sense of is kept
// with `problem` set (it then reports as an error, with file:line).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rulejit::cli {

struct AttackDataRef {
  std::string data;        // URL or path, as written
  std::string sourcetype;
};

struct RuleTest {
  std::string file;        // the detection YAML
  std::string rule;        // its `name:` (the file name when it has none)
  std::string name;        // the test's `name:` ("test <n>" when it has none)
  int line = 0;            // 1-based line of the test entry
  std::vector<AttackDataRef> attack_data;  // form (a)
  // Form (b).
  bool has_events = false;
  std::string events_file;    // resolved against the YAML's folder; empty when inline
  std::string events_inline;  // NDJSON text
  std::string sourcetype;     // empty: route by the event's key
  std::optional<double> now;
  std::optional<std::vector<std::string>> expect;  // JSON object texts, as written
  std::optional<uint64_t> expect_count;
  std::string problem;     // non-empty: malformed declaration
};

// The tests of every detection file, in file order then declaration order.
std::vector<RuleTest> discover_rule_tests(const std::vector<std::string>& detection_files);

}  // namespace rulejit::cli
