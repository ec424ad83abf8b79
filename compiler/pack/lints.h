// Lints: `rulejit check --lint` warns about detections that can never fire
// on the data source they declare, and about tree content nothing uses.
// Plain data in (the pack builder's reports and linked pack, the tree's data
// sources, macro and lookup files), warnings out; no LLVM.
//
// The lints and their exact rules (README "Lints" documents them too):
//  unknown-field       A field the detection reads from events (ir::
//                      event_input_slots: read before any stage of the rule
//                      writes it, so eval/rex/lookup/stats outputs never
//                      count) that its data source never has. The source is
//                      the detection's own `data_source:` entries that name
//                      a data source file of the tree (their `fields` lists,
//                      united); else the field maps it is bound to (their
//                      constants, derived fields, data model fields for
//                      tstats, and `raw_fields`; a field map without
//                      `raw_fields` cannot rule a raw name out). Splunk's
//                      default fields (_time, host, index, date_*, ...) are
//                      always present. tstats rules are only checked against
//                      field maps (data source files do not list data model
//                      fields completely).
//  impossible-value    A search/where comparison, in a per-event filter and
//                      not under NOT, of an event field with a value that no
//                      bound field map can produce: the field is a constant
//                      (sourcetype, source, vendor_product, a data model's
//                      action ...) that the value does not match, or it is
//                      derived by basename() (plus constants) and the value
//                      holds a '/'. Each value of an IN list on its own.
//  unknown-sourcetype  A positive sourcetype=<value> in a per-event filter
//                      that matches no field map's sourcetype and no
//                      sourcetype of the tree's data source files.
//  missing-filter-macro A `*_filter` macro call that falls to the built-in
//                      empty filter although its name is not the
//                      detection's own filter (contentctl generates exactly
//                      `<name lower-cased, ' ' '-' '.' '/' to '_'>_filter`):
//                      usually a filter copied from another detection.
//  unused-macro        A macro file of the tree no detection's expansion
//                      uses (directly or through other macros).
//  unused-lookup       A lookup definition of the tree whose name (or file
//                      name) no detection's expanded search mentions.
//  bad-lint-ignore     A `lint_ignore:` entry naming no lint.
//
// A detection acknowledges a lint with
//   lint_ignore:
//   - lint: unknown-field
//     reason: why the warning is expected
// which silences that lint for that detection only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "compiler/pack/pack_builder.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

// What lints read from a security_content data_sources/*.yml file.
struct LintDataSource {
  std::string name;
  std::string file;
  std::string sourcetype;
  std::vector<std::string> fields;  // empty: the file lists none
};
// The file's name, sourcetype and fields; nullopt when it cannot be read.
std::optional<LintDataSource> read_lint_data_source(const std::string& path);

struct LintInput {
  const std::vector<RuleReport>* rules = nullptr;
  const ir::Pack* pack = nullptr;  // linked pack (bindings); null: field map lints skipped
  std::vector<LintDataSource> data_sources;
  std::vector<std::string> macro_files;   // the tree's own, checked by unused-macro
  std::vector<std::string> lookup_files;  // the tree's own, checked by unused-lookup
};

struct LintWarning {
  std::string lint;  // one of lint_names()
  Diagnostic diag;   // severity Warning, stage Lint, positioned
};

const std::vector<std::string>& lint_names();

// Every warning, detections in report order then tree files, minus those a
// detection acknowledges in `lint_ignore`.
std::vector<LintWarning> run_lints(const LintInput& in);

}  // namespace rulejit
