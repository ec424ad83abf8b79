// Runs one declared rule test (rule_tests.h): builds its detection's pack
// (once per detection file), feeds the test's events to a fresh engine of
// each requested executor, and judges the result rows.
//
// Events: form (a) routes every line of each attack-data file to the field
// map of the entry's sourcetype (Engine::push_routed); a sourcetype no field
// map of the pack reads is an error (the data could not be read at all, which
// is not the rule failing). Form (b) routes by the event's key unless the
// test names a sourcetype. Rows are the rule's result columns as JSON
// (result_format.h) without "rule"/"rule_id", compared as sorted multisets.
// With two executors, each must return the same rows, and the rows are then
// judged once.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/pack/pack_builder.h"
#include "tools/rulejit/rule_tests.h"
#include "tools/rulejit/test_report.h"

namespace rulejit::cli {

struct TestRunOptions {
  PackSources sources;                 // macros, lookups, field maps (rule_paths unused)
  std::vector<std::string> data_dirs;  // --data
  std::vector<std::string> engines;    // "interp" and/or "jit"
  double now = 0;                      // default now() (0: wall clock), a test's `now` wins
  std::string code_cache_dir;          // JIT native code cache ("" = none)
  std::string geoip;                   // MaxMind .mmdb for iplocation ("" = none)
};

class RuleTestRunner {
 public:
  explicit RuleTestRunner(TestRunOptions options) : options_(std::move(options)) {}
  TestReport run(const RuleTest& test);

 private:
  struct BuiltRule {
    std::shared_ptr<ir::Pack> pack;  // null when the rule does not compile
    std::string error;               // why not
    std::string name;
  };
  const BuiltRule& build(const std::string& file);

  TestRunOptions options_;
  std::map<std::string, BuiltRule> built_;
};

}  // namespace rulejit::cli
