// stats, eventstats, streamstats, tstats: aggregation calls -> AggSpec, and
// the stage each command becomes.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>

#include "compiler/commands/eventstats.h"
#include "compiler/commands/stats.h"
#include "compiler/commands/streamstats.h"
#include "compiler/commands/tstats.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/wildcard.h"
#include "compiler/spl/time_span.h"

namespace rulejit::lower {
namespace {

using ir::AggFunc;

std::optional<AggFunc> agg_func(const std::string& f) {
  static const std::map<std::string, AggFunc> table = {
      {"count", AggFunc::CountField}, {"c", AggFunc::CountField},
      {"dc", AggFunc::DistinctCount}, {"distinct_count", AggFunc::DistinctCount},
      {"values", AggFunc::Values},    {"list", AggFunc::List},
      {"min", AggFunc::Min},          {"max", AggFunc::Max},
      {"sum", AggFunc::Sum},          {"sumsq", AggFunc::Sumsq},
      {"avg", AggFunc::Avg},          {"mean", AggFunc::Avg},
      {"earliest", AggFunc::Earliest}, {"latest", AggFunc::Latest},
      {"earliest_time", AggFunc::EarliestTime}, {"latest_time", AggFunc::LatestTime},
      {"first", AggFunc::First},      {"last", AggFunc::Last},
      {"range", AggFunc::Range},      {"stdev", AggFunc::Stdev},
      {"stdevp", AggFunc::Stdevp},    {"var", AggFunc::Var},
      {"varp", AggFunc::Varp},        {"median", AggFunc::Median},
      {"mode", AggFunc::Mode},        {"perc", AggFunc::Perc},
      {"p", AggFunc::Perc},           {"exactperc", AggFunc::ExactPerc},
      {"upperperc", AggFunc::UpperPerc}, {"estdc", AggFunc::Estdc},
      {"estdc_error", AggFunc::Estdc},
  };
  auto it = table.find(f);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// Lowers the aggregation calls; false when one cannot be lowered.
// The fields `f(pattern) as outpattern` covers, with their output names:
// over fixed columns (after a transforming command) the columns that match;
// over raw events, whose names depend on the data, every name the rule uses
// (the same rule as wildcard renames over events). BY fields are left out.
std::vector<std::pair<std::string, std::string>> expand_wildcard_agg(const spl::AggCall& c, Lowerer& l,
                                                                     const std::vector<ir::SlotId>& keys) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<ir::SlotId> candidates = l.columns();
  if (l.columns_dynamic()) {
    l.warning(c.field_span, "'" + c.field + "' over raw events matches only the field names this rule uses");
    for (size_t i = 0; i < l.plan().slots.size(); ++i) candidates.push_back(static_cast<ir::SlotId>(i));
  }
  std::string out_pattern = has_wildcard(c.output_name) ? c.output_name : c.field;
  for (ir::SlotId s : candidates) {
    if (std::find(keys.begin(), keys.end(), s) != keys.end()) continue;
    const std::string name = l.plan().slots[s];  // copy: interning outputs grows slots
    if (name == "_raw") continue;
    if (auto caps = wildcard_captures(c.field, name)) out.emplace_back(name, wildcard_substitute(out_pattern, *caps));
  }
  // Expanded in field-name order, as Splunk lists fields.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// sparkline[(count[(field)][, span])] (the parser keeps the argument text):
// the per-bucket count of events, or of values of field. Other functions
// inside a sparkline are not supported yet.
bool lower_sparkline(const spl::AggCall& c, Lowerer& l, ir::AggSpec& spec) {
  auto refuse = [&](const std::string& why) {
    l.unsupported(c.span, "'" + c.written + "(" + c.field + ")': " + why);
    return false;
  };
  std::string_view text = trim_ws(c.field);
  std::string_view agg = text, span_text;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    else if (text[i] == ')') --depth;
    else if (text[i] == ',' && depth == 0) {
      agg = trim_ws(text.substr(0, i));
      span_text = trim_ws(text.substr(i + 1));
      break;
    }
  }
  std::string_view name = agg, field;
  if (auto open = agg.find('('); open != std::string_view::npos) {
    if (agg.back() != ')') return refuse("expected count(field)");
    name = trim_ws(agg.substr(0, open));
    field = trim_ws(agg.substr(open + 1, agg.size() - open - 2));
  }
  std::string lname(name);
  for (auto& ch : lname) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!lname.empty() && lname != "count" && lname != "c")
    return refuse("only count is supported inside a sparkline yet");
  if (has_wildcard(field)) return refuse("wildcard fields are not supported in a sparkline");
  spec.func = AggFunc::Sparkline;
  spec.param = 0;
  if (!span_text.empty()) {
    auto span = spl::parse_time_span(span_text);
    std::optional<double> secs;
    if (span) secs = span->unit == spl::TimeUnit::None ? std::optional<double>(span->amount) : span->seconds();
    if (!secs || *secs < 1 || *secs != std::floor(*secs))
      return refuse("the span must be a whole number of seconds, minutes, hours, days or weeks");
    spec.param = *secs;
  }
  // Every event counts once (a constant input), or each value of field.
  spec.input = field.empty() ? ir::Expr::constant(rt::Value::string("1")) : ir::Expr::field(l.slot(field));
  spec.output = l.slot(c.output_name);
  return true;
}

bool lower_aggs(const std::vector<spl::AggCall>& calls, Lowerer& l, std::vector<ir::AggSpec>& out,
                const std::vector<ir::SlotId>& keys, bool sparkline_ok = false) {
  bool ok = true;
  for (const auto& c : calls) {
    if (c.function == "sparkline") {
      ir::AggSpec spec;
      if (!sparkline_ok) {
        l.unsupported(c.span, "sparkline is only supported in stats and tstats");
        ok = false;
      } else if (lower_sparkline(c, l, spec)) {
        out.push_back(std::move(spec));
      } else {
        ok = false;
      }
      continue;
    }
    auto f = agg_func(c.function);
    if (!f) {
      l.unsupported(c.span, "statistical function '" + c.written + "' is not supported");
      ok = false;
      continue;
    }
    ir::AggSpec spec;
    spec.func = *f;
    spec.param = c.percentile;
    if (c.eval_arg) {
      // f(eval(expr)): the expression's value per event; for count, the
      // events where it is true.
      auto e = l.lower_eval(*c.eval_arg);
      if (spec.func == AggFunc::CountField) {
        std::vector<ir::ExprPtr> args;
        args.push_back(std::move(e));
        args.push_back(ir::Expr::constant(rt::Value::string("1")));
        args.push_back(ir::Expr::constant(rt::Value()));
        e = ir::Expr::make(ir::Op::If, std::move(args));
      }
      spec.input = std::move(e);
    } else if (!c.field.empty()) {
      if (has_wildcard(c.field)) {
        for (const auto& [in, outname] : expand_wildcard_agg(c, l, keys)) {
          ir::AggSpec w;
          w.func = spec.func;
          w.param = spec.param;
          w.input = ir::Expr::field(l.slot(in));
          w.output = l.slot(outname);
          out.push_back(std::move(w));
        }
        continue;
      }
      spec.input = ir::Expr::field(l.slot(c.field));
    } else if (spec.func == AggFunc::CountField) {
      spec.func = AggFunc::Count;
    } else {
      l.error(c.span, "statistical function '" + c.written + "' needs a field");
      ok = false;
      continue;
    }
    spec.output = l.slot(c.output_name);
    out.push_back(std::move(spec));
  }
  return ok;
}

bool lower_keys(const std::vector<spl::FieldName>& by, Lowerer& l, std::vector<ir::SlotId>& keys) {
  for (const auto& f : by) {
    if (has_wildcard(f.name)) {
      l.error(f.span, "wildcards are not allowed in BY fields");
      return false;
    }
    keys.push_back(l.slot(f.name));
  }
  return true;
}

std::vector<ir::SlotId> result_columns(const std::vector<ir::SlotId>& keys, const std::vector<ir::AggSpec>& aggs) {
  std::vector<ir::SlotId> cols = keys;
  for (const auto& a : aggs)
    if (std::find(cols.begin(), cols.end(), a.output) == cols.end()) cols.push_back(a.output);
  return cols;
}

}  // namespace

void lower_stats(const spl::Command& cmd, Lowerer& l) {
  const auto& s = static_cast<const spl::StatsCommand&>(cmd);
  ir::AggregateStage st;
  if (!lower_keys(s.by, l, st.keys) || !lower_aggs(s.aggs, l, st.aggs, st.keys, true)) return;
  st.dedup_splitvals = s.dedup_splitvals.value_or(false);
  auto cols = result_columns(st.keys, st.aggs);
  l.add_stage(std::move(st), false);
  l.set_columns(std::move(cols));
}

void lower_eventstats(const spl::Command& cmd, Lowerer& l) {
  const auto& s = static_cast<const spl::EventstatsCommand&>(cmd);
  ir::EventStatsStage st;
  if (!lower_keys(s.by, l, st.keys) || !lower_aggs(s.aggs, l, st.aggs, st.keys)) return;
  for (const auto& a : st.aggs) l.touch_column(a.output);
  l.add_stage(std::move(st), false);
}

void lower_streamstats(const spl::Command& cmd, Lowerer& l) {
  const auto& s = static_cast<const spl::StreamstatsCommand&>(cmd);
  if (s.time_window || s.reset_before || s.reset_after || s.reset_on_change.value_or(false)) {
    l.unsupported(cmd.span, "streamstats time_window/reset_* options are not supported yet");
    return;
  }
  ir::StreamStatsStage st;
  if (!lower_keys(s.by, l, st.keys) || !lower_aggs(s.aggs, l, st.aggs, st.keys)) return;
  st.window = static_cast<uint32_t>(std::max<int64_t>(0, s.window.value_or(0)));
  st.current = s.current.value_or(true);
  st.global = s.global.value_or(true);
  for (const auto& a : st.aggs) l.touch_column(a.output);
  l.add_stage(std::move(st), false);
}

void lower_tstats(const spl::Command& cmd, Lowerer& l) {
  const auto& t = static_cast<const spl::TstatsCommand&>(cmd);
  if (l.command_index != 0) {
    l.unsupported(cmd.span, "tstats must be the first command (inside append/join it is not supported yet)");
    return;
  }
  if (t.prestats.value_or(false) || t.append.value_or(false)) {
    l.unsupported(cmd.span, "tstats prestats=/append= are not supported");
    return;
  }
  if (!t.from_namespace.empty()) {
    l.unsupported(cmd.span, "tstats FROM <namespace> (tscollect data) is not supported");
    return;
  }
  std::string dataset = t.datamodel;
  if (!dataset.empty() && !t.nodename.empty()) {
    // datamodel=Network_Resolution where nodename=DNS -> Network_Resolution.DNS;
    // a child node keeps its root dataset (inherited fields keep the root prefix).
    std::string root = t.nodename.substr(0, t.nodename.find('.'));
    if (dataset.find('.') == std::string::npos) dataset += "." + root;
    std::string child = t.nodename.find('.') == std::string::npos ? "" : t.nodename.substr(t.nodename.rfind('.') + 1);
    if (!child.empty()) {
      static const std::map<std::string, std::string> blocked = {{"Blocked_Traffic", "blocked"},
                                                                {"Allowed_Traffic", "allowed"}};
      auto it = blocked.find(child);
      if (it == blocked.end()) {
        l.unsupported(cmd.span, "tstats child dataset '" + t.nodename + "' is not supported yet");
        return;
      }
      auto m = ir::Expr::make(ir::Op::MatchAny);
      m->slot = l.slot(root + ".action");
      m->index = l.add_matcher({ir::Matcher::Kind::Glob, it->second, {}});
      l.add_stage(ir::FilterStage{std::move(m)}, true);
    }
  }
  if (!dataset.empty() && dataset.find('.') == std::string::npos) {
    // datamodel=Network_Traffic: the root dataset is the prefix the search
    // uses for its fields (All_Traffic.dest_port -> Network_Traffic.All_Traffic).
    std::string root;
    auto consider = [&](const std::string& name) {
      auto dot = name.find('.');
      if (root.empty() && dot != std::string::npos && dot > 0) root = name.substr(0, dot);
    };
    for (const auto& f : t.by) consider(f.name);
    for (const auto& a : t.aggs) consider(a.field);
    if (root.empty() && t.where) {
      std::function<void(const spl::SearchExpr&)> walk = [&](const spl::SearchExpr& e) {
        consider(e.field);
        for (const auto& c : e.children) walk(*c);
      };
      walk(*t.where);
    }
    if (root.empty()) {
      l.unsupported(t.datamodel_span, "tstats over a whole data model needs a dataset (datamodel=Model.Dataset)");
      return;
    }
    dataset += "." + root;
  }
  if (!dataset.empty()) {
    l.plan().source = {ir::Source::Kind::Datamodel, dataset};
  }
  if (t.where) {
    auto cond = l.lower_search(*t.where);
    if (!(cond->op == ir::Op::Const && cond->value.is_bool() && cond->value.as_bool()))
      l.add_stage(ir::FilterStage{std::move(cond)}, true);
  }
  ir::AggregateStage st;
  if (!lower_keys(t.by, l, st.keys) || !lower_aggs(t.aggs, l, st.aggs, st.keys, true)) return;
  if (t.span) {
    // by _time span=1h: bin _time before grouping.
    auto secs = t.span->seconds();
    if (!secs || *secs <= 0) {
      l.unsupported(cmd.span, "tstats span=" + t.span->text + " (calendar spans) is not supported yet");
      return;
    }
    ir::SlotId time = l.slot("_time");
    // The same lower bin boundary as `bin _time span=` (_bin_floor).
    auto fl = ir::Expr::make(ir::Op::Call);
    fl->text = "_bin_floor";
    fl->args.push_back(ir::Expr::field(time));
    fl->args.push_back(ir::Expr::constant(rt::Value::number(*secs)));
    ir::EvalStage ev;
    ev.assigns.push_back({time, std::move(fl)});
    l.add_stage(std::move(ev), true);
  }
  st.fillnull = t.fillnull_value;
  auto cols = result_columns(st.keys, st.aggs);
  l.add_stage(std::move(st), false);
  l.set_columns(std::move(cols));
}

}  // namespace rulejit::lower
