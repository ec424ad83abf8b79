#include "compiler/ir/analysis.h"

#include <algorithm>
#include <set>

namespace rulejit::ir {

void for_each_slot_read(const Expr& e, const std::function<void(SlotId)>& fn) {
  if ((e.op == Op::Field || e.op == Op::MatchAny || e.op == Op::Exists || e.op == Op::RawTerm) && e.slot != kNoSlot)
    fn(e.slot);
  for (const auto& a : e.args) for_each_slot_read(*a, fn);
}

static void aggs_read(const std::vector<AggSpec>& aggs, const std::function<void(SlotId)>& fn) {
  for (const auto& a : aggs)
    if (a.input) for_each_slot_read(*a.input, fn);
}

void for_each_stage_read(const Stage& st, const std::function<void(SlotId)>& fn) {
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, FilterStage>) {
          for_each_slot_read(*s.cond, fn);
        } else if constexpr (std::is_same_v<T, EvalStage>) {
          for (const auto& a : s.assigns) for_each_slot_read(*a.expr, fn);
        } else if constexpr (std::is_same_v<T, RenameStage>) {
          for (const auto& p : s.pairs) fn(p.from);
        } else if constexpr (std::is_same_v<T, RexStage>) {
          fn(s.input);
          if (s.sed) return;
          for (const auto& g : s.groups) fn(g.slot);  // kept when no match
        } else if constexpr (std::is_same_v<T, LookupStage>) {
          for (const auto& i : s.inputs) fn(i.slot);
          if (s.output_new) for (const auto& o : s.outputs) fn(o.slot);
        } else if constexpr (std::is_same_v<T, ProjectStage>) {
          for (SlotId k : s.keep) fn(k);
        } else if constexpr (std::is_same_v<T, FillnullStage>) {
          for (SlotId k : s.slots) fn(k);
        } else if constexpr (std::is_same_v<T, ExpandStage>) {
          fn(s.slot);
        } else if constexpr (std::is_same_v<T, AggregateStage> || std::is_same_v<T, EventStatsStage> ||
                             std::is_same_v<T, StreamStatsStage>) {
          for (SlotId k : s.keys) fn(k);
          aggs_read(s.aggs, fn);
        } else if constexpr (std::is_same_v<T, DedupStage>) {
          for (SlotId k : s.keys) fn(k);
        } else if constexpr (std::is_same_v<T, SortStage>) {
          for (const auto& k : s.keys) fn(k.slot);
        } else if constexpr (std::is_same_v<T, HeadStage>) {
          if (s.while_cond) for_each_slot_read(*s.while_cond, fn);
        } else if constexpr (std::is_same_v<T, SubplanStage>) {
          for (SlotId k : s.join_keys) fn(k);
        } else if constexpr (std::is_same_v<T, TransactionStage>) {
          for (SlotId k : s.keys) fn(k);
        } else if constexpr (std::is_same_v<T, ForeachFieldsStage>) {
          fn(s.raw);
          for (SlotId k : s.fields) fn(k);
          // The loop variable is set by the stage before its assigns read it.
          for (const auto& a : s.assigns)
            for_each_slot_read(*a.expr, [&](SlotId k) {
              if (k != s.value) fn(k);
            });
        }
      },
      st);
}

void for_each_stage_write(const Stage& st, const std::function<void(SlotId)>& fn) {
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, EvalStage>) {
          for (const auto& a : s.assigns) fn(a.target);
        } else if constexpr (std::is_same_v<T, RenameStage>) {
          for (const auto& p : s.pairs) {
            fn(p.to);
            fn(p.from);
          }
        } else if constexpr (std::is_same_v<T, RexStage>) {
          if (s.sed) fn(s.input);
          for (const auto& g : s.groups) fn(g.slot);
          if (s.offset_field != kNoSlot) fn(s.offset_field);
        } else if constexpr (std::is_same_v<T, LookupStage>) {
          for (const auto& o : s.outputs) fn(o.slot);
        } else if constexpr (std::is_same_v<T, FillnullStage>) {
          for (SlotId k : s.slots) fn(k);
        } else if constexpr (std::is_same_v<T, AggregateStage> || std::is_same_v<T, EventStatsStage> ||
                             std::is_same_v<T, StreamStatsStage>) {
          for (const auto& a : s.aggs) fn(a.output);
        } else if constexpr (std::is_same_v<T, TransactionStage>) {
          fn(s.duration);
          fn(s.eventcount);
        } else if constexpr (std::is_same_v<T, ForeachFieldsStage>) {
          fn(s.value);
          for (const auto& a : s.assigns) fn(a.target);
        }
      },
      st);
}

bool has_event_aggregate(const Plan& p) {
  return p.event_stages < p.stages.size() && std::holds_alternative<AggregateStage>(p.stages[p.event_stages]);
}

std::vector<SlotId> event_input_slots(const Plan& p) {
  std::set<SlotId> written, inputs;
  auto read = [&](SlotId s) {
    if (s != kNoSlot && !written.count(s)) inputs.insert(s);
  };
  size_t limit = p.stages.size();
  // After an aggregation, rows no longer come from events.
  for (size_t i = p.event_stages; i < p.stages.size(); ++i) {
    const Stage& s = p.stages[i];
    if (std::holds_alternative<AggregateStage>(s)) {
      limit = i + 1;
      break;
    }
  }
  for (size_t i = 0; i < limit; ++i) {
    const Stage& s = p.stages[i];
    if (std::holds_alternative<SubplanStage>(s)) continue;
    for_each_stage_read(s, read);
    // Explicit renames read their source even when it is absent; the target
    // is written. Wildcard renames only write when the source exists, so the
    // target keeps its event value otherwise.
    if (const auto* r = std::get_if<RenameStage>(&s)) {
      for (const auto& pr : r->pairs) {
        if (pr.only_if_present) read(pr.to);
        else written.insert(pr.to);
        written.insert(pr.from);
      }
      continue;
    }
    if (const auto* rex = std::get_if<RexStage>(&s)) {
      (void)rex;  // rex keeps previous values on no match: its outputs are reads too
      continue;
    }
    for_each_stage_write(s, [&](SlotId w) { written.insert(w); });
  }
  // _time orders rows: time-based aggregates, and row stages that see events
  // newest-first, need it even when no stage names it.
  SlotId time = p.slot_of("_time");
  if (time != kNoSlot && !written.count(time)) {
    bool needs_time = false;
    if (has_event_aggregate(p)) {
      for (const auto& a : std::get<AggregateStage>(p.stages[p.event_stages]).aggs)
        needs_time = needs_time || a.func == AggFunc::Earliest || a.func == AggFunc::Latest ||
                     a.func == AggFunc::First || a.func == AggFunc::Last || a.func == AggFunc::EarliestTime ||
                     a.func == AggFunc::LatestTime || a.func == AggFunc::Sparkline;
    } else {
      needs_time = p.event_stages < p.stages.size();
    }
    if (needs_time) inputs.insert(time);
  }
  // Rows that are events show their fields: dynamic columns read them all.
  if (p.columns_dynamic && limit == p.stages.size())
    for (SlotId c : p.columns) read(c);
  return {inputs.begin(), inputs.end()};
}

}  // namespace rulejit::ir
