// JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one
// <testsuite> per detection file, one <testcase> per test, <failure> or
// <error> with the message and the row diff. Counts are on every suite and
// on <testsuites>. Text is escaped for XML 1.0; characters XML cannot hold
// (control characters other than tab and newline) become U+FFFD.
#pragma once

#include <string>
#include <vector>

#include "tools/rulejit/test_report.h"

namespace rulejit::cli {

std::string junit_xml(const std::vector<TestReport>& reports, double total_seconds);

}  // namespace rulejit::cli
