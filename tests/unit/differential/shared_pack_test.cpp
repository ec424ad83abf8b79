// Differential test of a large pack whose rules share work: 50-200 rules
// drawn from templates of the project's own detections (the bundled tstats
// and `stats count by` shapes, rules/isovalent), many grouping by the same
// Endpoint.Processes fields and testing the same filters, over the bundled
// Tetragon sample events plus edge cases (missing, repeated and numeric
// fields). The JIT shares per-event work across such rules (one hash per
// by-field text, rows not built for rules that aggregate every event); its
// rows and rule statistics must equal the interpreter's.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "tests/unit/differential/random_spl.h"

namespace rulejit::difftest {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;

// Group-by tuples several rules share (the first is the one the corpus's
// unfiltered rules use most), and fields to make others from.
const std::vector<std::vector<std::string>> kTuples = {
    {"dest", "user", "parent_process_name", "process_name", "process", "process_path", "process_id",
     "parent_process_id"},
    {"dest", "user", "process_name", "process"},
    {"process_name", "parent_process_name"},
    {"dest", "user", "parent_process_name", "process_name", "process", "process_id", "process_guid"},
};
const std::vector<std::string> kFields = {"dest", "user", "process", "process_name", "process_path", "process_id",
                                          "process_guid", "parent_process", "parent_process_name",
                                          "parent_process_id", "process_current_directory", "user_id"};
const std::vector<std::string> kFilters = {
    R"(Processes.process_name IN ("sh", "bash", "dash"))",
    R"(Processes.process="*curl*")",
    R"(Processes.parent_process_name=runc)",
    R"(Processes.user=root)",
    R"(Processes.process_name=chmod Processes.process IN ("* u+s *", "* +s *"))",
};
const std::vector<std::string> kAggs = {
    "count min(_time) as firstTime max(_time) as lastTime",
    "count",
    "count min(_time) as firstTime max(_time) as lastTime values(Processes.process) as cmds",
    "count dc(Processes.process_id) as pids sum(Processes.process_id) as pid_sum",
    "min(_time) as firstTime",
};
const std::vector<std::string> kExecKeys = {"cluster_name", "parent_process_name", "process_name", "process_exec",
                                            "process_id", "node_name", "pod_name"};

std::string by_fields(Random& r, const std::string& prefix) {
  std::vector<std::string> keys;
  if (r.chance(70)) {
    keys = r.pick(kTuples);
  } else {
    for (size_t n = 1 + r.below(4); keys.size() < n;) keys.push_back(r.pick(kFields));
  }
  std::string out;
  for (const auto& k : keys) out += " " + prefix + k;
  return out;
}

// One detection search from the templates.
std::string template_search(Random& r) {
  switch (r.below(4)) {
    case 0:
    case 1: {  // tstats over the data model, half of them with no where
      std::string s = "| tstats `security_content_summariesonly` " + r.pick(kAggs) +
                      " from datamodel=Endpoint.Processes";
      if (r.chance(50)) {
        s += " where " + r.pick(kFilters);
        if (r.chance(30)) s += " OR " + r.pick(kFilters);
      }
      s += " by";
      if (r.chance(30)) s += " _time span=1h";  // an eval of _time before the aggregation
      s += by_fields(r, "Processes.") + " | `drop_dm_object_name(Processes)`";
      if (r.chance(30)) s += " | where count > 1";
      return s;
    }
    case 2: {  // the bundled rules' `stats count by` after a filter
      std::string s = "`cisco_isovalent_process_exec`";
      if (r.chance(70)) s += R"( process_name IN ("sh", "bash", "ls", "curl", "id"))";
      const bool eval = r.chance(30);
      if (eval) s += " | eval short=substr(process_name, 1, 2)";
      if (r.chance(20)) s += R"( | where len(process_exec) > 3)";
      s += " | stats count";
      if (r.chance(40)) s += " min(_time) as firstTime max(_time) as lastTime";
      s += eval ? " by short" : " by";
      for (size_t n = 1 + r.below(4), i = 0; i < n; ++i) s += " " + r.pick(kExecKeys);
      return s;
    }
    default: {  // an unfiltered data-model count (one group, or one per key)
      std::string s = "| tstats `security_content_summariesonly` " + r.pick(kAggs) +
                      " from datamodel=Endpoint.Processes";
      if (r.chance(70)) s += " by" + by_fields(r, "Processes.");
      return s + " | `drop_dm_object_name(Processes)`";
    }
  }
}

struct Outcome {
  std::map<std::string, std::vector<std::string>> rows;
  std::map<std::string, std::vector<uint64_t>> counts;  // events_in, matched, results
  std::vector<std::string> failed;
};

Outcome run(const std::string& engine, const fs::path& dir, const std::string& input) {
  PackSources src;
  src.rule_paths = {dir.string()};
  src.macro_dirs = {kRepo + "/rules/macros"};
  src.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  src.lookup_dirs = {kRepo + "/rules/lookups"};
  BuildResult built = build_pack(src);
  Outcome out;
  for (const auto& r : built.rules)
    if (r.state != RuleState::Ok) out.failed.push_back(r.name + ": " + (r.first_error() ? r.first_error()->message : ""));
  rt::EngineOptions eo;
  eo.now = 1800000000;
  std::string err;
  auto eng = make_engine(engine, built.pack, eo,
                         [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
                           const auto& pr = built.pack->rules[rule];
                           out.rows[pr.name].push_back(rt::format_result_json(pr.name, pr.id, plan, row));
                         },
                         &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return out;
  std::istringstream lines(input);
  for (std::string line; std::getline(lines, line);) eng->push_text(line);
  eng->finish();
  const rt::EngineStats& st = eng->stats();
  for (size_t r = 0; r < built.pack->rules.size(); ++r)
    out.counts[built.pack->rules[r].name] = {st.rules[r].events_in, st.rules[r].matched, st.rules[r].results};
  return out;
}

std::string events() {
  std::ifstream in(kRepo + "/rules/samples/tetragon-sample.ndjson", std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  // Edge cases: no user (CIM "unknown"), a repeated binary (a multivalue
  // by-field), a numeric-looking and an empty binary, a time that is no time.
  const std::string tail = R"(,"node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
  text += R"({"process_exec":{"process":{"pid":7,"binary":"/bin/sh","arguments":"-c id"},"parent":{"binary":"/usr/sbin/runc"}})" + tail + "\n";
  text += R"({"process_exec":{"process":{"pid":8,"binary":"/bin/sh","binary":"/bin/bash","user":{"name":"root"}},"parent":{"binary":"/usr/sbin/runc"}})" + tail + "\n";
  text += R"({"process_exec":{"process":{"pid":9,"binary":"/opt/42","user":{"name":"root"}},"parent":{"binary":"/usr/sbin/runc"}})" + tail + "\n";
  text += R"({"process_exec":{"process":{"pid":10,"binary":"","user":{"name":""}},"parent":{"binary":"/bin/sh"}})" + tail + "\n";
  text += R"({"process_exec":{"process":{"pid":11,"binary":"/bin/sh"},"parent":{"binary":"/usr/sbin/runc"}},"time":"soon"})" "\n";
  return text;
}

TEST(SharedPack, RandomPackOfSharedShapesAgreesUnderBothExecutors) {
  const std::string input = events();
  size_t rows_compared = 0;
  for (uint64_t seed = 1; seed <= 2; ++seed) {
    Random r(seed * 7919);
    const int count = 50 + static_cast<int>(r.below(151));  // 50..200
    fs::path dir = fs::temp_directory_path() /
                   ("rulejit-shared-" + std::to_string(::getpid()) + "-" + std::to_string(seed));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::map<std::string, std::string> searches;
    for (int i = 0; i < count; ++i) {
      const std::string name = "shared" + std::to_string(i);
      searches[name] = template_search(r);
      std::string escaped;
      for (char c : searches[name]) escaped += c == '\'' ? std::string("''") : std::string(1, c);
      std::ofstream(dir / (name + ".yml")) << "name: " << name << "\nid: " << name << "\nsearch: '" << escaped
                                           << "'\n";
    }
    // And a few of the bundled detections themselves.
    for (const char* f : {"cisco_isovalent___shell_execution.yml", "cisco_isovalent___setuid_or_file_capability_change.yml",
                          "cisco_isovalent___curl_execution_with_insecure_flags.yml",
                          "cisco_isovalent___late_process_execution.yml", "cisco_isovalent___offensive_tool_execution_in_pod.yml"})
      fs::copy_file(kRepo + "/rules/isovalent/" + f, dir / f);
    Outcome a = run("interp", dir, input);
    Outcome b = run("jit", dir, input);
    EXPECT_TRUE(a.failed.empty()) << a.failed.front();
    EXPECT_EQ(a.failed, b.failed);
    ASSERT_EQ(a.counts.size(), static_cast<size_t>(count) + 5);
    for (const auto& [name, c] : a.counts) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " " + name + ": " + searches[name]);
      EXPECT_EQ(a.rows[name], b.rows[name]);
      EXPECT_EQ(c, b.counts[name]);
      rows_compared += a.rows[name].size();
    }
    fs::remove_all(dir);
  }
  EXPECT_GT(rows_compared, 5000u);
  std::printf("shared pack: %zu result rows compared\n", rows_compared);
}

}  // namespace
}  // namespace rulejit::difftest
