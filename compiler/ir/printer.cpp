// Textual form of the IR, used by `rulejit explain --ir` and golden tests.
// Stable: changing it means updating the golden files on purpose.
#include <fmt/format.h>

#include "compiler/ir/plan.h"

namespace rulejit::ir {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

std::string slot_text(const Plan& p, SlotId s) {
  if (s == kNoSlot) return "%none";
  if (s >= p.slots.size()) return fmt::format("%{}<bad>", s);
  return fmt::format("%{}:{}", s, p.slots[s]);
}

const char* matcher_kind(Matcher::Kind k) {
  switch (k) {
    case Matcher::Kind::Glob: return "glob";
    case Matcher::Kind::GlobCS: return "glob-cs";
    case Matcher::Kind::Cidr: return "cidr";
    case Matcher::Kind::Less: return "<";
    case Matcher::Kind::LessEq: return "<=";
    case Matcher::Kind::Greater: return ">";
    case Matcher::Kind::GreaterEq: return ">=";
    case Matcher::Kind::Set: return "set";
    case Matcher::Kind::GlobList: return "globs";
  }
  return "?";
}

std::string matcher_text(const Matcher& m) {
  if (m.kind == Matcher::Kind::Set || m.kind == Matcher::Kind::GlobList) {
    std::string out = std::string(matcher_kind(m.kind)) + "[";
    for (size_t i = 0; i < m.items.size(); ++i) out += (i ? " " : "") + quote(m.items[i]);
    return out + "]";
  }
  return fmt::format("{} {}", matcher_kind(m.kind), quote(m.pattern));
}

void print_expr_to(const Plan& p, const Expr& e, std::string& out) {
  switch (e.op) {
    case Op::Const:
      out += e.value.is_string() ? quote(e.value.as_string()) : e.value.debug();
      return;
    case Op::Field: out += slot_text(p, e.slot); return;
    case Op::Bound: out += "$bound"; return;
    case Op::MatchAny:
      out += fmt::format("(match {} {})", slot_text(p, e.slot),
                         e.index < p.matchers.size() ? matcher_text(p.matchers[e.index]) : "<bad>");
      return;
    case Op::Exists: out += fmt::format("(exists {})", slot_text(p, e.slot)); return;
    case Op::RawTerm: out += fmt::format("(rawterm {} {} {})", slot_text(p, e.slot), quote(e.text), e.index); return;
    case Op::RegexMatch:
      out += "(regex ";
      print_expr_to(p, *e.args.at(0), out);
      out += fmt::format(" #{})", e.index);
      return;
    case Op::InList:
      out += "(in ";
      print_expr_to(p, *e.args.at(0), out);
      out += fmt::format(" set#{})", e.index);
      return;
    case Op::Call: out += "(" + e.text; break;
    default: out += std::string("(") + op_name(e.op); break;
  }
  for (const auto& a : e.args) {
    out += ' ';
    print_expr_to(p, *a, out);
  }
  out += ')';
}

std::string aggs_text(const Plan& p, const std::vector<AggSpec>& aggs) {
  std::string out;
  for (const auto& a : aggs) {
    out += fmt::format("\n      {}", agg_func_name(a.func));
    if (a.func == AggFunc::Perc || a.func == AggFunc::ExactPerc || a.func == AggFunc::UpperPerc)
      out += fmt::format("{}", a.param);
    if (a.input) out += "(" + print_expr(p, *a.input) + ")";
    out += " -> " + slot_text(p, a.output);
  }
  return out;
}

std::string slots_list(const Plan& p, const std::vector<SlotId>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? " " : "") + slot_text(p, s[i]);
  return out + "]";
}

struct StagePrinter {
  const Plan& p;
  std::string operator()(const FilterStage& s) const { return "filter " + print_expr(p, *s.cond); }
  std::string operator()(const EvalStage& s) const {
    std::string out = "eval";
    for (const auto& a : s.assigns)
      out += fmt::format("\n      {} = {}", slot_text(p, a.target), print_expr(p, *a.expr));
    return out;
  }
  std::string operator()(const RenameStage& s) const {
    std::string out = "rename";
    for (const auto& r : s.pairs)
      out += fmt::format(" {}->{}{}", slot_text(p, r.from), slot_text(p, r.to),
                         r.only_if_present ? "?" : "");
    return out;
  }
  std::string operator()(const RexStage& s) const {
    std::string out = fmt::format("rex{} {} #{}", s.sed ? " sed" : "", slot_text(p, s.input), s.regex);
    if (!s.sed) out += fmt::format(" max_match={}", s.max_match);
    for (const auto& g : s.groups) out += fmt::format(" {}->{}", g.name, slot_text(p, g.slot));
    return out;
  }
  std::string operator()(const LookupStage& s) const {
    std::string out = fmt::format("lookup {}", s.table < p.lookups.size() ? p.lookups[s.table].name : "<bad>");
    for (const auto& i : s.inputs) out += fmt::format(" {}<-{}", i.column, slot_text(p, i.slot));
    out += s.output_new ? " outputnew" : " output";
    for (const auto& o : s.outputs) out += fmt::format(" {}->{}", o.column, slot_text(p, o.slot));
    return out;
  }
  std::string operator()(const ProjectStage& s) const {
    return fmt::format("project{} {}", s.remove ? " remove" : "", slots_list(p, s.keep));
  }
  std::string operator()(const FillnullStage& s) const {
    return fmt::format("fillnull {} {}", s.value.debug(), s.slots.empty() ? "all" : slots_list(p, s.slots));
  }
  std::string operator()(const ExpandStage& s) const {
    return fmt::format("mvexpand {} limit={}", slot_text(p, s.slot), s.limit);
  }
  std::string operator()(const AggregateStage& s) const {
    std::string out = "aggregate by " + slots_list(p, s.keys);
    if (s.fillnull) out += " fillnull=" + quote(*s.fillnull);
    if (s.dedup_splitvals) out += " dedup_splitvals";
    return out + aggs_text(p, s.aggs);
  }
  std::string operator()(const EventStatsStage& s) const {
    return "eventstats by " + slots_list(p, s.keys) + aggs_text(p, s.aggs);
  }
  std::string operator()(const StreamStatsStage& s) const {
    std::string out = fmt::format("streamstats by {} window={} current={} global={}",
                                  slots_list(p, s.keys), s.window, s.current, s.global);
    if (s.time_window > 0) out += fmt::format(" time_window={}", s.time_window);
    if (!s.reset_on_change.empty()) out += " reset_on_change=" + slots_list(p, s.reset_on_change);
    return out + aggs_text(p, s.aggs);
  }
  std::string operator()(const DedupStage& s) const {
    return fmt::format("dedup {} {}{}{}", s.count, slots_list(p, s.keys), s.keepempty ? " keepempty" : "",
                       s.consecutive ? " consecutive" : "");
  }
  std::string operator()(const SortStage& s) const {
    std::string out = fmt::format("sort limit={}", s.limit);
    for (const auto& k : s.keys) {
      static const char* as[] = {"auto", "str", "num", "ip"};
      out += fmt::format(" {}{}:{}", k.descending ? "-" : "+", slot_text(p, k.slot), as[static_cast<int>(k.as)]);
    }
    return out;
  }
  std::string operator()(const HeadStage& s) const {
    if (s.while_cond) return "head while " + print_expr(p, *s.while_cond);
    return fmt::format("head {}", s.count);
  }
  std::string operator()(const TransactionStage& s) const {
    return fmt::format("transaction by {} maxspan={} maxpause={} maxevents={} -> {} {}", slots_list(p, s.keys),
                       s.maxspan, s.maxpause, s.maxevents, slot_text(p, s.duration), slot_text(p, s.eventcount));
  }
  std::string operator()(const ForeachFieldsStage& s) const {
    std::string out = fmt::format("foreach-fields \"{}\" raw={} value={} fields={}", s.pattern, slot_text(p, s.raw),
                                  slot_text(p, s.value), slots_list(p, s.fields));
    for (const auto& a : s.assigns)
      out += fmt::format("\n      {} = {}", slot_text(p, a.target), print_expr(p, *a.expr));
    return out;
  }
  std::string operator()(const SubplanStage& s) const {
    static const char* kinds[] = {"join-inner", "join-left", "append", "appendpipe"};
    std::string out = fmt::format("{} keys={} max={}", kinds[static_cast<int>(s.kind)],
                                  slots_list(p, s.join_keys), s.max);
    if (s.sub_rule != UINT32_MAX) out += fmt::format(" rule#{}", s.sub_rule);
    if (s.sub) {
      std::string sub = print_plan(*s.sub);
      std::string indented;
      for (char c : sub) {
        indented += c;
        if (c == '\n') indented += "      ";
      }
      out += "\n      " + indented;
    }
    return out;
  }
};

}  // namespace

const char* agg_func_name(AggFunc f) {
  switch (f) {
    case AggFunc::Count: return "count";
    case AggFunc::CountField: return "count";
    case AggFunc::DistinctCount: return "dc";
    case AggFunc::Values: return "values";
    case AggFunc::List: return "list";
    case AggFunc::Min: return "min";
    case AggFunc::Max: return "max";
    case AggFunc::Sum: return "sum";
    case AggFunc::Sumsq: return "sumsq";
    case AggFunc::Avg: return "avg";
    case AggFunc::Earliest: return "earliest";
    case AggFunc::Latest: return "latest";
    case AggFunc::EarliestTime: return "earliest_time";
    case AggFunc::LatestTime: return "latest_time";
    case AggFunc::First: return "first";
    case AggFunc::Last: return "last";
    case AggFunc::Range: return "range";
    case AggFunc::Stdev: return "stdev";
    case AggFunc::Stdevp: return "stdevp";
    case AggFunc::Var: return "var";
    case AggFunc::Varp: return "varp";
    case AggFunc::Median: return "median";
    case AggFunc::Mode: return "mode";
    case AggFunc::Perc: return "perc";
    case AggFunc::ExactPerc: return "exactperc";
    case AggFunc::UpperPerc: return "upperperc";
    case AggFunc::Estdc: return "estdc";
    case AggFunc::Sparkline: return "sparkline";
  }
  return "?";
}

std::string print_expr(const Plan& p, const Expr& e) {
  std::string out;
  print_expr_to(p, e, out);
  return out;
}

std::string print_plan(const Plan& p) {
  std::string out = fmt::format("plan {}", quote(p.rule_name));
  if (!p.rule_id.empty()) out += " id=" + p.rule_id;
  out += "\n  source ";
  switch (p.source.kind) {
    case Source::Kind::Events: out += "events"; break;
    case Source::Kind::Datamodel: out += "datamodel " + p.source.name; break;
    case Source::Kind::Inputlookup: out += "inputlookup " + p.source.name; break;
    case Source::Kind::DatamodelEvents: out += "datamodel events " + p.source.name; break;
  }
  out += "\n";
  for (size_t i = 0; i < p.regexes.size(); ++i) out += fmt::format("  regex #{} = {}\n", i, quote(p.regexes[i]));
  for (size_t i = 0; i < p.sets.size(); ++i) {
    out += fmt::format("  set#{} = [", i);
    for (size_t j = 0; j < p.sets[i].size(); ++j) out += (j ? " " : "") + quote(p.sets[i][j]);
    out += "]\n";
  }
  for (size_t i = 0; i < p.stages.size(); ++i) {
    if (i == 0 && p.event_stages > 0) out += "  per-event:\n";
    if (i == p.event_stages) out += "  per-row:\n";
    out += "    " + std::visit(StagePrinter{p}, p.stages[i]) + "\n";
  }
  out += "  columns ";
  out += p.columns_dynamic ? "dynamic " : "";
  out += slots_list(p, p.columns) + "\n";
  return out;
}

SlotId Plan::slot_of(std::string_view name) const {
  for (size_t i = 0; i < slots.size(); ++i)
    if (slots[i] == name) return static_cast<SlotId>(i);
  return kNoSlot;
}

SlotId Plan::intern(std::string_view name) {
  SlotId s = slot_of(name);
  if (s != kNoSlot) return s;
  slots.emplace_back(name);
  return static_cast<SlotId>(slots.size() - 1);
}

}  // namespace rulejit::ir
