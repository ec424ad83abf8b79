// Lowering: AST (compiler/spl) -> plan IR (compiler/ir).
//
// Contract:
//  - One Lowerer builds one Plan from one Pipeline. Each command module
//    (compiler/commands/<name>_lower.cpp) appends stages through the methods
//    below; expression lowering is shared (search_lower.cpp, eval_lower.cpp).
//  - Semantic decisions happen here, once: search comparisons become
//    case-insensitive glob / CIDR / numeric matchers, `f!=v` becomes
//    `f=* AND NOT f=v`, eval special forms become IR special forms, function
//    names and arities are checked against the runtime registry.
//  - Problems are reported as LowerIssue with the AST span; the driver maps
//    spans to file positions. An unsupported construct is an issue with
//    unsupported=true; nothing is silently dropped.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ir/plan.h"
#include "compiler/ir/slot_index.h"
#include "compiler/spl/ast.h"

namespace rulejit::lower {

struct LowerIssue {
  spl::Span span;
  std::string message;
  bool unsupported = false;
  bool warning = false;
};

// What lowering needs to know about the world outside the SPL text.
struct LowerEnv {
  // Resolve a lookup definition by name: its ref, or why there is none
  // (error empty: no definition of that name).
  struct LookupResolution {
    const ir::LookupRef* ref = nullptr;
    std::string error;
    std::string warning;  // with a ref: compiled, but it cannot run as is
  };
  std::function<LookupResolution(std::string_view name)> find_lookup;
  // A resolved lookup's rows (header first), for subsearches over lookups,
  // which are evaluated when the rule is compiled (lookup_subsearch.cpp).
  std::function<bool(const ir::LookupRef&, std::vector<std::vector<std::string>>&, std::string* error)>
      parse_lookup_rows;
  // Field maps name JSON paths: there an unquoted a.b is always the field
  // a.b, never the concatenation of a and b.
  bool dotted_names_are_fields = false;
};

class Lowerer {
 public:
  explicit Lowerer(const LowerEnv& env) : env_(env) {}

  ir::Plan& plan() { return plan_; }
  const LowerEnv& env() const { return env_; }

  // ---- issues
  void error(spl::Span span, std::string message);
  void unsupported(spl::Span span, std::string message);
  void warning(spl::Span span, std::string message);
  const std::vector<LowerIssue>& issues() const { return issues_; }
  bool failed() const;

  // ---- names and constants
  ir::SlotId slot(std::string_view field_name) { return slot_index_.intern(plan_.slots, field_name); }
  uint32_t add_matcher(ir::Matcher m);
  uint32_t add_regex(std::string pattern);
  uint32_t add_set(std::vector<std::string> items);

  // ---- expressions
  // Search language (spl-semantics.md §1): two-valued predicate.
  ir::ExprPtr lower_search(const spl::SearchExpr& e);
  // Eval language (§2): dynamically typed value / three-valued boolean.
  ir::ExprPtr lower_eval(const spl::EvalExpr& e);

  // ---- stages
  // Append a stage. Streaming stages stay in the per-event part until the
  // first non-streaming one; everything after runs over rows.
  void add_stage(ir::Stage stage, bool streaming);
  bool in_event_phase() const { return event_phase_; }
  // A generating command that does not read events (inputlookup): every
  // following stage runs over rows.
  void leave_event_phase() { event_phase_ = false; }
  size_t stage_count() const { return plan_.stages.size(); }
  // Removes and returns the stages from `index` on (a command lowered only
  // to take its stages apart, as foreach's template over raw events).
  std::vector<ir::Stage> take_stages_from(size_t index);
  ir::Stage& stage_at(size_t i) { return plan_.stages[i]; }

  // Position in the pipeline of the command being lowered (0 = first).
  size_t command_index = 0;

  // A wildcard rename over rows that are still raw events: which fields it
  // moves depends on the names the rest of the pipeline uses, so it is
  // resolved in finish() against every field name the plan knows by then.
  void defer_wildcard_rename(size_t stage_index, std::string from_pattern, std::string to_pattern);
  // `spath input=f` with no path extracts every JSON leaf of f, named by its
  // path: resolved in finish() (after wildcard renames, which can name more
  // fields) into one extraction per field name the plan uses. The stage at
  // stage_index is an empty EvalStage filled then.
  // `extractor(input, name)` is the internal function giving field `name`
  // (_spath_leaf for JSON, _xmlkv for xmlkv).
  void defer_extract_all(size_t stage_index, ir::SlotId input, std::string extractor);
  // The general form: `extractor(input, key, args...)` for each name the
  // plan uses that starts with `prefix` (key: the name without it), and how
  // an extracted value meets the field's current one.
  struct ExtractAll {
    std::string extractor;
    std::vector<rt::Value> args;  // constant arguments after (input, key)
    std::string prefix;
    enum class Combine : uint8_t {
      Replace,       // spath, xmlkv, fromjson: the extracted value wins
      KeepExisting,  // extract mv_add=false: a field that has a value keeps it
      Append,        // extract mv_add=true: mvappend(current, extracted)
    } combine = Combine::Replace;
  };
  void defer_extract_all(size_t stage_index, ir::SlotId input, ExtractAll how);

  // ---- visible columns (what a result row shows, in order)
  // Rows are raw events until a transforming command fixes the column list.
  bool columns_dynamic() const { return dynamic_columns_; }
  const std::vector<ir::SlotId>& columns() const { return columns_; }
  void set_columns(std::vector<ir::SlotId> cols);
  // A field assigned by eval/rex/lookup/...: appended when not already shown.
  void touch_column(ir::SlotId s);
  void rename_column(ir::SlotId from, ir::SlotId to);
  void remove_column(ir::SlotId s);

  // Finish: copy columns into the plan, run the verifier.
  ir::Plan finish();

 private:
  const LowerEnv& env_;
  ir::Plan plan_;
  std::vector<LowerIssue> issues_;
  // Name -> slot and constant -> pool index, so a rule with thousands of
  // fields or values lowers in linear time.
  ir::SlotIndex slot_index_;
  std::unordered_map<std::string, uint32_t> matcher_index_, regex_index_, set_index_;
  bool event_phase_ = true;
  bool dynamic_columns_ = true;
  std::vector<ir::SlotId> columns_;
  struct PendingRename {
    size_t stage;
    std::string from, to;
  };
  std::vector<PendingRename> pending_renames_;
  struct PendingExtract {
    size_t stage;
    ir::SlotId input;
    ExtractAll how;
  };
  std::vector<PendingExtract> pending_extracts_;
  void resolve_extract_all();
  void resolve_foreach_fields();
  // Inside mvmap/mvfilter: references to this field mean the bound value.
  std::string bound_name_;
  friend struct EvalLowering;
};

// `[| inputlookup t | rename | table]` inside a search expression.
ir::ExprPtr lower_lookup_subsearch(Lowerer& l, const spl::SearchExpr& e);

// Lower a parsed pipeline (the whole detection search).
struct LowerOutput {
  std::optional<ir::Plan> plan;
  std::vector<LowerIssue> issues;
};
LowerOutput lower_pipeline(const spl::Pipeline& pipeline, const LowerEnv& env);

}  // namespace rulejit::lower
