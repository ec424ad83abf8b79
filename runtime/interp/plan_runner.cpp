#include "runtime/interp/plan_runner.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "compiler/ir/analysis.h"
#include "runtime/functions/eval_error.h"
#include "runtime/interp/foreach_fields.h"
#include "runtime/interp/sparkline.h"
#include "runtime/interp/transaction_stage.h"

namespace rulejit::rt {

using namespace ir;

std::vector<AggDef> agg_defs(const std::vector<AggSpec>& aggs) {
  std::vector<AggDef> defs;
  for (const auto& a : aggs) defs.push_back({a.func, a.param, a.input != nullptr});
  return defs;
}

PlanRunner::PlanRunner(std::shared_ptr<const Plan> plan, FunctionContext& functions, LookupCatalog* lookups,
                       Sink sink)
    : plan_(std::move(plan)),
      functions_(functions),
      lookups_(lookups),
      sink_(std::move(sink)),
      constants_(CompiledConstants::build(*plan_, errors_)),
      env_{*plan_, constants_, functions_, plan_->slot_of("_raw")},
      time_slot_(plan_->slot_of("_time")),
      event_aggregate_(has_event_aggregate(*plan_)) {
  if (event_aggregate_) {
    const auto& agg = std::get<AggregateStage>(plan_->stages[plan_->event_stages]);
    table_.emplace(agg_defs(agg.aggs), agg.keys.size(), agg.fillnull, agg.dedup_splitvals);
  }
  for (const auto& lk : plan_->lookups) {
    std::string err;
    if (!lookups_ || !lookups_->get(lk, &err)) errors_.push_back(err.empty() ? "no lookup catalog" : err);
  }
}

double PlanRunner::row_time(const Row& row) const {
  if (time_slot_ == kNoSlot) return 0;
  auto n = row.slots[time_slot_].to_number();
  return n ? *n : 0;
}

void PlanRunner::emit(const Row& row) {
  ++stats_.results;
  if (sink_) sink_(row);
}

bool PlanRunner::push_event(Row row) {
  ++stats_.events_in;
  if (!run_event_stages(row)) return false;
  accept_event(row);
  return true;
}

void PlanRunner::accept_event(Row& row) {
  row.seq = next_arrival();
  ++stats_.events_matched;
  if (event_aggregate_) {
    // Keys and field inputs by pointer into the row; only computed inputs
    // (count(eval(...)), sum(a*b)) are evaluated into scratch values.
    const auto& agg = std::get<AggregateStage>(plan_->stages[plan_->event_stages]);
    static const Value kNull;
    key_ptrs_.clear();
    input_ptrs_.clear();
    scratch_.resize(agg.aggs.size());
    for (SlotId k : agg.keys) key_ptrs_.push_back(&row.slots[k]);
    for (size_t i = 0; i < agg.aggs.size(); ++i) {
      const auto& a = agg.aggs[i];
      if (!a.input) {
        input_ptrs_.push_back(&kNull);
      } else if (a.input->op == ir::Op::Field) {
        input_ptrs_.push_back(&row.slots[a.input->slot]);
      } else {
        try {
          scratch_[i] = evaluate(*a.input, row, env_);
        } catch (const EvalError&) {
          ++stats_.eval_errors;
          scratch_[i] = Value();
        }
        input_ptrs_.push_back(&scratch_[i]);
      }
    }
    table_->add(key_ptrs_, input_ptrs_, row_time(row), row.seq);
  } else if (plan_->event_stages < plan_->stages.size()) {
    buffered_.push_back(std::move(row));
  } else {
    emit(row);
  }
}

bool PlanRunner::aggregates_slots() const {
  if (!event_aggregate_) return false;
  const auto& agg = std::get<AggregateStage>(plan_->stages[plan_->event_stages]);
  for (const auto& a : agg.aggs)
    if (a.input && a.input->op != ir::Op::Field) return false;
  return true;
}

void PlanRunner::accept_slots(const Value* const* slots, std::span<const std::string_view> key_texts,
                              std::span<const uint64_t> key_hashes) {
  // accept_event's aggregation with the row's slots given by pointer.
  const uint64_t seq = next_arrival();
  ++stats_.events_matched;
  const auto& agg = std::get<AggregateStage>(plan_->stages[plan_->event_stages]);
  static const Value kNull;
  input_ptrs_.clear();
  for (const auto& a : agg.aggs) input_ptrs_.push_back(a.input ? slots[a.input->slot] : &kNull);
  double time = 0;
  if (time_slot_ != kNoSlot)
    if (auto n = slots[time_slot_]->to_number()) time = *n;
  if (!key_texts.empty()) {
    table_->add_texts(key_texts, key_hashes, input_ptrs_, time, seq);
    return;
  }
  key_ptrs_.clear();
  for (SlotId k : agg.keys) key_ptrs_.push_back(slots[k]);
  table_->add(key_ptrs_, input_ptrs_, time, seq);
}

bool PlanRunner::accept_key_texts(std::span<const std::string_view> key_texts) {
  if (!event_aggregate_ || !table_->add_count(key_texts)) return false;
  next_arrival();
  ++stats_.events_matched;
  return true;
}

bool PlanRunner::run_event_stages(Row& row) {
  for (size_t i = 0; i < plan_->event_stages; ++i)
    if (!apply_streaming(plan_->stages[i], row)) return false;
  return true;
}

// Applies a streaming stage to one row; false when the row is dropped.
bool PlanRunner::apply_streaming(const Stage& stage, Row& row) {
  if (const auto* f = std::get_if<FilterStage>(&stage)) {
    try {
      return is_true(evaluate(*f->cond, row, env_));
    } catch (const EvalError&) {
      ++stats_.eval_errors;
      return false;
    }
  }
  if (const auto* ev = std::get_if<EvalStage>(&stage)) {
    run_assigns(ev->assigns, row);
    return true;
  }
  if (const auto* fe = std::get_if<ForeachFieldsStage>(&stage)) {
    for (auto& [name, value] : foreach_matching_fields(*fe, *plan_, row)) {
      row.slots[fe->value] = std::move(value);
      run_assigns(fe->assigns, row);
    }
    row.slots[fe->value] = Value();
    return true;
  }
  return apply_streaming_rest(stage, row);
}

void PlanRunner::run_assigns(const std::vector<Assign>& assigns, Row& row) {
  for (const auto& a : assigns) {
    try {
      Value v = evaluate(*a.expr, row, env_);
      // Booleans cannot be stored in fields (spl-semantics.md §2.3); the
      // compiler rejects the obvious cases, a stray one becomes null.
      row.slots[a.target] = v.is_bool() ? Value() : std::move(v);
    } catch (const EvalError&) {
      ++stats_.eval_errors;
      row.slots[a.target] = Value();
    }
  }
}

// The other streaming stages (apply_streaming).
bool PlanRunner::apply_streaming_rest(const Stage& stage, Row& row) {
  if (const auto* rn = std::get_if<RenameStage>(&stage)) {
    for (const auto& p : rn->pairs) {
      if (p.from == p.to) continue;
      if (p.only_if_present && row.slots[p.from].is_null()) continue;
      row.slots[p.to] = std::move(row.slots[p.from]);
      row.slots[p.from] = Value();
    }
    return true;
  }
  if (const auto* rx = std::get_if<RexStage>(&stage)) {
    const Value& in = row.slots[rx->input];
    if (in.is_null()) return true;
    if (rx->sed) {
      const SedExpr* sed = constants_.seds[rx->regex].get();
      if (!sed) return true;
      std::vector<std::string> out;
      for (const auto& t : in.texts()) {
        std::string r;
        if (sed->apply(t, r) == Regex::Status::kLimit) {
          ++stats_.eval_errors;
          r = t;
        }
        out.push_back(std::move(r));
      }
      row.slots[rx->input] = Value::make_multi(std::move(out));
      return true;
    }
    const auto& re = constants_.regexes[rx->regex];
    if (!re) return true;
    std::vector<std::vector<std::string>> captured(rx->groups.size());
    std::vector<int> group_numbers;
    for (const auto& g : rx->groups) {
      int num = -1;
      for (const auto& ng : re->named_groups())
        if (ng.name == g.name) num = static_cast<int>(ng.number);
      group_numbers.push_back(num);
    }
    // rex works on the first value of a multivalue field (§2.5 policy).
    std::string subject = in.to_text();
    auto st = re->for_each_match(subject, rx->max_match, [&](const std::vector<RegexSpan>& groups) {
      for (size_t i = 0; i < group_numbers.size(); ++i) {
        int n = group_numbers[i];
        if (n < 0 || static_cast<size_t>(n) >= groups.size() || !groups[static_cast<size_t>(n)].matched()) continue;
        const auto& sp = groups[static_cast<size_t>(n)];
        captured[i].push_back(subject.substr(sp.begin, sp.end - sp.begin));
      }
    });
    if (st == Regex::Status::kLimit) ++stats_.eval_errors;
    // No match leaves existing fields as they were (UNCERTAIN, §3.11 recommendation).
    for (size_t i = 0; i < rx->groups.size(); ++i)
      if (!captured[i].empty()) row.slots[rx->groups[i].slot] = Value::make_multi(std::move(captured[i]));
    return true;
  }
  if (const auto* lk = std::get_if<LookupStage>(&stage)) {
    if (!lookups_) return true;
    std::string err;
    auto table = lookups_->get(plan_->lookups[lk->table], &err);
    if (!table) return true;
    std::vector<std::pair<int, std::vector<std::string>>> inputs;
    for (const auto& in : lk->inputs) {
      auto texts = row.slots[in.slot].texts();
      // A row without an input field is not looked up at all: its output
      // fields stay as they are (no default_match either).
      if (texts.empty()) return true;
      inputs.emplace_back(table->column_index(in.column), std::move(texts));
    }
    std::vector<size_t> hits = table->match(inputs);
    const auto& ref = table->ref();
    for (const auto& out : lk->outputs) {
      if (lk->output_new && !row.slots[out.slot].is_null()) continue;
      int col = table->column_index(out.column);
      if (hits.size() < ref.min_matches || hits.empty()) {
        // A miss: default_match when min_matches asks for one, else null
        // (OUTPUT clears the field; UNCERTAIN §3.13 recommendation).
        row.slots[out.slot] = (hits.size() < ref.min_matches && ref.default_match)
                                  ? Value::string(*ref.default_match)
                                  : Value();
        continue;
      }
      std::vector<std::string> vals;
      for (size_t h : hits)
        if (col >= 0 && !table->cell(h, static_cast<size_t>(col)).empty())
          vals.push_back(table->cell(h, static_cast<size_t>(col)));
      row.slots[out.slot] = Value::make_multi(std::move(vals));
    }
    return true;
  }
  if (const auto* pj = std::get_if<ProjectStage>(&stage)) {
    std::vector<bool> listed(row.slots.size(), false);
    for (SlotId k : pj->keep) listed[k] = true;
    for (size_t s = 0; s < row.slots.size(); ++s) {
      bool internal = !plan_->slots[s].empty() && plan_->slots[s][0] == '_';
      bool keep = pj->remove ? !listed[s] : (listed[s] || (internal && pj->keep_internal));
      if (!keep) row.slots[s] = Value();
    }
    return true;
  }
  if (const auto* fn = std::get_if<FillnullStage>(&stage)) {
    for (SlotId k : fn->slots)
      if (row.slots[k].is_null()) row.slots[k] = fn->value;
    return true;
  }
  return true;
}

std::vector<Row> PlanRunner::aggregate_rows(const AggregateStage& s, GroupTable& table) const {
  std::vector<Row> out;
  auto groups = table.take_rows();
  out.reserve(groups.size());
  for (auto& gr : groups) {
    Row r;
    r.slots.assign(plan_->slots.size(), Value());
    for (size_t k = 0; k < s.keys.size(); ++k) r.slots[s.keys[k]] = Value::string(std::move(gr.keys[k]));
    for (size_t a = 0; a < s.aggs.size(); ++a) r.slots[s.aggs[a].output] = std::move(gr.values[a]);
    r.seq = out.size();
    out.push_back(std::move(r));
  }
  return out;
}

static std::string key_text(const Row& row, const std::vector<SlotId>& keys, bool* has_null) {
  std::string k;
  for (SlotId s : keys) {
    const Value& v = row.slots[s];
    if (v.is_null()) *has_null = true;
    for (const auto& t : v.texts()) {
      k += t;
      k += '\x1e';
    }
    k += '\x1f';
  }
  return k;
}

void PlanRunner::run_row_stage(const Stage& stage, std::vector<Row>& rows) {
  if (const auto* agg = std::get_if<AggregateStage>(&stage)) {
    GroupTable table(agg_defs(agg->aggs), agg->keys.size(), agg->fillnull, agg->dedup_splitvals);
    uint64_t seq = 0;  // position in the current row order
    for (auto& row : rows) {
      std::vector<Value> keys, inputs;
      for (SlotId k : agg->keys) keys.push_back(row.slots[k]);
      for (const auto& a : agg->aggs) {
        try {
          inputs.push_back(a.input ? evaluate(*a.input, row, env_) : Value());
        } catch (const EvalError&) {
          ++stats_.eval_errors;
          inputs.emplace_back();
        }
      }
      table.add(keys, inputs, row_time(row), seq++);
    }
    rows = aggregate_rows(*agg, table);
    stats_.eval_errors += render_sparklines(agg->aggs, rows);
    return;
  }
  if (const auto* es = std::get_if<EventStatsStage>(&stage)) {
    GroupTable table(agg_defs(es->aggs), es->keys.size());
    uint64_t seq = 0;  // position in the current row order
    for (auto& row : rows) {
      std::vector<Value> keys, inputs;
      for (SlotId k : es->keys) keys.push_back(row.slots[k]);
      for (const auto& a : es->aggs) {
        try {
          inputs.push_back(a.input ? evaluate(*a.input, row, env_) : Value());
        } catch (const EvalError&) {
          ++stats_.eval_errors;
          inputs.emplace_back();
        }
      }
      table.add(keys, inputs, row_time(row), seq++);
    }
    for (auto& row : rows) {
      std::vector<std::string> key;
      bool missing = false;
      for (SlotId k : es->keys) {
        if (row.slots[k].is_null()) missing = true;
        else key.push_back(row.slots[k].value_text(0));  // multivalue keys: first value's group
      }
      if (missing) continue;  // rows lacking a by-field get nothing (§3.3)
      const auto* accs = table.find(key);
      if (!accs) continue;
      for (size_t a = 0; a < es->aggs.size(); ++a) row.slots[es->aggs[a].output] = accs[a].result();
    }
    return;
  }
  if (const auto* ss = std::get_if<StreamStatsStage>(&stage)) {
    // Running aggregates in current row order (spl-semantics.md §3.4). With
    // window=N the aggregate covers the last N rows: one window over all
    // rows when global=true (the default) — each row then aggregates the
    // rows of its own group inside it — or one window per group otherwise.
    struct Entry {
      std::string key;
      std::vector<Value> inputs;
      double time;
    };
    const auto defs = agg_defs(ss->aggs);
    const bool shared = ss->window > 0 && ss->global && !ss->keys.empty();
    std::deque<Entry> global_window;
    std::map<std::string, std::deque<Entry>> groups;
    for (auto& row : rows) {
      bool missing = false;
      std::string key = key_text(row, ss->keys, &missing);
      if (missing) continue;  // events missing a by-field are ignored (§3.4)
      Entry cur{key, {}, row_time(row)};
      for (const auto& a : ss->aggs) {
        try {
          cur.inputs.push_back(a.input ? evaluate(*a.input, row, env_) : Value());
        } catch (const EvalError&) {
          ++stats_.eval_errors;
          cur.inputs.emplace_back();
        }
      }
      std::deque<Entry>& window = shared ? global_window : groups[key];
      // Rows before this one that the window still holds.
      size_t keep_prev = ss->window == 0 ? window.size() : (ss->current ? ss->window - 1 : ss->window);
      size_t first = window.size() > keep_prev ? window.size() - keep_prev : 0;
      std::vector<Accumulator> accs;
      for (const auto& d : defs) accs.emplace_back(d.func, d.param);
      uint64_t seq = 0;
      auto add = [&](const Entry& e) {
        ++seq;
        for (size_t i = 0; i < defs.size(); ++i) {
          if (!defs[i].has_input) accs[i].add_event();
          else accs[i].add(e.inputs[i], e.time, seq);
        }
      };
      for (size_t i = first; i < window.size(); ++i)
        if (window[i].key == key) add(window[i]);
      if (ss->current) add(cur);
      for (size_t a = 0; a < ss->aggs.size(); ++a) row.slots[ss->aggs[a].output] = accs[a].result();
      window.push_back(std::move(cur));
      if (ss->window > 0 && window.size() > ss->window) window.pop_front();
    }
    return;
  }
  if (const auto* dd = std::get_if<DedupStage>(&stage)) {
    std::map<std::string, uint32_t> seen;
    std::string prev;
    bool have_prev = false;
    std::vector<Row> out;
    for (auto& row : rows) {
      bool missing = false;
      std::string key = key_text(row, dd->keys, &missing);
      if (missing) {
        if (dd->keepempty) out.push_back(std::move(row));
        continue;  // dedup drops rows missing a dedup field (§3.5)
      }
      if (dd->consecutive) {
        if (have_prev && key == prev) continue;
        prev = key;
        have_prev = true;
        out.push_back(std::move(row));
        continue;
      }
      if (++seen[key] <= dd->count) out.push_back(std::move(row));
    }
    rows = std::move(out);
    return;
  }
  if (const auto* so = std::get_if<SortStage>(&stage)) {
    auto cmp_key = [&](const Row& a, const Row& b, const SortKey& k) -> int {
      const Value& x = a.slots[k.slot];
      const Value& y = b.slots[k.slot];
      // Missing values sort last in both directions (§3.16).
      if (x.is_null() || y.is_null()) return x.is_null() == y.is_null() ? 0 : (x.is_null() ? 2 : -2);
      int c;
      if (k.as == SortKey::As::Str) c = x.to_text().compare(y.to_text());
      else if (k.as == SortKey::As::Num) {
        auto nx = x.to_number(), ny = y.to_number();
        c = (nx && ny) ? (*nx < *ny ? -1 : *nx > *ny) : compare_sort_text(x.to_text(), y.to_text());
      } else {
        c = compare_sort_text(x.to_text(), y.to_text());
      }
      c = c < 0 ? -1 : (c > 0 ? 1 : 0);
      return k.descending ? -c : c;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      for (const auto& k : so->keys) {
        int c = cmp_key(a, b, k);
        if (c == 2 || c == -2) return c == -2;
        if (c != 0) return c < 0;
      }
      return false;
    });
    if (so->limit > 0 && rows.size() > so->limit) rows.resize(so->limit);
    return;
  }
  if (const auto* hd = std::get_if<HeadStage>(&stage)) {
    if (hd->while_cond) {
      size_t n = 0;
      while (n < rows.size()) {
        bool ok = false;
        try {
          ok = is_true(evaluate(*hd->while_cond, rows[n], env_));
        } catch (const EvalError&) {
          ++stats_.eval_errors;
        }
        if (!ok) break;
        ++n;
      }
      rows.resize(n);
    } else if (rows.size() > hd->count) {
      rows.resize(hd->count);
    }
    return;
  }
  if (const auto* sp = std::get_if<SubplanStage>(&stage)) {
    const std::vector<Row>* sub = sub_rows_ && sp->sub ? sub_rows_(sp->sub_rule) : nullptr;
    static const std::vector<Row> kNone;
    if (!sub) sub = &kNone;
    const Plan& sub_plan = *sp->sub;
    // Subsearch fields map to this plan's fields by name.
    std::vector<SlotId> to_parent(sub_plan.slots.size(), kNoSlot);
    for (size_t s = 0; s < sub_plan.slots.size(); ++s) to_parent[s] = plan_->slot_of(sub_plan.slots[s]);
    auto merge = [&](Row& into, const Row& from) {
      for (size_t s = 0; s < from.slots.size() && s < to_parent.size(); ++s)
        if (to_parent[s] != kNoSlot && !from.slots[s].is_null()) into.slots[to_parent[s]] = from.slots[s];
    };
    if (sp->kind == SubplanStage::Kind::Append) {
      for (const auto& r : *sub) {
        Row row;
        row.slots.assign(plan_->slots.size(), Value());
        merge(row, r);
        rows.push_back(std::move(row));
      }
      return;
    }
    // join: rows whose keys equal a subsearch row's keys (exact text).
    std::vector<SlotId> sub_keys;
    for (SlotId k : sp->join_keys) sub_keys.push_back(sub_plan.slot_of(plan_->slots[k]));
    std::unordered_map<std::string, std::vector<const Row*>> index;
    for (const auto& r : *sub) {
      bool missing = false;
      std::string key;
      for (SlotId k : sub_keys) {
        if (k == kNoSlot || r.slots[k].is_null()) missing = true;
        else key += r.slots[k].to_text();
        key += '\x1f';
      }
      if (!missing) index[key].push_back(&r);
    }
    const bool left = sp->kind == SubplanStage::Kind::JoinLeft;
    std::vector<Row> out;
    for (auto& row : rows) {
      bool missing = false;
      std::string key;
      for (SlotId k : sp->join_keys) {
        if (row.slots[k].is_null()) missing = true;
        else key += row.slots[k].to_text();
        key += '\x1f';
      }
      auto it = missing ? index.end() : index.find(key);
      if (it == index.end()) {
        if (left) out.push_back(std::move(row));
        continue;
      }
      size_t n = sp->max == 0 ? it->second.size() : std::min<size_t>(sp->max, it->second.size());
      for (size_t i = 0; i < n; ++i) {
        Row joined = i + 1 == n ? std::move(row) : row;
        merge(joined, *it->second[i]);  // overwrite=true: subsearch values win
        out.push_back(std::move(joined));
      }
    }
    rows = std::move(out);
    return;
  }
  if (const auto* tx = std::get_if<TransactionStage>(&stage)) {
    run_transaction(*tx, rows, time_slot_, plan_->slot_of("_raw"));
    return;
  }
  if (const auto* ex = std::get_if<ExpandStage>(&stage)) {
    std::vector<Row> out;
    for (auto& row : rows) {
      auto texts = row.slots[ex->slot].texts();
      if (texts.empty()) continue;  // UNCERTAIN §3.15: rows without the field are dropped
      size_t n = ex->limit > 0 ? std::min<size_t>(texts.size(), ex->limit) : texts.size();
      for (size_t i = 0; i < n; ++i) {
        Row copy = row;
        copy.slots[ex->slot] = Value::string(texts[i]);
        out.push_back(std::move(copy));
      }
    }
    rows = std::move(out);
    return;
  }
  if (const auto* fn = std::get_if<FillnullStage>(&stage); fn && fn->slots.empty()) {
    // No field list: every field present in at least one row (§3.8).
    std::vector<bool> present(plan_->slots.size(), false);
    for (const auto& row : rows)
      for (size_t s = 0; s < row.slots.size(); ++s)
        if (!row.slots[s].is_null()) present[s] = true;
    for (auto& row : rows)
      for (size_t s = 0; s < row.slots.size(); ++s)
        if (present[s] && row.slots[s].is_null()) row.slots[s] = fn->value;
    return;
  }
  // Streaming stages over rows.
  std::vector<Row> out;
  out.reserve(rows.size());
  for (auto& row : rows)
    if (apply_streaming(stage, row)) out.push_back(std::move(row));
  rows = std::move(out);
}

void PlanRunner::finish() {
  std::vector<Row> rows;
  size_t first_row_stage = plan_->event_stages;
  if (plan_->source.kind == Source::Kind::Inputlookup) {
    // | inputlookup: the rows are the table's rows, in file order.
    std::string err;
    auto table = lookups_ ? lookups_->get(plan_->lookups.at(0), &err) : nullptr;
    if (!table) return;
    std::vector<SlotId> col_slots;
    for (const auto& c : table->columns()) col_slots.push_back(plan_->slot_of(c));
    for (size_t r = 0; r < table->row_count(); ++r) {
      Row row;
      row.slots.assign(plan_->slots.size(), Value());
      row.seq = r;
      for (size_t c = 0; c < col_slots.size(); ++c)
        if (col_slots[c] != kNoSlot && !table->cell(r, c).empty()) row.slots[col_slots[c]] = Value::string(table->cell(r, c));
      rows.push_back(std::move(row));
    }
  } else if (event_aggregate_) {
    const auto& agg = std::get<AggregateStage>(plan_->stages[plan_->event_stages]);
    // Sparklines need every group before any row is final.
    if (first_row_stage + 1 == plan_->stages.size() && !has_sparkline(agg.aggs)) {
      // Nothing after the aggregation: each group goes to the sink from
      // the table through one reused row.
      Row r;
      r.slots.assign(plan_->slots.size(), Value());
      uint64_t seq = 0;
      table_->for_each_sorted([&](std::span<const std::string_view> keys, const Accumulator* accs) {
        for (size_t k = 0; k < agg.keys.size(); ++k) r.slots[agg.keys[k]].assign_string(keys[k]);
        for (size_t a = 0; a < agg.aggs.size(); ++a) r.slots[agg.aggs[a].output] = accs[a].result();
        r.seq = seq++;
        emit(r);
      });
      table_->clear();
      return;
    }
    rows = aggregate_rows(agg, *table_);
    stats_.eval_errors += render_sparklines(agg.aggs, rows);
    ++first_row_stage;
  } else if (first_row_stage < plan_->stages.size()) {
    rows = std::move(buffered_);
    buffered_.clear();
    // Splunk returns events newest-first; order-sensitive stages see that.
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      double ta = row_time(a), tb = row_time(b);
      if (ta != tb) return ta > tb;
      return a.seq > b.seq;
    });
  } else {
    return;  // everything was emitted while streaming
  }
  for (size_t i = first_row_stage; i < plan_->stages.size(); ++i) run_row_stage(plan_->stages[i], rows);
  for (const auto& r : rows) emit(r);
  if (table_) table_->clear();
}

RunnerState PlanRunner::take_state() {
  RunnerState s;
  s.seq = seq_;
  s.buffered = std::move(buffered_);
  buffered_.clear();
  if (table_) {
    s.table = std::move(table_);
    const auto& agg = std::get<AggregateStage>(plan_->stages[plan_->event_stages]);
    table_.emplace(agg_defs(agg.aggs), agg.keys.size(), agg.fillnull, agg.dedup_splitvals);
  }
  return s;
}

bool PlanRunner::merge_state(RunnerState&& state) {
  // Check everything before changing anything.
  if (state.table && (!table_ || !table_->same_definition(*state.table))) return false;
  for (const auto& r : state.buffered)
    if (r.slots.size() != plan_->slots.size()) return false;
  seq_ = std::max(seq_, state.seq);
  if (state.table) table_->merge(std::move(*state.table));
  if (!state.buffered.empty()) {
    // Both sides are in seq order (arrival order of monotone numbers); a
    // stable sort of the two also copes with sides that are not.
    const size_t mid = buffered_.size();
    for (auto& r : state.buffered) buffered_.push_back(std::move(r));
    auto by_seq = [](const Row& a, const Row& b) { return a.seq < b.seq; };
    if (std::is_sorted(buffered_.begin(), buffered_.begin() + static_cast<std::ptrdiff_t>(mid), by_seq) &&
        std::is_sorted(buffered_.begin() + static_cast<std::ptrdiff_t>(mid), buffered_.end(), by_seq))
      std::inplace_merge(buffered_.begin(), buffered_.begin() + static_cast<std::ptrdiff_t>(mid), buffered_.end(), by_seq);
    else
      std::stable_sort(buffered_.begin(), buffered_.end(), by_seq);
  }
  state = RunnerState();
  return true;
}

size_t PlanRunner::memory_bytes() const {
  size_t bytes = sizeof(*this);
  if (table_) bytes += table_->memory_bytes();
  for (const auto& r : buffered_) bytes += r.slots.size() * sizeof(Value) + 64;
  return bytes;
}

}  // namespace rulejit::rt
