#include "tools/rulejit/test_report.h"

namespace rulejit::cli {

const char* test_status_name(TestStatus s) {
  switch (s) {
    case TestStatus::Pass: return "pass";
    case TestStatus::Fail: return "fail";
    case TestStatus::Error: return "error";
  }
  return "error";
}

}  // namespace rulejit::cli
