// Plan IR: one detection as a source followed by a list of stages.
//
// Contract:
//  - A plan names every field it touches in `slots`; stages refer to slots.
//    Which real data a slot starts with (a JSON path, a field-map derived
//    field, a constant such as `sourcetype`) is decided when the plan is
//    bound to a data source, not here: the plan is source-agnostic.
//  - stages[0 .. event_stages) are streaming per-event stages (filter, eval,
//    rename, rex, lookup, ...). They see one event at a time and are what the
//    JIT compiles. If stages[event_stages] is an Aggregate, its per-event
//    update is compiled too. Every later stage runs over materialized rows.
//  - Order-sensitive row stages (dedup, head, streamstats, first/last) see
//    rows newest-first, as Splunk returns events (spl-semantics.md §0).
//  - Constant pools (matchers, regexes, sets) are per plan and indexed by the
//    expressions (expr.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir/expr.h"

namespace rulejit::ir {

struct Plan;

// Where rows come from.
struct Source {
  enum class Kind : uint8_t {
    Events,       // the event stream (search, implicit search)
    Datamodel,    // tstats over a CIM dataset: events of sourcetypes mapped to it
    Inputlookup,  // rows of a lookup table
    // `from datamodel:M.D`: the events of sourcetypes mapped to the dataset,
    // each with its own fields and the dataset's (named Root.field).
    DatamodelEvents,
  };
  Kind kind = Kind::Events;
  std::string name;  // dataset ("Endpoint.Processes") or lookup name
};

struct Assign {
  SlotId target = kNoSlot;
  ExprPtr expr;
};

// ---- per-row stages -------------------------------------------------------

struct FilterStage { ExprPtr cond; };                  // keep rows where cond is true
struct EvalStage { std::vector<Assign> assigns; };     // left to right
// Move values between fields. An explicit rename (a AS b) always writes b,
// erasing it when a is absent (spl-semantics.md §3.9). A wildcard rename only
// moves fields that exist.
struct RenameStage {
  struct Pair { SlotId from; SlotId to; bool only_if_present; };
  std::vector<Pair> pairs;
};
struct RexStage {
  SlotId input = kNoSlot;
  uint32_t regex = 0;  // index into Plan::regexes
  struct Group { std::string name; SlotId slot; };
  std::vector<Group> groups;
  uint32_t max_match = 1;  // 0 = unlimited
  bool sed = false;        // sed mode: regexes[regex] holds the sed expression
  SlotId offset_field = kNoSlot;
};
struct LookupStage {
  uint32_t table = 0;  // index into Plan::lookups
  struct Input { std::string column; SlotId slot; };
  struct Output { std::string column; SlotId slot; };
  std::vector<Input> inputs;
  std::vector<Output> outputs;  // empty in the plan = all non-input columns (resolved at lowering)
  bool output_new = false;      // OUTPUTNEW: skip rows where all outputs exist
};
struct ProjectStage {                 // table, fields
  std::vector<SlotId> keep;           // in order; empty with remove=false keeps nothing
  bool remove = false;                // fields - ...
  bool keep_internal = false;         // fields + keeps _time/_raw
};
struct FillnullStage {
  rt::Value value;
  std::vector<SlotId> slots;  // empty: every field present in at least one row (row stage)
};
struct ExpandStage { SlotId slot = kNoSlot; uint32_t limit = 0; };  // mvexpand

enum class AggFunc : uint8_t {
  Count, CountField, DistinctCount, Values, List, Min, Max, Sum, Sumsq, Avg,
  Earliest, Latest, EarliestTime, LatestTime, First, Last, Range,
  Stdev, Stdevp, Var, Varp, Median, Mode, Perc, ExactPerc, UpperPerc, Estdc,
  Sparkline,  // count per time bucket; param = span seconds, 0 = default (runtime/interp/sparkline.h)
};
const char* agg_func_name(AggFunc f);

struct AggSpec {
  AggFunc func = AggFunc::Count;
  double param = 0;   // percentile for Perc*
  ExprPtr input;      // null for plain count
  SlotId output = kNoSlot;
};

struct AggregateStage {              // stats / tstats
  std::vector<SlotId> keys;
  std::vector<AggSpec> aggs;
  std::optional<std::string> fillnull;  // tstats fillnull_value: null keys become this
  bool dedup_splitvals = false;
};
struct EventStatsStage {             // eventstats: aggregate, then annotate every row
  std::vector<SlotId> keys;
  std::vector<AggSpec> aggs;
};
struct StreamStatsStage {
  std::vector<SlotId> keys;
  std::vector<AggSpec> aggs;
  uint32_t window = 0;   // 0 = unbounded
  bool current = true;
  bool global = true;
  double time_window = 0;  // seconds; 0 = none
  std::vector<SlotId> reset_on_change;
};
struct DedupStage {
  std::vector<SlotId> keys;
  uint32_t count = 1;
  bool keepempty = false;
  bool consecutive = false;
};
struct SortKey { SlotId slot; bool descending; enum class As : uint8_t { Auto, Str, Num, Ip } as; };
struct SortStage { std::vector<SortKey> keys; uint32_t limit = 10000; };  // 0 = all
struct HeadStage { uint32_t count = 10; ExprPtr while_cond; };
// join / append: a subsearch runs as its own plan over the same events; at
// the end of input its result rows are joined to / appended after this
// plan's rows, matching fields by name (join overwrites same-named fields,
// Splunk's overwrite=true default). The pack builder hoists `sub` into the
// pack as a hidden rule (`sub_rule`) so it is fed like any rule.
struct SubplanStage {
  enum class Kind : uint8_t { JoinInner, JoinLeft, Append, AppendPipe };
  Kind kind = Kind::Append;
  std::vector<SlotId> join_keys;
  uint32_t max = 1;   // join: matching subsearch rows used per row (0 = all)
  std::shared_ptr<Plan> sub;
  uint32_t sub_rule = UINT32_MAX;  // index of the hidden rule in Pack::rules
};

// transaction: rows grouped by `keys` into runs whose members are at most
// `maxpause` apart and span at most `maxspan` (seconds; < 0: no limit), at
// most `maxevents` rows each. One output row per transaction: every field's
// distinct values merged (sorted), _time of its earliest member, `duration`
// and `eventcount` (runtime/interp/transaction_stage.h has the contract).
struct TransactionStage {
  std::vector<SlotId> keys;
  double maxspan = -1;
  double maxpause = -1;
  uint32_t maxevents = 1000;
  SlotId duration = kNoSlot;
  SlotId eventcount = kNoSlot;
};

// foreach <pattern> [eval ...] over raw events, where which fields match is
// known only per event: for each field of the row whose name matches
// `pattern` (`*` wildcards, case-sensitive), in name order, `assigns` run
// (left to right) with slot `value` holding that field's value; `value` is
// null again afterwards. The fields are the plan's slots in `fields` that
// hold a value, and the JSON leaves of `raw` (Splunk's names, as spath) that
// are no plan slot (runtime/interp/foreach_fields.h).
struct ForeachFieldsStage {
  std::string pattern;
  SlotId raw = kNoSlot;
  SlotId value = kNoSlot;
  std::vector<SlotId> fields;  // plan slots matching `pattern` (filled when lowering finishes)
  std::vector<Assign> assigns;
};

using Stage = std::variant<FilterStage, EvalStage, RenameStage, RexStage, LookupStage,
                           ProjectStage, FillnullStage, ExpandStage, AggregateStage,
                           EventStatsStage, StreamStatsStage, DedupStage, SortStage,
                           HeadStage, SubplanStage, TransactionStage, ForeachFieldsStage>;

// A lookup the plan uses (definition resolved at lowering; rows loaded by the runtime).
struct LookupRef {
  std::string name;
  std::string csv_path;  // where it was read from (messages only)
  bool case_sensitive = true;
  std::vector<std::string> wildcard_columns;
  std::vector<std::string> cidr_columns;
  uint32_t max_matches = 100;
  uint32_t min_matches = 0;
  std::optional<std::string> default_match;
  std::vector<std::string> columns;  // header of the CSV
  // The CSV's bytes, read once when the pack was built (compiler/frontend/
  // lookup_file.h confines that read) and carried inside pack artifacts: the
  // runtime never opens lookup files itself. Shared: plans copy their refs.
  std::shared_ptr<const std::string> csv_text;
};

struct Plan {
  std::string rule_name;
  std::string rule_id;
  Source source;
  std::vector<std::string> slots;  // slot -> field name (unique)
  std::vector<Stage> stages;
  size_t event_stages = 0;
  // Visible result columns after the last stage, in order.
  std::vector<SlotId> columns;
  bool columns_dynamic = false;  // no transforming command: rows are events

  std::vector<Matcher> matchers;
  std::vector<std::string> regexes;
  std::vector<std::vector<std::string>> sets;
  std::vector<LookupRef> lookups;

  SlotId slot_of(std::string_view name) const;  // kNoSlot when absent
  SlotId intern(std::string_view name);          // add when absent
};

// Printing and checking (printer.cpp, verifier.cpp).
std::string print_plan(const Plan& p);
std::string print_expr(const Plan& p, const Expr& e);
// Returns problems (empty when the plan is well-formed).
std::vector<std::string> verify_plan(const Plan& p);

}  // namespace rulejit::ir
