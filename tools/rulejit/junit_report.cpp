#include "tools/rulejit/junit_report.h"

#include <fmt/format.h>

#include <map>

namespace rulejit::cli {
namespace {

// Escaped for both attributes and element text.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;  // kept inside attributes, too
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20) out += "\xEF\xBF\xBD";
        else out += static_cast<char>(c);
    }
  }
  return out;
}

struct Suite {
  std::string name;
  std::vector<const TestReport*> cases;
  size_t failures = 0, errors = 0;
  double seconds = 0;
};

}  // namespace

std::string junit_xml(const std::vector<TestReport>& reports, double total_seconds) {
  // Suites in first-seen order, keyed by file (two files may share a rule name).
  std::vector<Suite> suites;
  std::map<std::string, size_t> index;
  size_t failures = 0, errors = 0;
  for (const auto& r : reports) {
    auto [it, fresh] = index.emplace(r.file, suites.size());
    if (fresh) suites.push_back({r.rule, {}, 0, 0, 0});
    Suite& s = suites[it->second];
    s.cases.push_back(&r);
    s.seconds += r.seconds;
    s.failures += r.status == TestStatus::Fail;
    s.errors += r.status == TestStatus::Error;
    failures += r.status == TestStatus::Fail;
    errors += r.status == TestStatus::Error;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"rulejit test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     reports.size(), failures, errors, total_seconds);
  for (const auto& s : suites) {
    const std::string file = xml_escape(s.cases.front()->file);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\" file=\"{}\">\n",
                       xml_escape(s.name), s.cases.size(), s.failures, s.errors, s.seconds, file);
    for (const TestReport* r : s.cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3f}\"", xml_escape(r->rule),
                         xml_escape(r->test), file, r->seconds);
      if (r->status == TestStatus::Pass) {
        out += "/>\n";
        continue;
      }
      const char* tag = r->status == TestStatus::Fail ? "failure" : "error";
      out += fmt::format(">\n      <{} message=\"{}\" type=\"{}\">", tag, xml_escape(r->message), tag);
      std::string body = r->message + "\n" + r->detail;
      // Element text keeps its newlines readable.
      std::string text = xml_escape(body);
      for (size_t p; (p = text.find("&#10;")) != std::string::npos;) text.replace(p, 5, "\n");
      out += text + fmt::format("</{}>\n    </testcase>\n", tag);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace rulejit::cli
