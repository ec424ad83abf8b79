#include "tests/unit/golden/golden_harness.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <simdjson.h>
#include <sstream>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/result_format.h"

namespace rulejit::golden {
namespace fs = std::filesystem;

static std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
  }
  return out;
}

std::string minify_json(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::padded_string ps(text);
  auto doc = parser.parse(ps);
  if (doc.error()) return "<invalid json> " + text;
  return simdjson::minify(doc.value());
}

std::vector<GoldenCase> load_cases(const std::string& cases_dir, const std::string& repo_root,
                                   const std::string& scratch_dir) {
  std::vector<GoldenCase> out;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(cases_dir))
    if (e.is_directory() && fs::exists(e.path() / "case.yml")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  fs::create_directories(scratch_dir);
  for (const auto& d : dirs) {
    YAML::Node y = YAML::LoadFile((d / "case.yml").string());
    GoldenCase c;
    c.name = d.filename().string();
    c.dir = d.string();
    c.description = y["description"].as<std::string>("");
    if (y["rule"]) {
      c.rule_file = (fs::path(repo_root) / y["rule"].as<std::string>()).string();
    } else {
      // Wrap the inline search in a detection file.
      c.rule_file = (fs::path(scratch_dir) / (c.name + ".yml")).string();
      YAML::Emitter em;
      em << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name << YAML::Key << "id" << YAML::Value
         << ("golden-" + c.name) << YAML::Key << "search" << YAML::Value << y["search"].as<std::string>()
         << YAML::EndMap;
      std::ofstream(c.rule_file) << em.c_str() << "\n";
    }
    c.now = y["now"].as<double>(0);
    if (y["geoip"]) c.geoip = (fs::path(repo_root) / y["geoip"].as<std::string>()).string();
    std::string events = y["events"] ? y["events"].as<std::string>() : "";
    if (y["events_file"]) {
      std::ifstream in(d / y["events_file"].as<std::string>());
      std::stringstream ss;
      ss << in.rdbuf();
      events = ss.str();
    }
    c.events = split_lines(events);
    c.expected = split_lines(y["expected"].as<std::string>(""));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> run_case(const GoldenCase& c, const std::string& repo_root, const std::string& engine,
                                  std::string* error) {
  PackSources src;
  src.rule_paths = {c.rule_file};
  src.macro_dirs = {repo_root + "/rules/macros"};
  for (const std::string& d : {repo_root + "/rules/lookups", c.dir + "/lookups"})
    if (fs::is_directory(d)) src.lookup_dirs.push_back(d);
  src.fieldmap_dirs = {repo_root + "/rules/fieldmaps", repo_root + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(src);
  std::vector<std::string> rows;
  for (const auto& r : built.rules)
    if (r.state != RuleState::Ok) {
      if (error) *error = r.first_error() ? format_diagnostic(*r.first_error()) : "rule did not compile";
      return rows;
    }
  for (const auto& d : built.diagnostics)
    if (d.severity == Severity::Error && error) *error += format_diagnostic(d);
  rt::EngineOptions eo;
  eo.prefilter = rt::EngineOptions::Prefilter::On;  // exercised on every test pack (exact, so rows are equal)
  eo.now = c.now > 0 ? c.now : 1700000000;
  eo.geoip_path = c.geoip;
  auto sink = [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    const auto& pr = built.pack->rules[rule];
    rows.push_back(rt::format_result_json(pr.name, pr.id, plan, row));
  };
  std::unique_ptr<rt::Engine> eng = make_engine(engine, built.pack, eo, sink, error);
  if (!eng) return rows;
  for (const auto& e : c.events) eng->push_text(e);
  eng->finish();
  return rows;
}

}  // namespace rulejit::golden
