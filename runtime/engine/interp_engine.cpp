// The interpreter-backed Engine: simple and obviously correct; the reference
// the JIT engine is tested against.
#include <chrono>
#include <set>

#include "compiler/ir/analysis.h"
#include "runtime/engine/engine.h"
#include "runtime/events/event_extractor.h"
#include "runtime/functions/eval_error.h"
#include "runtime/interp/plan_runner.h"

namespace rulejit::rt {
namespace {

double wall_now() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

class InterpreterEngine final : public Engine {
 public:
  InterpreterEngine(std::shared_ptr<const ir::Pack> pack, EngineOptions options, ResultSink sink)
      : pack_(std::move(pack)), options_(options), sink_(std::move(sink)) {
    functions_.now = options_.now > 0 ? options_.now : wall_now();
    stats_.rules.resize(pack_->rules.size());
    for (uint32_t r = 0; r < pack_->rules.size(); ++r) {
      const auto& rule = pack_->rules[r];
      runners_.push_back(std::make_unique<PlanRunner>(
          rule.plan, functions_, &lookups_, [this, r, plan = rule.plan.get()](const Row& row) {
            if (sink_) sink_(r, *plan, row);
          }));
      for (const auto& e : runners_.back()->errors()) setup_errors_.push_back(rule.name + ": " + e);
    }
    for (uint32_t f = 0; f < pack_->fieldmaps.size(); ++f) prepare_fieldmap(f);
  }

  void push(const Line& line) override {
    auto status = extractor_.extract(line, paths_, fields_);
    if (!status.ok()) return;
    route();
  }

  void push_text(std::string_view json) override {
    auto status = extractor_.extract(json, paths_, fields_);
    if (!status.ok()) return;
    route();
  }

  void finish() override {
    for (uint32_t r = 0; r < runners_.size(); ++r) {
      auto t0 = timing_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
      runners_[r]->finish();
      if (timing_) stats_.rules[r].seconds += seconds_since(t0);
    }
    collect_stats();
  }

  const EngineStats& stats() const override {
    const_cast<InterpreterEngine*>(this)->collect_stats();
    return stats_;
  }
  void set_timing(bool on) override { timing_ = on; }
  const std::vector<std::string>& setup_errors() const override { return setup_errors_; }

 private:
  struct FieldMapState {
    const ir::FieldMapProgram* fm = nullptr;
    int presence_slot = -1;
    std::vector<std::pair<ir::SlotId, int>> raw;  // derive slot <- path slot
    std::vector<const ir::Assign*> assigns;       // needed derived fields, in order
    std::unique_ptr<CompiledConstants> constants;
    std::unique_ptr<ExprEnv> env;
    std::vector<const ir::RuleBinding*> bindings;
    Row derive_row;
  };

  static double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  // Routing: the first field map whose match_key is a top-level key of the
  // event; a "*" field map takes what no other claims.
  void route() {
    ++stats_.events;
    FieldMapState* chosen = nullptr;
    FieldMapState* fallback = nullptr;
    for (auto& f : fieldmaps_) {
      if (f.presence_slot < 0) {
        if (!fallback) fallback = &f;
      } else if (fields_.present(f.presence_slot)) {
        chosen = &f;
        break;
      }
    }
    if (!chosen) chosen = fallback;
    if (!chosen) {
      ++stats_.unrouted;
      return;
    }
    run_fieldmap(*chosen);
    if ((stats_.events & 4095) == 0) check_memory();
  }

  void prepare_fieldmap(uint32_t index) {
    const auto& fm = pack_->fieldmaps[index];
    FieldMapState st;
    st.fm = &fm;
    // "*" claims every event no other field map claims (generic JSON sources).
    st.presence_slot = fm.match_key == "*" ? -1 : paths_.add_presence(fm.match_key);
    for (const auto& b : pack_->bindings)
      if (b.fieldmap == index) st.bindings.push_back(&b);
    // Which derive slots are needed: those bound, plus what their
    // expressions read, transitively (assignments are in dependency order).
    std::set<ir::SlotId> needed;
    for (const auto* b : st.bindings)
      for (const auto& in : b->inputs)
        if (in.kind == ir::InputBinding::Kind::Derive) needed.insert(in.derive_slot);
    const ir::EvalStage* ev = fm.derive.stages.empty() ? nullptr : std::get_if<ir::EvalStage>(&fm.derive.stages[0]);
    if (ev) {
      for (auto it = ev->assigns.rbegin(); it != ev->assigns.rend(); ++it)
        if (needed.count(it->target)) ir::for_each_slot_read(*it->expr, [&](ir::SlotId s) { needed.insert(s); });
      for (const auto& a : ev->assigns)
        if (needed.count(a.target)) st.assigns.push_back(&a);
    }
    std::set<ir::SlotId> assigned;
    for (const auto* a : st.assigns) assigned.insert(a->target);
    for (ir::SlotId s : needed)
      if (!assigned.count(s)) st.raw.emplace_back(s, paths_.add(fm.derive.slots[s]));
    std::vector<std::string> errors;
    st.constants = std::make_unique<CompiledConstants>(CompiledConstants::build(fm.derive, errors));
    for (const auto& e : errors) setup_errors_.push_back("field map " + fm.name + ": " + e);
    st.env = std::make_unique<ExprEnv>(ExprEnv{fm.derive, *st.constants, functions_, ir::kNoSlot});
    st.derive_row.slots.resize(fm.derive.slots.size());
    fieldmaps_.push_back(std::move(st));
  }

  void run_fieldmap(FieldMapState& st) {
    if (st.bindings.empty()) return;  // no rule reads this source
    Row& d = st.derive_row;
    for (auto& v : d.slots) v = Value();
    for (const auto& [dslot, pslot] : st.raw) {
      if (pslot < 0) continue;
      auto vals = fields_.values(pslot);
      if (vals.empty()) continue;
      if (vals.size() == 1) {
        d.slots[dslot] = Value::string(vals[0]);
      } else {
        std::vector<std::string> mv(vals.begin(), vals.end());
        d.slots[dslot] = Value::make_multi(std::move(mv));
      }
    }
    for (const auto* a : st.assigns) {
      try {
        Value v = evaluate(*a->expr, d, *st.env);
        d.slots[a->target] = v.is_bool() ? Value() : std::move(v);
      } catch (const EvalError&) {
        d.slots[a->target] = Value();
      }
    }
    for (const auto* b : st.bindings) {
      const ir::Plan& plan = *pack_->rules[b->rule].plan;
      Row r;
      r.slots.resize(plan.slots.size());
      for (const auto& in : b->inputs) {
        switch (in.kind) {
          case ir::InputBinding::Kind::Derive: r.slots[in.rule_slot] = d.slots[in.derive_slot]; break;
          case ir::InputBinding::Kind::Constant: r.slots[in.rule_slot] = in.constant; break;
          case ir::InputBinding::Kind::RawLine: r.slots[in.rule_slot] = Value::string(fields_.raw()); break;
          case ir::InputBinding::Kind::Null: break;
        }
      }
      if (timing_) {
        auto t0 = std::chrono::steady_clock::now();
        runners_[b->rule]->push_event(std::move(r));
        stats_.rules[b->rule].seconds += seconds_since(t0);
      } else {
        runners_[b->rule]->push_event(std::move(r));
      }
    }
  }

  void check_memory() {
    if (memory_warned_) return;
    size_t total = 0;
    for (const auto& r : runners_) total += r->memory_bytes();
    if (total > options_.memory_budget) {
      memory_warned_ = true;
      stats_.warnings.push_back("aggregation state exceeds the memory budget (" + std::to_string(total) +
                                " > " + std::to_string(options_.memory_budget) + " bytes)");
    }
  }

  void collect_stats() {
    stats_.read = extractor_.stats();
    for (size_t r = 0; r < runners_.size(); ++r) {
      const auto& s = runners_[r]->stats();
      stats_.rules[r].events_in = s.events_in;
      stats_.rules[r].matched = s.events_matched;
      stats_.rules[r].results = s.results;
      stats_.rules[r].eval_errors = s.eval_errors;
    }
  }

  std::shared_ptr<const ir::Pack> pack_;
  EngineOptions options_;
  ResultSink sink_;
  FunctionContext functions_;
  LookupCatalog lookups_;
  FieldPathSet paths_;
  EventFields fields_;
  EventExtractor extractor_;
  std::vector<std::unique_ptr<PlanRunner>> runners_;
  std::vector<FieldMapState> fieldmaps_;
  EngineStats stats_;
  std::vector<std::string> setup_errors_;
  bool timing_ = false;
  bool memory_warned_ = false;
};

}  // namespace

std::unique_ptr<Engine> make_interpreter_engine(std::shared_ptr<const ir::Pack> pack, EngineOptions options,
                                                ResultSink sink) {
  return std::make_unique<InterpreterEngine>(std::move(pack), options, std::move(sink));
}

std::vector<ir::SlotId> result_columns(const ir::Plan& plan, const Row& row) {
  if (!plan.columns_dynamic) return plan.columns;
  std::vector<ir::SlotId> cols;
  ir::SlotId t = plan.slot_of("_time");
  if (t != ir::kNoSlot && !row.slots[t].is_null()) cols.push_back(t);
  for (ir::SlotId s = 0; s < plan.slots.size(); ++s)
    if (!plan.slots[s].empty() && plan.slots[s][0] != '_' && !row.slots[s].is_null()) cols.push_back(s);
  return cols;
}

}  // namespace rulejit::rt
