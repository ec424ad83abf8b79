// unknown-field: event fields a detection reads that its data source never
// has (rules in lints.h).
#include <algorithm>
#include <set>

#include "compiler/ir/analysis.h"
#include "compiler/pack/lint_checks.h"
#include "runtime/functions/matchers.h"

namespace rulejit::lint {
namespace {

// Splunk's default fields: every event of every source has them (or they
// are computed at search time from _time / the index).
bool splunk_default_field(const std::string& n) {
  static const std::set<std::string> names = {
      "_time",      "_raw",       "_indextime", "_cd",        "_serial",      "_si",         "_sourcetype",
      "host",       "source",     "sourcetype", "index",      "splunk_server", "linecount",  "punct",
      "eventtype",  "tag",        "timestartpos", "timeendpos", "date_hour",  "date_mday",   "date_minute",
      "date_month", "date_second", "date_wday", "date_year",  "date_zone",    "splunk_server_group"};
  return names.count(n) != 0 || n.rfind("tag::", 0) == 0;
}

bool matches_any_glob(const std::vector<std::string>& globs, const std::string& name) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return rt::GlobPattern(g, true).match(name); });
}

// Whether field map `f` can give `name` a value for a rule whose plan reads
// events (dataset empty) or a data model dataset.
bool fieldmap_has(const ir::FieldMapProgram& f, const ir::Plan& plan, const std::string& name) {
  if (plan.source.kind == ir::Source::Kind::Datamodel) {
    auto ds = f.datamodels.find(plan.source.name);
    return ds != f.datamodels.end() && ds->second.count(name) != 0;
  }
  if (plan.source.kind == ir::Source::Kind::DatamodelEvents) {
    auto ds = f.datamodels.find(plan.source.name);
    if (ds != f.datamodels.end() && ds->second.count(name) != 0) return true;
  }
  if (f.constants.count(name) || f.derived.count(name)) return true;
  if (f.raw_fields.empty()) return true;  // schema not declared: cannot tell
  return matches_any_glob(f.raw_fields, name);
}

std::string describe_sources(const RuleView& r, bool from_fieldmaps) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  std::set<std::string> seen;  // field maps may share a sourcetype
  if (from_fieldmaps) {
    for (const auto* f : r.fieldmaps)
      if (seen.insert(f->sourcetype).second) add("field map " + f->sourcetype);
  } else {
    for (const auto* d : r.declared) add("data source `" + d->name + "`");
  }
  return out;
}

// Fields whose event value some stage needs: read before any stage of the
// rule writes them, up to the first aggregation. Unlike event_input_slots
// (what the runtime must fetch), stages that keep a field's old value when
// they do not set it (wildcard rename targets, rex groups, lookup outputs,
// fillnull) do not count as reading it: they work without it.
std::vector<ir::SlotId> event_reads(const ir::Plan& p) {
  std::set<ir::SlotId> written;
  std::vector<ir::SlotId> reads;
  auto read = [&](ir::SlotId s) {
    if (s != ir::kNoSlot && !written.count(s) && std::find(reads.begin(), reads.end(), s) == reads.end())
      reads.push_back(s);
  };
  auto write = [&](ir::SlotId s) { written.insert(s); };
  for (size_t i = 0; i < p.stages.size(); ++i) {
    const ir::Stage& st = p.stages[i];
    if (std::holds_alternative<ir::SubplanStage>(st)) continue;
    if (const auto* r = std::get_if<ir::RenameStage>(&st)) {
      for (const auto& pr : r->pairs) {
        if (!pr.only_if_present) read(pr.from);
        write(pr.to);
      }
    } else if (const auto* x = std::get_if<ir::RexStage>(&st)) {
      read(x->input);
      for (const auto& g : x->groups) write(g.slot);
    } else if (const auto* l = std::get_if<ir::LookupStage>(&st)) {
      for (const auto& in : l->inputs) read(in.slot);
      for (const auto& out : l->outputs) write(out.slot);
    } else if (const auto* ev = std::get_if<ir::EvalStage>(&st)) {
      for (const auto& a : ev->assigns) {  // left to right: a later one may read an earlier one
        ir::for_each_slot_read(*a.expr, read);
        write(a.target);
      }
    } else if (const auto* f = std::get_if<ir::FillnullStage>(&st)) {
      for (auto s : f->slots) write(s);
    } else {
      ir::for_each_stage_read(st, read);
      ir::for_each_stage_write(st, write);
    }
    if (i >= p.event_stages && std::holds_alternative<ir::AggregateStage>(st)) break;  // rows, not events, after
  }
  return reads;
}

}  // namespace

void check_unknown_fields(const RuleView& r, std::vector<LintWarning>& out) {
  if (r.plan.source.kind == ir::Source::Kind::Inputlookup) return;
  std::vector<const LintDataSource*> declared;
  for (const auto* d : r.declared)
    if (!d->fields.empty()) declared.push_back(d);
  bool datamodel = r.plan.source.kind == ir::Source::Kind::Datamodel;
  // The detection's own declaration wins; tstats are checked only against
  // field maps (data source files list raw fields, not data model ones).
  bool use_declared = !declared.empty() && !datamodel;
  if (!use_declared && (r.fieldmaps.empty() || (!declared.empty() && datamodel))) return;
  std::set<std::string> declared_fields;
  for (const auto* d : declared) declared_fields.insert(d->fields.begin(), d->fields.end());
  for (ir::SlotId s : event_reads(r.plan)) {
    const std::string& name = r.plan.slots[s];
    if (name.find('*') != std::string::npos || splunk_default_field(name)) continue;
    bool known;
    if (use_declared) {
      known = declared_fields.count(name) != 0;
    } else {
      known = std::any_of(r.fieldmaps.begin(), r.fieldmaps.end(),
                          [&](const ir::FieldMapProgram* f) { return fieldmap_has(*f, r.plan, name); });
    }
    if (known) continue;
    std::string what = datamodel ? "data model " + r.plan.source.name + " of " : "";
    out.push_back(warn_at_token(r, "unknown-field", name, 0,
                                "field `" + name + "` is never present in " + what +
                                    describe_sources(r, !use_declared) + "; this part of the search never matches"));
  }
}

}  // namespace rulejit::lint
