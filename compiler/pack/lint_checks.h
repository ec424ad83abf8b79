// The individual lints behind run_lints() (lints.h), and what they share:
// one detection's view of its data sources and how to point at its text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/pack/lints.h"

namespace rulejit::lint {

// One compiled detection as the per-rule lints see it.
struct RuleView {
  const RuleReport& report;
  const ir::Plan& plan;
  // Field maps the rule is bound to (generic "*" sources left out), with
  // the binding of each.
  std::vector<const ir::FieldMapProgram*> fieldmaps;
  std::vector<const ir::RuleBinding*> bindings;
  // Data source files of the tree the detection's `data_source:` names.
  std::vector<const LintDataSource*> declared;
};

// A warning at the first occurrence of `token` as a whole field name in the
// expanded search at or after `from` (else anywhere, else the search start),
// mapped back to the detection file through its macros.
LintWarning warn_at_token(const RuleView& r, std::string lint, std::string_view token, size_t from,
                          std::string message);
// Offset of that occurrence, or npos.
size_t find_token(std::string_view text, std::string_view token, size_t from, bool case_insensitive = false);

void check_unknown_fields(const RuleView& r, std::vector<LintWarning>& out);
void check_impossible_values(const RuleView& r, std::vector<LintWarning>& out);
void check_unknown_sourcetypes(const RuleView& r, const std::vector<const ir::FieldMapProgram*>& all_maps,
                               const std::vector<LintDataSource>& sources, std::vector<LintWarning>& out);
// Needs only the expansion (works for rules that failed later stages).
void check_filter_macros(const RuleReport& r, std::vector<LintWarning>& out);
void check_unused(const LintInput& in, std::vector<LintWarning>& out);

// contentctl's filter macro name for a detection name.
std::string default_filter_macro(std::string_view detection_name);

}  // namespace rulejit::lint
