#include "runtime/engine/engine_core.h"

#include <map>
#include <set>

#include "runtime/engine/direct_text.h"
#include "runtime/functions/eval_error.h"

namespace rulejit::rt {

static double wall_now() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1e6;
}

EngineCore::EngineCore(std::shared_ptr<const ir::Pack> pack, EngineOptions options, ResultSink sink)
    : pack_(std::move(pack)), options_(options), sink_(std::move(sink)) {
  functions_.now = options_.now > 0 ? options_.now : wall_now();
  if (!options_.geoip_path.empty()) {
    std::string err;
    functions_.geoip = GeoIpDb::open(options_.geoip_path, &err);
    if (!functions_.geoip) setup_errors_.push_back(err);
  }
  stats_.rules.resize(pack_->rules.size());
  captured_.resize(pack_->rules.size());
  for (uint32_t r = 0; r < pack_->rules.size(); ++r) {
    const auto& rule = pack_->rules[r];
    PlanRunner::Sink rows_to;
    if (rule.hidden) {
      // A subsearch: its rows are kept for the rule that joins/appends them.
      rows_to = [this, r](const Row& row) { captured_[r].push_back(row); };
    } else {
      rows_to = [this, r, plan = rule.plan.get()](const Row& row) {
        if (sink_) sink_(r, *plan, row);
      };
    }
    runners_.push_back(std::make_unique<PlanRunner>(rule.plan, functions_, &lookups_, std::move(rows_to)));
    runners_.back()->set_arrival_source(&line_seq_);
    runners_.back()->set_sub_rows([this](uint32_t rule_index) -> const std::vector<Row>* {
      return rule_index < captured_.size() ? &captured_[rule_index] : nullptr;
    });
    for (const auto& e : runners_.back()->errors()) setup_errors_.push_back(rule.name + ": " + e);
  }
  binding_pos_.assign(pack_->bindings.size(), UINT32_MAX);
  for (uint32_t f = 0; f < pack_->fieldmaps.size(); ++f) prepare_fieldmap(f);
}

void EngineCore::prepare_fieldmap(uint32_t index) {
  const auto& fm = pack_->fieldmaps[index];
  FieldMapState st;
  st.index = index;
  st.fm = &fm;
  // "*" claims every event no other field map claims (generic JSON sources).
  st.presence_slot = fm.match_key == "*" ? -1 : paths_.add_presence(fm.match_key);
  st.match_top = fm.match_key.substr(0, fm.match_key.find('.'));
  router_.add(fm.match_key, st.presence_slot);
  for (const auto& b : pack_->bindings)
    if (b.fieldmap == index) {
      binding_pos_[static_cast<size_t>(&b - pack_->bindings.data())] = static_cast<uint32_t>(st.bindings.size());
      st.bindings.push_back(&b);
    }
  // What each binding needs: the derive slots it reads, plus what their
  // expressions read, transitively.
  auto needs_for = [&](const std::set<ir::SlotId>& bound) {
    FieldMapState::Needs n;
    static_cast<DeriveNeeds&>(n) = derive_needs(fm, bound, paths_);
    return n;
  };
  std::set<ir::SlotId> all_bound;
  for (const auto* b : st.bindings) {
    std::set<ir::SlotId> bound;
    for (const auto& in : b->inputs)
      if (in.kind == ir::InputBinding::Kind::Derive) bound.insert(in.derive_slot);
    all_bound.insert(bound.begin(), bound.end());
    st.per_binding.push_back(needs_for(bound));
    std::vector<uint8_t> is_input(pack_->rules[b->rule].plan->slots.size(), 0);
    for (const auto& in : b->inputs) is_input[in.rule_slot] = 1;
    for (ir::SlotId s = 0; s < is_input.size(); ++s)
      if (!is_input[s]) st.per_binding.back().other_slots.push_back(s);
  }
  st.all = needs_for(all_bound);
  st.assigns = st.all.assigns;
  st.raw = st.all.raw;
  st.slot_gen.assign(fm.derive.slots.size(), 0);
  std::vector<std::string> errors;
  st.constants = std::make_unique<CompiledConstants>(CompiledConstants::build(fm.derive, errors));
  for (const auto& e : errors) setup_errors_.push_back("field map " + fm.name + ": " + e);
  st.env = std::make_unique<ExprEnv>(ExprEnv{fm.derive, *st.constants, functions_, ir::kNoSlot});
  st.derive_row.slots.resize(fm.derive.slots.size());
  fieldmaps_.push_back(std::move(st));
}

void EngineCore::push(const Line& line) {
  begin_line();
  auto status = extractor_.extract(line, paths_, fields_);
  if (!status.ok()) return;
  route();
}

void EngineCore::push_text(std::string_view json) {
  begin_line();
  auto status = extractor_.extract(json, paths_, fields_);
  if (!status.ok()) return;
  route();
}

EngineCore::FieldMapState* EngineCore::choose_fieldmap(const EventFields& f, const Router& router) {
  const int i = router.route(f);
  return i < 0 ? nullptr : &fieldmaps_[static_cast<size_t>(i)];
}

void EngineCore::after_event() {
  if ((stats_.events & 65535) == 0) check_memory();  // O(groups): not per event
}

void EngineCore::route() { dispatch(choose_fieldmap(fields_, router_)); }

EngineCore::FieldMapState* EngineCore::fieldmap_by_sourcetype(std::string_view sourcetype, const EventFields& f,
                                                              const Router& router) {
  if (FieldMapState* own = choose_fieldmap(f, router); own && own->fm->sourcetype == sourcetype) return own;
  for (auto& st : fieldmaps_)
    if (st.fm->sourcetype == sourcetype) return &st;
  return nullptr;
}

void EngineCore::dispatch(FieldMapState* chosen) {
  ++stats_.events;
  if (!chosen) {
    ++stats_.unrouted;
    return;
  }
  if (chosen->bindings.empty()) return;  // no rule reads this source
  chosen->derived_ready = false;
  process(*chosen);
  after_event();
}

void EngineCore::ensure_derived(FieldMapState& st, const FieldMapState::Needs& needs) {
  if (!st.derived_ready) {  // a new event
    st.derived_ready = true;
    ++st.gen;
  }
  if (needs.ready_gen == st.gen) return;
  derive_into(st, needs, fields_, st.derive_row, st.slot_gen, st.gen);
  needs.ready_gen = st.gen;
}

void EngineCore::derive_into(FieldMapState& st, const DeriveNeeds& needs, const EventFields& source, Row& d,
                             std::vector<uint64_t>& slot_gen, uint64_t gen) {
  for (const auto& [dslot, pslot] : needs.raw) {
    if (slot_gen[dslot] == gen) continue;
    slot_gen[dslot] = gen;
    auto vals = pslot < 0 ? std::span<const std::string_view>() : source.values(pslot);
    if (vals.size() == 1) {
      d.slots[dslot].assign_string(vals[0]);
    } else if (vals.empty()) {
      d.slots[dslot] = Value();
    } else {
      std::vector<std::string> mv(vals.begin(), vals.end());
      d.slots[dslot] = Value::make_multi(std::move(mv));
    }
  }
  for (size_t i = 0; i < needs.assigns.size(); ++i) {
    const ir::Assign* a = needs.assigns[i];
    if (slot_gen[a->target] == gen) continue;
    slot_gen[a->target] = gen;
    // One text from single-text fields: built directly (direct_text.h).
    if (needs.direct_text[i]) {
      direct_buf_.clear();
      if (append_direct_text(*a->expr, d, direct_buf_)) {
        d.slots[a->target].assign_string(direct_buf_);
        continue;
      }
    }
    try {
      Value v = evaluate(*a->expr, d, *st.env);
      d.slots[a->target] = v.is_bool() ? Value() : std::move(v);
    } catch (const EvalError&) {
      d.slots[a->target] = Value();
    }
  }
}

const Row& EngineCore::derive_row(FieldMapState& st) {
  ensure_derived(st, st.all);
  return st.derive_row;
}

Row EngineCore::build_row(FieldMapState& st, const ir::RuleBinding& b) {
  Row r;
  fill_row(st, b, r);
  return r;
}

void EngineCore::fill_row(FieldMapState& st, const ir::RuleBinding& b, Row& r) {
  const size_t bi = binding_position(st, b);
  if (bi < st.per_binding.size()) ensure_derived(st, st.per_binding[bi]);
  else ensure_derived(st, st.all);
  const Row& d = st.derive_row;
  const ir::Plan& plan = *pack_->rules[b.rule].plan;
  // Slots no input fills are reset; input slots are assigned over their old
  // values (string buffers of the reused row are kept).
  if (r.slots.size() != plan.slots.size()) r.slots.assign(plan.slots.size(), Value());
  if (bi < st.per_binding.size()) {
    for (ir::SlotId s : st.per_binding[bi].other_slots) r.slots[s] = Value();
  } else {
    for (auto& v : r.slots) v = Value();
  }
  for (const auto& in : b.inputs) assign_input(in, d, r);
}

void EngineCore::assign_input(const ir::InputBinding& in, const Row& d, Row& r) const {
  switch (in.kind) {
    case ir::InputBinding::Kind::Derive: r.slots[in.rule_slot] = d.slots[in.derive_slot]; break;
    case ir::InputBinding::Kind::Constant: r.slots[in.rule_slot] = in.constant; break;
    case ir::InputBinding::Kind::RawLine: r.slots[in.rule_slot].assign_string(fields_.raw()); break;
    case ir::InputBinding::Kind::Null: r.slots[in.rule_slot] = Value(); break;
  }
}

void EngineCore::run_rule_interpreted(const ir::RuleBinding& b, Row row) {
  if (timing_) {
    auto t0 = std::chrono::steady_clock::now();
    runners_[b.rule]->push_event(std::move(row));
    stats_.rules[b.rule].seconds += seconds_since(t0);
  } else {
    runners_[b.rule]->push_event(std::move(row));
  }
}

void EngineCore::finish() {
  // Subsearch rules come before the rules that use their rows.
  for (uint32_t r = 0; r < runners_.size(); ++r) {
    auto t0 = std::chrono::steady_clock::now();
    runners_[r]->finish();
    if (timing_) stats_.rules[r].seconds += seconds_since(t0);
  }
  for (auto& c : captured_) c.clear();
}

const EngineStats& EngineCore::stats() const {
  collect_stats();
  return stats_;
}

// ---- embedding hooks

void EngineCore::push_routed(const Line& line, std::string_view sourcetype) {
  begin_line();
  if (!extractor_.extract(line, paths_, fields_).ok()) return;
  dispatch(fieldmap_by_sourcetype(sourcetype, fields_, router_));
}

std::vector<RuleState> EngineCore::take_rule_states() {
  std::vector<RuleState> out;
  for (size_t r = 0; r < runners_.size(); ++r) {
    const auto& rule = pack_->rules[r];
    out.push_back({rule.key(), ir::print_plan(*rule.plan), std::make_shared<RunnerState>(runners_[r]->take_state())});
  }
  return out;
}

size_t EngineCore::adopt_rule_states(std::vector<RuleState>& states) { return merge_states(states, true); }

size_t EngineCore::merge_rule_states(std::vector<RuleState>& states) { return merge_states(states, false); }

size_t EngineCore::merge_states(std::vector<RuleState>& states, bool adopting) {
  std::multimap<std::string, RuleState*> by_key;
  for (auto& s : states)
    if (s.state) by_key.emplace(s.rule_key, &s);
  size_t merged = 0;
  for (size_t r = 0; r < runners_.size(); ++r) {
    const auto& rule = pack_->rules[r];
    auto [lo, hi] = by_key.equal_range(rule.key());
    if (lo == hi) continue;
    std::string text = ir::print_plan(*rule.plan);
    // One state per rule per call: rules with equal keys and plans take the
    // states in order (as take_rule_states listed them).
    for (auto it = lo; it != hi; ++it) {
      RuleState* s = it->second;
      if (!s->state || s->plan_text != text) continue;
      const uint64_t seq = s->state->seq;
      if (!runners_[r]->merge_state(std::move(*s->state))) continue;
      if (adopting) next_seq_ = std::max(next_seq_, seq);
      s->state.reset();
      ++merged;
      break;
    }
  }
  return merged;
}

size_t EngineCore::memory_bytes() const {
  size_t total = 0;
  for (const auto& r : runners_) total += r->memory_bytes();
  return total;
}

size_t EngineCore::group_count() const {
  size_t total = 0;
  for (const auto& r : runners_) total += r->group_count();
  return total;
}

void EngineCore::check_memory() {
  if (memory_warned_ || options_.memory_budget_enforced) return;  // the owner reports it
  const size_t total = memory_bytes();
  if (total > options_.memory_budget) {
    memory_warned_ = true;
    stats_.warnings.push_back("aggregation state exceeds the memory budget (" + std::to_string(total) + " > " +
                              std::to_string(options_.memory_budget) + " bytes)");
  }
}

void EngineCore::collect_stats() const {
  stats_.read = extractor_.stats();
  for (size_t r = 0; r < runners_.size(); ++r) {
    const auto& s = runners_[r]->stats();
    stats_.rules[r].events_in = s.events_in;
    stats_.rules[r].matched = s.events_matched;
    stats_.rules[r].results = s.results;
    stats_.rules[r].eval_errors = s.eval_errors;
  }
  adjust_stats(stats_);
}

}  // namespace rulejit::rt
