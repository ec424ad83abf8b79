// The outcome of one rule test (`rulejit test`), as every report format
// (text lines, JSON, JUnit XML) shows it.
#pragma once

#include <cstdint>
#include <string>

namespace rulejit::cli {

// Fail: the rule ran and its results are not what the test expects.
// Error: the test could not be run (data file missing, rule does not compile,
// malformed test declaration); says nothing about the rule's logic.
enum class TestStatus { Pass, Fail, Error };
const char* test_status_name(TestStatus s);  // "pass", "fail", "error"

struct TestReport {
  std::string file;     // the detection YAML
  std::string rule;     // its name
  std::string test;     // the test's name
  std::string engine;   // "jit", "interp" or "interp+jit"
  TestStatus status = TestStatus::Error;
  double seconds = 0;   // compile (first test of a detection) + run
  uint64_t rows = 0;    // result rows the rule returned
  std::string message;  // one line: why it failed or errored
  std::string detail;   // more lines (a row diff), may be empty
};

}  // namespace rulejit::cli
