// rulejit test: run the tests detections declare (`tests:`, rule_tests.h) and
// report each as PASS / FAIL / ERROR, as text, JSON and JUnit XML for CI.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "compiler/codegen/native_pack.h"
#include "runtime/core/output_file.h"
#include "runtime/engine/result_format.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/junit_report.h"
#include "tools/rulejit/rule_tests.h"
#include "tools/rulejit/subcommands.h"
#include "tools/rulejit/test_runner.h"

namespace rulejit::cli {

namespace {

struct TestOptions {
  PackOptions pack;
  std::vector<std::string> data_dirs;
  std::string engine = "jit";
  std::string format = "text";
  std::string junit;
  double now = 0;
  std::string geoip;
  bool cache = true;
};

std::string json_quoted(std::string_view s) {
  std::string out;
  rt::append_json_string(out, s);
  return out;
}

std::string text_line(const TestReport& r) {
  const char* label = r.status == TestStatus::Pass ? "PASS " : r.status == TestStatus::Fail ? "FAIL " : "ERROR";
  std::string line = fmt::format("{}  {} :: {}  ({:.0f} ms)\n", label, r.rule, r.test, r.seconds * 1000);
  if (r.status != TestStatus::Pass) {
    line += "       " + r.message + "\n";
    // The detail is indented two spaces already; line it up under the message.
    size_t start = 0;
    while (start < r.detail.size()) {
      size_t end = r.detail.find('\n', start);
      if (end == std::string::npos) end = r.detail.size();
      line += "     " + r.detail.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return line;
}

std::string json_report(const std::vector<TestReport>& reports, size_t passed, size_t failed, size_t errors,
                        double seconds) {
  std::string out = "{\"tests\":[";
  for (size_t i = 0; i < reports.size(); ++i) {
    const TestReport& r = reports[i];
    out += fmt::format(
        "{}{{\"file\":{},\"rule\":{},\"test\":{},\"status\":\"{}\",\"engine\":\"{}\",\"seconds\":{:.6f},"
        "\"rows\":{},\"message\":{},\"detail\":{}}}",
        i ? "," : "", json_quoted(r.file), json_quoted(r.rule), json_quoted(r.test), test_status_name(r.status),
        r.engine, r.seconds, r.rows, json_quoted(r.message), json_quoted(r.detail));
  }
  out += fmt::format("],\"total\":{},\"passed\":{},\"failed\":{},\"errors\":{},\"seconds\":{:.6f}}}\n",
                     reports.size(), passed, failed, errors, seconds);
  return out;
}

int run_test(const TestOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  PackSources sources = o.pack.sources();
  if (sources.rule_paths.empty()) {
    std::fputs("rulejit test: no detection paths given and no bundled pack found (set RULEJIT_HOME)\n", stderr);
    return 2;
  }
  std::vector<Diagnostic> scan_diags;
  ContentTree tree = scan_content_tree(sources.rule_paths, scan_diags);
  if (print_diagnostics(scan_diags, false) > 0) return 2;  // a path that does not exist
  o.pack.use_tree_folders(tree, sources);
  std::vector<RuleTest> tests = discover_rule_tests(tree.paths_of(ContentKind::Detection));
  if (tests.empty()) {
    size_t n = tree.paths_of(ContentKind::Detection).size();
    std::fprintf(stderr,
                 "rulejit test: no tests found: none of the %zu detection%s under the given paths declares "
                 "`tests:` (see `rulejit test --help`)\n",
                 n, n == 1 ? "" : "s");
    return 3;
  }

  TestRunOptions ro;
  ro.sources = sources;
  ro.data_dirs = o.data_dirs;
  ro.engines = o.engine == "both" ? std::vector<std::string>{"interp", "jit"} : std::vector<std::string>{o.engine};
  ro.now = o.now;
  ro.geoip = o.geoip;
  ro.code_cache_dir = o.cache ? jit::default_cache_dir() : "";
  RuleTestRunner runner(ro);
  std::vector<TestReport> reports;
  size_t passed = 0, failed = 0, errors = 0;
  for (const RuleTest& t : tests) {
    reports.push_back(runner.run(t));
    const TestReport& r = reports.back();
    passed += r.status == TestStatus::Pass;
    failed += r.status == TestStatus::Fail;
    errors += r.status == TestStatus::Error;
    if (o.format == "text") {
      std::fputs(text_line(r).c_str(), stdout);
      std::fflush(stdout);  // progress, test by test
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (o.format == "json") {
    std::fputs(json_report(reports, passed, failed, errors, seconds).c_str(), stdout);
  } else {
    std::fputs(fmt::format("{} test{}: {} passed, {} failed, {} error{} ({:.2f} s, {})\n", reports.size(),
                           reports.size() == 1 ? "" : "s", passed, failed, errors, errors == 1 ? "" : "s", seconds,
                           reports.front().engine)
                   .c_str(),
               stdout);
  }
  if (!o.junit.empty()) {
    std::string err;
    if (!rt::write_file_atomically(o.junit, junit_xml(reports, seconds), &err)) {
      std::fprintf(stderr, "rulejit test: --junit: %s\n", err.c_str());
      return 4;
    }
  }
  return failed + errors == 0 ? 0 : 1;
}

}  // namespace

void register_test(CLI::App& app) {
  auto opts = std::make_shared<TestOptions>();
  auto* cmd = app.add_subcommand("test", "Run the tests detections declare (`tests:`) and report PASS/FAIL/ERROR");
  opts->pack.add_to(*cmd, true);
  cmd->add_option("--data", opts->data_dirs,
                  "Folder holding attack data files (repeatable): a `data` URL's path after the host is looked "
                  "up here, then its shorter suffixes down to the basename")
      ->allow_extra_args(false);
  cmd->add_option("--engine", opts->engine,
                  "Executor: jit (default), interp, or both (each test runs under both, which must agree)")
      ->check(CLI::IsMember({"interp", "jit", "both"}));
  cmd->add_option("--format", opts->format, "Report format: text (one line per test, then totals) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--junit", opts->junit, "Also write a JUnit XML report here (written atomically)");
  cmd->add_option("--geoip", opts->geoip, "MaxMind City database (.mmdb) for rules using iplocation")
      ->check(CLI::ExistingFile);
  cmd->add_option("--now", opts->now, "Epoch seconds used as now() by tests that set no `now` (default: wall clock)");
  cmd->add_flag("!--no-cache", opts->cache, "Do not read or write the native code cache (~/.cache/rulejit)");
  cmd->footer(
      "Tests, in a detection's `tests:` list:\n"
      "  security_content:  - name: True Positive Test\n"
      "                       attack_data: [{data: URL, source: S, sourcetype: ST}]\n"
      "    passes when the detection returns at least one row over the data, read as sourcetype ST.\n"
      "  rulejit:           - name: N\n"
      "                       events: FILE.ndjson (relative to the YAML) or NDJSON lines\n"
      "                       sourcetype: ST   (optional; default: routed by each event's key)\n"
      "                       now: EPOCH       (optional)\n"
      "                       expect: NDJSON rows, result columns only (optional; compared sorted)\n"
      "                       expect_count: N  (optional)\n"
      "    without expect/expect_count, passes when the detection returns at least one row.\n"
      "Data files: a URL is reduced to its path after the host, a relative path is taken as written;\n"
      "that path, then each shorter suffix of it down to the basename, is looked up under every --data\n"
      "DIR, then the detection's folder and its parent. Nothing is downloaded.\n"
      "ERROR (not FAIL): the test could not run: data missing (the message names what was looked for),\n"
      "the rule does not compile, an unknown sourcetype, a malformed test.\n"
      "Exit status: 0 all tests passed; 1 a test failed or errored; 2 bad arguments or a path that does\n"
      "not exist; 3 no tests found; 4 the --junit file could not be written.");
  cmd->callback([opts] { throw CLI::RuntimeError(run_test(*opts)); });
}

}  // namespace rulejit::cli
