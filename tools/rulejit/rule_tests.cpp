#include "tools/rulejit/rule_tests.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <sstream>

namespace rulejit::cli {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> nonblank_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
  }
  return out;
}

std::string scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

// The form (b) keys of one test entry; sets t.problem on the first mistake.
void read_expectations(const YAML::Node& item, const std::string& yaml_dir, RuleTest& t) {
  if (const YAML::Node ev = item["events"]) {
    t.has_events = true;
    const std::string text = scalar(ev);
    const size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) {
      t.problem = "`events` is empty: give a file (relative to the detection) or NDJSON lines";
    } else if (text[start] == '{') {
      t.events_inline = text;  // NDJSON lines written in the YAML
    } else {
      fs::path p(text);
      t.events_file = (p.is_absolute() ? p : fs::path(yaml_dir) / p).lexically_normal().string();
    }
  }
  if (const YAML::Node st = item["sourcetype"]) t.sourcetype = scalar(st);
  if (const YAML::Node now = item["now"]) {
    try {
      t.now = now.as<double>();
    } catch (const YAML::Exception&) {
      t.problem = "`now` is not a number (epoch seconds)";
    }
  }
  if (const YAML::Node ex = item["expect"]) {
    std::vector<std::string> rows;
    if (ex.IsSequence()) {
      for (const auto& r : ex) {
        if (!r.IsScalar()) {
          t.problem = "each `expect` row is a JSON object written as a string";
          break;
        }
        rows.push_back(r.Scalar());
      }
    } else if (ex.IsScalar()) {
      rows = nonblank_lines(ex.Scalar());
    } else if (!ex.IsNull()) {
      t.problem = "`expect` is NDJSON text or a list of JSON rows";
    }
    t.expect = std::move(rows);
  }
  if (const YAML::Node n = item["expect_count"]) {
    try {
      long long v = n.as<long long>();
      if (v < 0) throw YAML::Exception(n.Mark(), "negative");
      t.expect_count = static_cast<uint64_t>(v);
    } catch (const YAML::Exception&) {
      t.problem = "`expect_count` is not a count (0, 1, 2, ...)";
    }
  }
}

void read_file_tests(const std::string& file, std::vector<RuleTest>& out) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {
    // Its tests cannot be known; a broken file in a tested tree is an error.
    RuleTest t;
    t.file = file;
    t.rule = fs::path(file).filename().string();
    t.name = "(load)";
    t.line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    t.problem = "the detection's YAML does not load: " + e.msg;
    out.push_back(std::move(t));
    return;
  }
  if (!root.IsMap() || !root["tests"]) return;
  const std::string rule = root["name"] && root["name"].IsScalar() ? root["name"].Scalar()
                                                                   : fs::path(file).filename().string();
  const std::string dir = fs::path(file).parent_path().string();
  const YAML::Node tests = root["tests"];
  if (!tests.IsSequence()) {
    RuleTest t;
    t.file = file;
    t.rule = rule;
    t.name = "(tests)";
    t.line = tests.Mark().line + 1;
    t.problem = "`tests` is not a list";
    out.push_back(std::move(t));
    return;
  }
  size_t n = 0;
  for (const YAML::Node& item : tests) {
    RuleTest t;
    t.file = file;
    t.rule = rule;
    t.line = item.Mark().line + 1;
    ++n;
    t.name = item.IsMap() && item["name"] ? scalar(item["name"]) : "";
    if (t.name.empty()) t.name = "test " + std::to_string(n);
    if (!item.IsMap()) {
      t.problem = "a test is a mapping (name, attack_data or events, ...)";
      out.push_back(std::move(t));
      continue;
    }
    if (const YAML::Node ad = item["attack_data"]) {
      if (!ad.IsSequence()) t.problem = "`attack_data` is not a list";
      for (size_t i = 0; ad.IsSequence() && i < ad.size(); ++i) {
        const YAML::Node& a = ad[i];
        t.attack_data.push_back({scalar(a["data"]), scalar(a["sourcetype"])});
        if (t.attack_data.back().data.empty() && t.problem.empty())
          t.problem = "attack_data entry " + std::to_string(i + 1) + " has no `data`";
      }
    }
    read_expectations(item, dir, t);
    if (t.problem.empty()) {
      if (!t.attack_data.empty() && t.has_events)
        t.problem = "a test has `attack_data` or `events`, not both";
      else if (t.attack_data.empty() && !t.has_events)
        t.problem = "a test needs `attack_data` (security_content) or `events` (with `expect` rows)";
      else if (t.expect && t.expect_count && *t.expect_count != t.expect->size())
        t.problem = "`expect_count` disagrees with the number of `expect` rows";
    }
    out.push_back(std::move(t));
  }
}

}  // namespace

std::vector<RuleTest> discover_rule_tests(const std::vector<std::string>& detection_files) {
  std::vector<RuleTest> out;
  for (const auto& f : detection_files) read_file_tests(f, out);
  return out;
}

}  // namespace rulejit::cli
