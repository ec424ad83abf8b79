// Pack building: the whole compiler pipeline for a set of detection files.
//
//   load YAML -> strip comments, expand macros -> parse SPL -> lower to IR
//   -> link with field maps (bindings)
//
// Contract: every detection gets a RuleReport saying how far it got: "ok"
// (plan built and linked), "error" (invalid input: YAML, macro, SPL, or a
// semantic error) or "unsupported" (valid SPL rulejit does not implement),
// with the stage and diagnostics pointing into the detection file. Rules that
// fail are left out of the pack; the rest still compile ("a rule that fails
// to compile is reported and the rest of the pack still runs").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/ir/pack.h"
#include "compiler/spl/ast.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

class SourceMap;

struct PackSources {
  std::vector<std::string> rule_paths;     // detection files or folders (recursive)
  std::vector<std::string> macro_dirs;
  std::vector<std::string> lookup_dirs;
  std::vector<std::string> fieldmap_dirs;
  // KV store collections (Enterprise Security's previously_seen_* and the
  // like) ship no rows: their rows come from `<name>.csv` in a lookup folder,
  // or, for the names listed here ("*": all), from an empty table.
  std::vector<std::string> empty_lookups;
};

enum class RuleState { Ok, Error, Unsupported };
const char* rule_state_name(RuleState s);

struct RuleReport {
  std::string file;
  std::string id;
  std::string name;
  RuleState state = RuleState::Ok;
  Stage stage = Stage::Parse;            // where it failed (meaningful when not Ok)
  std::vector<Diagnostic> diagnostics;   // errors first, then warnings
  std::string expanded_spl;              // after comments and macros (when it got that far)
  std::shared_ptr<const spl::Pipeline> ast;
  std::shared_ptr<const ir::Plan> plan;
  // What `check --lint` needs besides the plan: where each byte of
  // expanded_spl was written (and which macros it came through), the data
  // sources the detection declares and the lints it acknowledges.
  std::shared_ptr<const SourceMap> source_map;
  std::vector<std::string> data_sources;
  std::vector<LintIgnore> lint_ignore;
  const Diagnostic* first_error() const;
};

struct BuildOptions {
  // Stop after this stage (check --stage parse). Lower = build plans; the
  // default also links the pack against field maps.
  Stage last_stage = Stage::Codegen;
  bool keep_ast = false;
  // Also link every rule against a generic JSON source ("*", no constants,
  // no derived fields), so each rule gets native code even when no field
  // map feeds it (`rulejit check`, `explain --llvm`).
  bool add_generic_source = false;
  // Threads compiling detections (0: one per core; small packs use one).
  unsigned threads = 0;
  // A KV store lookup with no rows supplied: an error (run, compile, test),
  // or, for `rulejit check`, a warning, the rule compiled against the
  // definition's fields_list.
  bool unfilled_lookups_are_warnings = false;
};

struct BuildResult {
  std::shared_ptr<ir::Pack> pack;        // rules that compiled, linked
  std::vector<RuleReport> rules;         // one per detection file, in path order
  std::vector<Diagnostic> diagnostics;   // macro/lookup/field map loading problems
  // Wall time of each step, for `rulejit bench` (big packs must start fast).
  struct Times {
    double definitions_ms = 0;  // macros and lookup definitions
    double rules_ms = 0;        // detections: YAML, macro expansion, parse, lower
    double link_ms = 0;         // field maps loaded, rules linked to them
  } times;
};

BuildResult build_pack(const PackSources& sources, const BuildOptions& options = {});

// Every detection file under the given paths (files as given; folders
// searched recursively for *.yml / *.yaml), sorted, de-duplicated.
std::vector<std::string> find_detection_files(const std::vector<std::string>& paths,
                                              std::vector<Diagnostic>& diags);

}  // namespace rulejit
