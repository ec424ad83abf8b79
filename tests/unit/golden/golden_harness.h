// Golden end-to-end cases: tests/golden/cases/<name>/case.yml
//
//   description: what the case pins (cite spl-semantics.md)
//   rule: rules/isovalent/x.yml        # a detection file (repo-relative), or
//   search: '<SPL>'                      # an inline search (wrapped in a detection)
//   now: 1700000000                      # now() for the run (optional)
//   geoip: tests/data/geoip/x.mmdb       # iplocation database (repo-relative, optional)
//   events: |                            # NDJSON inline, or events_file: events.ndjson
//     {"a":1}
//   expected: |                          # the exact result rows, worked out by hand
//     {"rule":"...","rule_id":"...","a":"1"}
//
// Expected rows are compared in order, as minified JSON text.
#pragma once

#include <string>
#include <vector>

namespace rulejit::golden {

struct GoldenCase {
  std::string name;
  std::string dir;
  std::string description;
  std::string rule_file;  // resolved path of the detection to run
  double now = 0;
  std::string geoip;  // iplocation database path ("" = none)
  std::vector<std::string> events;
  std::vector<std::string> expected;
};

std::vector<GoldenCase> load_cases(const std::string& cases_dir, const std::string& repo_root,
                                   const std::string& scratch_dir);

// Runs a case with the named engine ("interp" or "jit"); returns result rows.
std::vector<std::string> run_case(const GoldenCase& c, const std::string& repo_root, const std::string& engine,
                                  std::string* error);

std::string minify_json(const std::string& text);

}  // namespace rulejit::golden
