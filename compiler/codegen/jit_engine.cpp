// The JIT-backed Engine: one native function per field map runs every bound
// rule (codegen.cpp); aggregation and row stages after the per-event part
// are shared with the interpreter (PlanRunner). Each event is read in up to
// three steps, each only when needed:
//  1. first pass: routing key + the eager views (the fields of each rule's
//     first condition), by PrefixScanner straight from the bytes (or the
//     exact reader when it declines or validate_every_line is set);
//  2. on demand from generated code: a lazy view (lazy_view) or a derived
//     field a filter reads (derived_span, from a partial prefix scan of its
//     inputs when possible);
//  3. the full read (read_full) when a rule needs its input row. A rule
//     whose per-event stages can drop the event gets its row in two steps
//     (row_early / row_rest): what those stages use first, from a partial
//     read when it can, and the rest after them, from the full read (when
//     that finds a repeated key the partial read stopped before, the early
//     stages run again on the full row).
//     `stats count by` fields right after the filters go to the group
//     table from views (count_keys), without a row; other aggregating rules
//     whose per-event stages only filter and eval (`tstats ... by`) get a
//     row of what those stages read, and go to their group table from it
//     and the field map's derived row (DirectAgg), their by-field texts
//     hashed once per event for the whole pack.
#include "compiler/codegen/jit_engine.h"

#include <cstdlib>
#include <map>
#include <set>

#include "compiler/codegen/jit_engine_state.h"
#include "compiler/ir/analysis.h"
#include "compiler/pack/prefilter_plan.h"
#include "runtime/engine/line_prefilter.h"
#include "runtime/engine/engine_core.h"
#include "runtime/events/event_extractor.h"
#include "runtime/events/prefix_scan.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/registry.h"

namespace rulejit::jit {
namespace {

using rt::Row;
using rt::Value;

class JitEngine final : public rt::EngineCore, public JitEngineState {
  struct PartialDerive;  // below
  struct EarlyRow;       // below

 public:
  JitEngine(std::shared_ptr<const ir::Pack> pack, rt::EngineOptions options, rt::ResultSink sink,
            std::shared_ptr<const NativePack> native)
      : EngineCore(std::move(pack), options, std::move(sink)), native_(std::move(native)),
        extractor1_(first_pass_options()) {
    counters_.assign(pack_->bindings.size(), 0);
    rows_.resize(pack_->bindings.size());
    early_.resize(pack_->bindings.size());
    temps_.resize(pack_->bindings.size());
    for (size_t b = 0; b < pack_->bindings.size(); ++b)
      temps_[b].resize(std::max<uint32_t>(1, native_->temps_per_binding()[b]));
    resolve_objects();
    // First pass over each event: routing keys and the fields the native
    // filters read, stopping as soon as those are found (EarlyStop). The
    // full set of fields is extracted only for events some filter passes.
    views_.resize(fieldmaps_.size());
    view_paths_.resize(fieldmaps_.size());
    full_view_paths_.resize(fieldmaps_.size());
    lazy_gen_.resize(fieldmaps_.size());
    for (auto& st : fieldmaps_)
      router1_.add(st.fm->match_key, st.presence_slot >= 0 ? paths1_.add_presence(st.fm->match_key) : -1);
    // One early-stop group per routing key (see EarlyStop): stop once the
    // eager views' fields are read, or right at the key for a field map no
    // rule reads. Dotted or shared keys, and eager fields outside the key's
    // object or under arrays, need the whole event. Lazy views come from the
    // full read when generated code asks for them (lazy_view).
    std::map<std::string, size_t> group_of;
    for (auto& st : fieldmaps_) {
      const auto& code = native_->fieldmaps()[st.index];
      bool can_stop = st.presence_slot >= 0 && st.fm->match_key.find('.') == std::string::npos;
      std::vector<int> slots;
      for (size_t i = 0; i < code.view_slots.size(); ++i) {
        const std::string& name = st.fm->derive.slots[code.view_slots[i]];
        int path = paths1_.add(name);
        view_paths_[st.index].push_back(path);
        full_view_paths_[st.index].push_back(paths_.add(name));
        if (i >= code.eager_views) continue;
        slots.push_back(path);
        if (!inside_key(st, name)) can_stop = false;
      }
      views_[st.index].resize(view_paths_[st.index].size());
      lazy_gen_[st.index].assign(view_paths_[st.index].size(), 0);
      if (st.presence_slot < 0) continue;
      rt::EarlyStop::Group g;
      g.key = st.match_top;
      if (st.bindings.empty()) {
        g.stoppable = can_stop;  // nothing to read: stop at the key
      } else if (can_stop && code.function.size()) {
        for (int p : slots)
          if (p >= 0) g.wait_for(p);
      } else {
        g.stoppable = false;
      }
      auto [it, fresh] = group_of.try_emplace(g.key, stop_.groups.size());
      if (fresh) stop_.groups.push_back(std::move(g));
      else stop_.groups[it->second].stoppable = false;  // two field maps share the key
    }
    // Field maps whose first pass is a whole-event read anyway (their key's
    // group cannot stop early) may read every field once (push_read_once).
    whole_first_pass_.assign(fieldmaps_.size(), 0);
    read_once_.assign(fieldmaps_.size(), 0);
    once_events_.assign(fieldmaps_.size(), 0);
    once_asked_.assign(fieldmaps_.size(), 0);
    for (auto& st : fieldmaps_) {
      auto it = group_of.find(st.match_top);
      if (st.presence_slot >= 0 && !st.bindings.empty() && it != group_of.end() && !stop_.groups[it->second].stoppable)
        whole_first_pass_[st.index] = 1;
    }
    derived_texts_.resize(fieldmaps_.size());
    slot_needs_.resize(fieldmaps_.size());
    partial_.resize(fieldmaps_.size());
    partial_rows_.resize(fieldmaps_.size());
    partial_gen_.resize(fieldmaps_.size());
    ctx_.objects = objects_.data();
    ctx_.counters = counters_.data();
    ctx_.state = this;
    candidates_.assign(pack_->bindings.size(), 1);
    ctx_.candidates = candidates_.data();
    prepare_direct();
    if (use_prefilter()) {
      std::string err;
      prefilter_ = rt::LinePrefilter::build(plan_prefilter(*pack_).bindings, &err);
      if (!prefilter_) stats_.warnings.push_back("raw-line prefilter off: " + err);
    }
  }

  // ---- Engine
  void push(const rt::Line& line) override {
    begin_line();  // the line's arrival number (EngineCore), event or not
    // The event's data source from its first key, when a shortcut below may use it.
    FieldMapState* by_key = (prefilter_ || any_read_once_) && !options_.validate_every_line
                                ? routed_by_first_key(line.text)
                                : nullptr;
    if (prefilter_) {
      prefilter_->scan(line.text, candidates_.data());
      // No rule of the event's data source can match: count the event for
      // them and read nothing more.
      if (by_key && !any_candidate(*by_key)) {
        ++stats_.events;
        ++stats_.prefiltered;
        for (const ir::RuleBinding* b : by_key->bindings) ++counters_[static_cast<size_t>(b - pack_->bindings.data())];
        return;
      }
    }
    if (by_key && read_once_[by_key->index]) {
      push_read_once(line);
      return;
    }
    first_pass_paths_ = paths1_.size();
    first_parsed_ = options_.validate_every_line || !prefix_.scan(line, paths1_, stop_, fields1_);
    if (first_parsed_) {
      if (!extractor1_.extract(line, paths1_, fields1_, &stop_).ok()) return;
    } else {
      ++extractor1_.stats().events_ok;
    }
    ++stats_.events;
    FieldMapState* st = choose_fieldmap(fields1_, router1_);
    if (!st) {
      ++stats_.unrouted;
      return;
    }
    if (st->bindings.empty()) return;
    line_ = line;
    full_ = Full::NotRead;
    first_complete_ = false;
    st->derived_ready = false;
    full_asked_ = false;
    reading_once_ = false;
    process(*st);
    note_full_read_need(*st);
    after_event();
  }

  // One read of every field the pack uses, for both passes: for a field map
  // whose first pass reads the whole event anyway and whose events mostly
  // need the full read as well (a rule that aggregates every event), two
  // walks of the same document become one. Results are the same either way.
  void push_read_once(const rt::Line& line) {
    ++stats_.events;
    ++stats_.read_once;
    ++extractor1_.stats().events_ok;  // as a first pass that passed (adjust_stats)
    first_parsed_ = false;
    if (!extractor_.extract(line, paths_, fields_).ok()) {
      --stats_.events;
      return;
    }
    FieldMapState* st = choose_fieldmap(fields_, router_);
    if (!st) {
      ++stats_.unrouted;
      return;
    }
    if (st->bindings.empty()) return;
    line_ = line;
    full_ = Full::Ok;
    first_complete_ = false;
    st->derived_ready = false;
    full_asked_ = false;
    reading_once_ = true;
    process(*st);
    reading_once_ = false;
    note_full_read_need(*st);
    after_event();
  }

  // Chooses between the two ways of reading a field map's events from how
  // often the last kOnceWindow of them needed the full read: read once when
  // most did. Checked again every window, so a stream that changes is followed.
  static constexpr uint32_t kOnceWindow = 256;
  void note_full_read_need(const FieldMapState& st) {
    const size_t i = st.index;
    if (!whole_first_pass_[i] || options_.validate_every_line) return;
    once_asked_[i] += full_asked_;
    if (++once_events_[i] < kOnceWindow) return;
    read_once_[i] = once_asked_[i] * 2 > once_events_[i];
    once_events_[i] = once_asked_[i] = 0;
    any_read_once_ = std::find(read_once_.begin(), read_once_.end(), 1) != read_once_.end();
  }

  // Routed by the caller's sourcetype: the first pass reads without early
  // stop (its groups are keyed by the event's own top-level key, which may
  // belong to another field map).
  void push_routed(const rt::Line& line, std::string_view sourcetype) override {
    begin_line();
    if (prefilter_) prefilter_->scan(line.text, candidates_.data());
    first_pass_paths_ = paths1_.size();
    if (!extractor1_.extract(line, paths1_, fields1_).ok()) return;
    first_parsed_ = true;
    first_complete_ = true;
    line_ = line;
    full_ = Full::NotRead;
    dispatch(fieldmap_by_sourcetype(sourcetype, fields1_, router1_));
  }

  void push_text(std::string_view json) override { push(rt::padded_line(text_, json, "<string>")); }

  // Auto: on for packs where per-rule work dominates. Measured (bench/README.md,
  // 32 MB): 478 rules 0.465 -> 0.373 s; the seed and bundled packs, whose
  // first pass is cheaper than one Hyperscan scan of the line, gain nothing
  // (bundled: 502M -> 625M instructions). RULEJIT_PREFILTER=on|off overrides
  // (measuring, tests).
  static constexpr size_t kPrefilterMinRules = 32;
  bool use_prefilter() const {
    if (const char* env = std::getenv("RULEJIT_PREFILTER")) {
      if (std::string_view(env) == "on") return true;
      if (std::string_view(env) == "off") return false;
    }
    using P = rt::EngineOptions::Prefilter;
    if (options_.prefilter != P::Auto) return options_.prefilter == P::On;
    return pack_->rules.size() >= kPrefilterMinRules;
  }

  // The field map whose match key is the line's first top-level key, with
  // an object value (routing.h: the first routing key decides); nullptr
  // when that takes more than a glance (escapes, a dotted match key, ...).
  FieldMapState* routed_by_first_key(std::string_view t) {
    size_t i = 0;
    auto space = [&] {
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) ++i;
    };
    space();
    if (i >= t.size() || t[i] != '{') return nullptr;
    ++i;
    space();
    if (i >= t.size() || t[i] != '"') return nullptr;
    const size_t k = ++i;
    while (i < t.size() && t[i] != '"' && t[i] != '\\') ++i;
    if (i >= t.size() || t[i] != '"') return nullptr;
    const std::string_view key = t.substr(k, i - k);
    ++i;
    space();
    if (i >= t.size() || t[i] != ':') return nullptr;
    ++i;
    space();
    if (i >= t.size() || t[i] != '{') return nullptr;
    for (FieldMapState& st : fieldmaps_)
      if (st.presence_slot >= 0 && st.match_top == key && st.fm->match_key == key) return &st;
    return nullptr;
  }
  bool any_candidate(const FieldMapState& st) const {
    for (const ir::RuleBinding* b : st.bindings)
      if (candidates_[static_cast<size_t>(b - pack_->bindings.data())]) return true;
    return false;
  }

  // ---- EngineCore
  void process(FieldMapState& st) override {
    FieldMapFn fn = native_->functions()[st.index];
    if (!fn) return;
    auto& views = views_[st.index];
    const auto& paths = reading_once_ ? full_view_paths_[st.index] : view_paths_[st.index];
    const rt::EventFields& read = reading_once_ ? fields_ : fields1_;
    const size_t eager = native_->fieldmaps()[st.index].eager_views;
    for (size_t i = 0; i < eager; ++i) {
      auto vals = paths[i] < 0 ? std::span<const std::string_view>() : read.values(paths[i]);
      views[i] = {reinterpret_cast<const RjStr*>(vals.data()), vals.size()};
    }
    ++event_gen_;  // this event's lazy views and derived texts are not computed yet
    current_ = &st;
    fn(&ctx_, views.data());
    current_ = nullptr;
    // The full read found the line malformed: like the interpreter, count it
    // for no rule (the generated code counted it for every bound rule).
    if (full_ == Full::Bad)
      for (const ir::RuleBinding* b : st.bindings) --counters_[static_cast<size_t>(b - pack_->bindings.data())];
  }

  void adjust_stats(rt::EngineStats& s) const override {
    for (size_t b = 0; b < pack_->bindings.size(); ++b) s.rules[pack_->bindings[b].rule].events_in += counters_[b];
    // Every line went through the first pass; the full read only saw the
    // events some filter passed, and adds what it found wrong with them.
    const rt::ReadStats& full = extractor_.stats();
    s.read = extractor1_.stats();
    for (size_t k = 1; k < rt::kErrorKindCount; ++k) s.read.errors[k] += full.errors[k];
    for (const auto& p : full.problems)
      if (s.read.problems.size() < s.read.max_problems) s.read.problems.push_back(p);
    s.read.events_skipped += full.events_skipped;
    s.read.events_ok -= std::min(s.read.events_ok, full.events_skipped);
  }

  // ---- JitEngineState (called by generated code through jit_helpers.cpp)
  Value* row(int32_t b, Value** temps) override {
    if (!read_full()) return nullptr;
    if (const DirectAgg& d = direct_[static_cast<size_t>(b)]; d.usable) {
      // Only what the per-event stages read; accept() takes the rest where it is.
      FieldMapState& st = *current_;
      ensure_derived(st, st.per_binding[d.pos]);
      Row& r = rows_[b];
      for (const ir::InputBinding* in : d.row_inputs) assign_input(*in, st.derive_row, r);
      for (ir::SlotId s : d.row_nulls) r.slots[s] = Value();
      *temps = temps_[b].data();
      return r.slots.data();
    }
    fill_row(*current_, pack_->bindings[static_cast<size_t>(b)], rows_[b]);
    *temps = temps_[b].data();
    return rows_[b].slots.data();
  }
  Value* row_early(int32_t b, Value** temps, int32_t from, int32_t end) override {
    if (full_ == Full::Bad) return nullptr;  // another rule's full read rejected the line
    EarlyRow& e = early_[static_cast<size_t>(b)];
    if (!e.built) build_early(*current_, static_cast<size_t>(b), from, end, e);
    Row& r = rows_[b];
    const ir::Plan& plan = *pack_->rules[pack_->bindings[b].rule].plan;
    if (r.slots.size() != plan.slots.size()) r.slots.assign(plan.slots.size(), Value());
    // From the full read when it is done anyway (or must be), else from a
    // partial one of just the fields the early stages need.
    e.partial_event = 0;
    if (full_ == Full::Ok || !e.partial || !fill_early_partially(*current_, e, r)) {
      if (!read_full()) return nullptr;
      ensure_derived(*current_, binding_needs(e));
      for (const ir::InputBinding* in : e.early_inputs) assign_input(*in, current_->derive_row, r);
    }
    for (ir::SlotId s : e.early_null) r.slots[s] = Value();
    *temps = temps_[b].data();
    return r.slots.data();
  }
  bool row_rest(int32_t b) override {
    if (!read_full()) return false;
    const EarlyRow& e = early_[static_cast<size_t>(b)];
    Row& r = rows_[b];
    ensure_derived(*current_, binding_needs(e));
    if (e.partial_event == event_gen_ && !partial_read_was_whole(e)) {
      // The partial read stopped before a repeated key (a multivalue in the
      // full read): run the early stages again, as the interpreter does, on
      // the row filled from the full read.
      rt::PlanRunner& runner = *runners_[pack_->bindings[b].rule];
      fill_row(*current_, pack_->bindings[static_cast<size_t>(b)], r);
      for (size_t i = e.from; i < e.end; ++i)
        if (!runner.apply_event_stage(i, r)) return false;
      return true;
    }
    for (const ir::InputBinding* in : e.late_inputs) assign_input(*in, current_->derive_row, r);
    for (ir::SlotId s : e.late_null) r.slots[s] = Value();
    return true;
  }
  void accept(int32_t b) override {
    if (direct_[static_cast<size_t>(b)].usable) accept_direct(static_cast<size_t>(b));
    else runners_[pack_->bindings[b].rule]->accept_event(rows_[b]);
  }
  void count_keys(int32_t b, const RjSpan* keys, int32_t n) override {
    // A line the full read rejects is no event (as for row()).
    if (!read_full()) return;
    key_texts_.clear();
    for (int32_t k = 0; k < n; ++k) {
      if (keys[k].count != 1) break;
      key_texts_.emplace_back(keys[k].data[0].ptr, keys[k].data[0].len);
    }
    if (key_texts_.size() == static_cast<size_t>(n) && runners_[pack_->bindings[b].rule]->accept_key_texts(key_texts_))
      return;
    Value* temps = nullptr;
    if (row(b, &temps)) accept(b);
  }
  bool stage(int32_t b, int32_t stage) override {
    return runners_[pack_->bindings[b].rule]->apply_event_stage(static_cast<size_t>(stage), rows_[b]);
  }
  void derived_span(int32_t derive_slot, RjSpan* out) override {
    auto& entry = derived_texts_[current_->index][derive_slot];
    if (entry.gen != event_gen_) {
      const Value* v = full_ == Full::Ok ? nullptr : partial_derived(derive_slot);
      if (!v && read_full()) v = full_derived(derive_slot);
      if (!v) {
        *out = {nullptr, 0};
        return;
      }
      entry.gen = event_gen_;
      // Texts and multivalues are viewed where they are: the derived rows
      // keep this event's values until the next event. Other kinds are
      // rendered as text once.
      entry.views.clear();
      if (v->is_string()) {
        entry.views.emplace_back(v->as_string());
      } else if (v->is_multi()) {
        entry.views.assign(v->as_multi().begin(), v->as_multi().end());
      } else {
        entry.texts = v->texts();
        entry.views.assign(entry.texts.begin(), entry.texts.end());
      }
    }
    *out = {reinterpret_cast<const RjStr*>(entry.views.data()), entry.views.size()};
  }
  void lazy_view(int64_t index, RjSpan* view) override {
    const auto i = static_cast<size_t>(index);
    uint64_t& gen = lazy_gen_[current_->index][i];
    if (gen == event_gen_) return;
    gen = event_gen_;
    std::span<const std::string_view> vals;
    if (first_complete_) {  // the first pass read the whole event
      const int p = view_paths_[current_->index][i];
      if (p >= 0) vals = fields1_.values(p);
    } else if (read_full()) {
      const int p = full_view_paths_[current_->index][i];
      if (p >= 0) vals = fields_.values(p);
    }
    *view = {reinterpret_cast<const RjStr*>(vals.data()), vals.size()};
  }
  void raw_span(RjSpan* out) override {
    raw_view_ = line_.text;
    *out = {reinterpret_cast<const RjStr*>(&raw_view_), 1};
  }
  void eval_error(int32_t b) override { runners_[pack_->bindings[b].rule]->note_eval_error(); }
  rt::ExprEnv& env(int32_t b) override { return runners_[pack_->bindings[b].rule]->env(); }
  rt::FunctionContext& functions() override { return functions_; }

 private:
  void resolve_objects() {
    static const Value kNull;
    for (const auto& o : native_->objects()) {
      const void* p = nullptr;
      switch (o.kind) {
        case ObjectRef::Kind::ConstValue:
          p = o.ptr ? &static_cast<const ir::Expr*>(o.ptr)->value : &kNull;
          break;
        case ObjectRef::Kind::Matcher:
          p = &runners_[pack_->bindings[o.binding].rule]->constants().matchers[o.index];
          break;
        case ObjectRef::Kind::Regex:
          p = runners_[pack_->bindings[o.binding].rule]->constants().regexes[o.index].get();
          break;
        case ObjectRef::Kind::Set:
          p = &runners_[pack_->bindings[o.binding].rule]->constants().sets[o.index];
          break;
        case ObjectRef::Kind::Function:
          p = rt::find_function(o.text);
          break;
        case ObjectRef::Kind::Expr:
          p = o.ptr;
          break;
        case ObjectRef::Kind::Glob:
          globs_.push_back(std::make_unique<rt::GlobPattern>(o.text, false));
          p = globs_.back().get();
          break;
      }
      objects_.push_back(p);
    }
  }

  // Bindings whose plan aggregates its events (PlanRunner::aggregates_slots)
  // after per-event stages that only filter and eval: their row holds only
  // what those stages read and write; accept() gives the runner pointers to
  // the slots the stages wrote (in the row) and to the other inputs where
  // the field map's derived row has them, and each by-field text is hashed
  // once per event for the whole pack (the corpus's `tstats ... by` rules
  // group by the same Endpoint.Processes fields). A row built in two steps
  // (row_early / row_rest) holds every input; the pointers still hold: an
  // input slot no stage wrote equals its derived field from the full read.
  struct DirectAgg {
    bool usable = false;
    size_t pos = 0;                    // in its field map's bindings
    std::vector<const Value*> slots;   // per plan slot: its value for the current event
    std::vector<const Value*> keys;    // per by-field: its value
    std::vector<int32_t> key_derive;   // per by-field: its derive slot, -1 for a constant, null or stage output
    std::vector<const ir::InputBinding*> row_inputs;  // inputs the per-event stages read
    std::vector<ir::SlotId> row_nulls;                // other slots they read (null for each event)
  };
  void prepare_direct() {
    static const Value kNull;
    direct_.resize(pack_->bindings.size());
    key_hash_gen_.resize(fieldmaps_.size());
    key_hash_.resize(fieldmaps_.size());
    for (auto& st : fieldmaps_) {
      key_hash_gen_[st.index].assign(st.fm->derive.slots.size(), 0);
      key_hash_[st.index].assign(st.fm->derive.slots.size(), 0);
    }
    for (size_t b = 0; b < pack_->bindings.size(); ++b) {
      const ir::RuleBinding& rb = pack_->bindings[b];
      if (!runners_[rb.rule]->aggregates_slots() || rb.fieldmap >= fieldmaps_.size()) continue;
      FieldMapState& st = fieldmaps_[rb.fieldmap];
      DirectAgg& d = direct_[b];
      d.pos = binding_position(st, rb);
      if (d.pos >= st.per_binding.size()) continue;
      const ir::Plan& plan = *pack_->rules[rb.rule].plan;
      // Per-event stages: filters and evals only (their reads and writes
      // are known); anything else keeps the whole row.
      std::vector<uint8_t> read(plan.slots.size(), 0), written(plan.slots.size(), 0);
      bool ok = true;
      for (size_t i = 0; i < plan.event_stages; ++i) {
        const ir::Stage& stage = plan.stages[i];
        if (!std::holds_alternative<ir::FilterStage>(stage) && !std::holds_alternative<ir::EvalStage>(stage)) ok = false;
        ir::for_each_stage_read(stage, [&](ir::SlotId s) {
          if (s < read.size() && !written[s]) read[s] = 1;
        });
        ir::for_each_stage_write(stage, [&](ir::SlotId s) {
          if (s < written.size()) written[s] = 1;
        });
      }
      if (!ok) continue;
      rows_[b].slots.assign(plan.slots.size(), Value());  // sized once: d.slots points into it
      d.slots.assign(plan.slots.size(), &kNull);
      std::vector<int32_t> derive_of(plan.slots.size(), -1);
      std::vector<uint8_t> is_input(plan.slots.size(), 0);
      for (const auto& in : rb.inputs) {
        is_input[in.rule_slot] = 1;
        if (read[in.rule_slot]) d.row_inputs.push_back(&in);
        switch (in.kind) {
          case ir::InputBinding::Kind::Derive:
            d.slots[in.rule_slot] = &st.derive_row.slots[in.derive_slot];
            derive_of[in.rule_slot] = static_cast<int32_t>(in.derive_slot);
            break;
          case ir::InputBinding::Kind::Constant: d.slots[in.rule_slot] = &in.constant; break;
          case ir::InputBinding::Kind::Null: break;
          case ir::InputBinding::Kind::RawLine: ok = false; break;  // the row's copy of the line: keep rows
        }
      }
      if (!ok) continue;
      for (ir::SlotId s = 0; s < plan.slots.size(); ++s) {
        if (read[s] && !is_input[s]) d.row_nulls.push_back(s);
        if (written[s]) {
          d.slots[s] = &rows_[b].slots[s];
          derive_of[s] = -1;
        }
      }
      for (ir::SlotId k : std::get<ir::AggregateStage>(plan.stages[plan.event_stages]).keys) {
        d.keys.push_back(d.slots[k]);
        d.key_derive.push_back(derive_of[k]);
      }
      d.usable = true;
    }
  }
  void accept_direct(size_t b) {
    const DirectAgg& d = direct_[b];
    FieldMapState& st = *current_;
    ensure_derived(st, st.per_binding[d.pos]);
    direct_texts_.clear();
    direct_hashes_.clear();
    for (size_t k = 0; k < d.keys.size(); ++k) {
      const Value& v = *d.keys[k];
      const int32_t ds = d.key_derive[k];
      if (v.is_number()) {  // e.g. _time after `bin`: its text, as GroupTable::add makes it
        if (number_texts_.size() <= k) number_texts_.resize(k + 1);
        number_texts_[k] = v.to_text();
        direct_texts_.emplace_back(number_texts_[k]);
        direct_hashes_.push_back(rt::GroupTable::text_hash(number_texts_[k]));
        continue;
      }
      if (!v.is_string()) break;  // null or multivalue: the general path
      const std::string& t = v.as_string();
      direct_texts_.emplace_back(t);
      if (ds < 0) {
        direct_hashes_.push_back(rt::GroupTable::text_hash(t));
        continue;
      }
      uint64_t& gen = key_hash_gen_[st.index][static_cast<size_t>(ds)];
      uint64_t& h = key_hash_[st.index][static_cast<size_t>(ds)];
      if (gen != event_gen_) {
        gen = event_gen_;
        h = rt::GroupTable::text_hash(t);
      }
      direct_hashes_.push_back(h);
    }
    if (direct_texts_.size() != d.keys.size()) direct_texts_.clear(), direct_hashes_.clear();
    runners_[pack_->bindings[b].rule]->accept_slots(d.slots.data(), direct_texts_, direct_hashes_);
  }
  std::vector<DirectAgg> direct_;  // per binding
  // Per field map and derive slot: the current event's text_hash of that
  // field (valid when its generation is event_gen_).
  std::vector<std::vector<uint64_t>> key_hash_gen_, key_hash_;
  std::vector<std::string_view> direct_texts_;
  std::vector<uint64_t> direct_hashes_;
  std::vector<std::string> number_texts_;  // per by-field: a number key's text (accept_direct)

  // The first pass rejects the same bad lines as the interpreter's single
  // pass (depth included), so both executors report identical input problems.
  static rt::ExtractOptions first_pass_options() { return rt::ExtractOptions{}; }

  // A field an early stop may wait for: inside the routing key's object and
  // not under an array (EarlyStop).
  static bool inside_key(const FieldMapState& st, const std::string& name) {
    return name.rfind(st.fm->match_key + ".", 0) == 0 && name.find("{}") == std::string::npos;
  }

  // A derived field a filter reads, computed from a prefix scan of just its
  // raw inputs when they all lie inside the routing key's object (not under
  // arrays): events that filter rejects never pay for the full read. nullptr
  // when that is not possible for this field or line (then: the full read).
  const Value* partial_derived(int32_t derive_slot) {
    FieldMapState& st = *current_;
    PartialDerive& p = partial_[st.index][derive_slot];
    if (!p.built) build_partial(st, derive_slot, p);
    if (!p.usable) return nullptr;
    const rt::EventFields* read = partial_read(p.needs, p.stop);
    if (!read) return nullptr;
    Row& row = partial_derive_row(st);
    derive_into(st, p.needs, *read, row, partial_gen_[st.index], event_gen_);
    return &row.slots[static_cast<size_t>(derive_slot)];
  }

  // A derived field a filter reads, after the full read: only what that
  // field needs is computed (the other derived fields wait for a rule's row).
  // Falls back to every bound rule's needs should a raw input of the field
  // not be in the full read's paths (it always is: filters read bound inputs).
  const Value* full_derived(int32_t derive_slot) {
    FieldMapState& st = *current_;
    auto [it, fresh] = slot_needs_[st.index].try_emplace(derive_slot);
    SlotNeeds& n = it->second;
    if (fresh) {
      rt::FieldPathSet trial;
      n.usable = true;
      for (const auto& raw : rt::derive_needs(*st.fm, {static_cast<ir::SlotId>(derive_slot)}, trial).raw)
        if (paths_.find(st.fm->derive.slots[raw.first]) < 0) n.usable = false;
      if (n.usable)
        static_cast<rt::DeriveNeeds&>(n.needs) =
            rt::derive_needs(*st.fm, {static_cast<ir::SlotId>(derive_slot)}, paths_);
    }
    ensure_derived(st, n.usable ? n.needs : st.all);
    return &st.derive_row.slots[static_cast<size_t>(derive_slot)];
  }
  struct SlotNeeds {
    bool usable = false;
    FieldMapState::Needs needs;  // over paths_
  };
  std::vector<std::unordered_map<int32_t, SlotNeeds>> slot_needs_;  // per field map and derive slot

  // The field map's derived fields computed from partial reads (sized on
  // first use), with their generations in partial_gen_.
  Row& partial_derive_row(const FieldMapState& st) {
    Row& row = partial_rows_[st.index];
    if (row.slots.size() != st.fm->derive.slots.size()) {
      row.slots.assign(st.fm->derive.slots.size(), Value());
      partial_gen_[st.index].assign(st.fm->derive.slots.size(), 0);
    }
    return row;
  }

  void build_partial(FieldMapState& st, int32_t derive_slot, PartialDerive& p) {
    p.built = true;
    if (st.presence_slot < 0 || st.fm->match_key.find('.') != std::string::npos) return;
    p.usable = partial_needs(st, {static_cast<ir::SlotId>(derive_slot)}, true, p.needs, p.stop);
  }

  // The raw fields the derived fields `derived` need, over paths1_ (so the
  // first pass reads them too, see partial_read), and an early stop waiting
  // for them: the routing key's group. False, leaving paths1_ as it was, when
  // some field cannot be waited for: under an array, or (inside_only)
  // outside the routing key's object.
  bool partial_needs(const FieldMapState& st, const std::set<ir::SlotId>& derived, bool inside_only,
                     rt::DeriveNeeds& needs, rt::EarlyStop& stop) {
    rt::FieldPathSet trial_paths;
    for (const auto& [d, path] : rt::derive_needs(*st.fm, derived, trial_paths).raw) {
      const std::string& name = st.fm->derive.slots[d];
      if (path < 0 || name.find("{}") != std::string::npos || (inside_only && !inside_key(st, name))) return false;
    }
    needs = rt::derive_needs(*st.fm, derived, paths1_);
    rt::EarlyStop::Group g;
    g.key = st.match_top;
    for (const auto& raw : needs.raw) g.wait_for(raw.second);
    stop.groups.push_back(std::move(g));
    return true;
  }

  // The raw fields of `needs` (over paths1_) as far as a prefix scan
  // stopping at `stop` would read them: this event's first pass when it
  // already has a value of each (it read past where that scan would stop,
  // so it holds at least the same values), else a scan of its own. The first
  // pass reads these fields too (they are in paths1_) without waiting for
  // them. nullptr when the scanner declines the line.
  const rt::EventFields* partial_read(const rt::DeriveNeeds& needs, const rt::EarlyStop& stop) {
    if (first_pass_has(needs)) return &fields1_;
    if (!dscan_.scan(line_, paths1_, stop, dfields_)) return nullptr;
    return &dfields_;
  }
  bool first_pass_has(const rt::DeriveNeeds& needs) const {
    for (const auto& [slot, path] : needs.raw) {
      if (path < 0 || static_cast<size_t>(path) >= first_pass_paths_) return false;  // added since
      if (!first_complete_ && fields1_.count(path) == 0 && !known_absent(paths1_.name(path))) return false;
    }
    return true;
  }
  // A field the prefix scan did not reach is still known to be absent when
  // no top-level key of the line can lead to it (the scan saw them all): a
  // rule field such as `script_name`, made by rex, that a row also takes
  // from the event when it has one (it never has: no second scan to learn it).
  bool known_absent(std::string_view name) const {
    if (first_parsed_ || !prefix_.saw_every_top_level_key()) return false;
    for (std::string_view k : fields1_.top_level_keys()) {
      if (name.size() < k.size() || name.compare(0, k.size(), k) != 0) continue;
      if (name.size() == k.size() || name[k.size()] == '.' || name.compare(k.size(), 2, "{}") == 0) return false;
    }
    return true;
  }

  // The derived fields binding e needs (every binding's, should it not be
  // one of the current field map's: fill_row does the same).
  const FieldMapState::Needs& binding_needs(const EarlyRow& e) const {
    return e.index < current_->per_binding.size() ? current_->per_binding[e.index] : current_->all;
  }

  // Which slots of binding b's row the early stages [from, end) need: what
  // they read before writing, and what they write (a stage that writes a
  // slot only sometimes must find its initial value there). Their inputs are
  // filled early, the other inputs by row_rest; slots no input fills are
  // nulled by the step that needs them.
  void build_early(FieldMapState& st, size_t b, int32_t from, int32_t end, EarlyRow& e) {
    e.built = true;
    e.from = static_cast<size_t>(from);
    e.end = static_cast<size_t>(end);
    const ir::RuleBinding& rb = pack_->bindings[b];
    while (e.index < st.bindings.size() && st.bindings[e.index] != &rb) ++e.index;
    const ir::Plan& plan = *pack_->rules[rb.rule].plan;
    std::vector<uint8_t> early(plan.slots.size(), 0), written(plan.slots.size(), 0), input(plan.slots.size(), 0);
    for (auto i = static_cast<size_t>(from); i < static_cast<size_t>(end) && i < plan.stages.size(); ++i) {
      // Stages whose writes the analysis does not list (table / fields
      // clear every other slot): the whole row is filled early.
      const ir::Stage& stage = plan.stages[i];
      if (!std::holds_alternative<ir::FilterStage>(stage) && !std::holds_alternative<ir::EvalStage>(stage) &&
          !std::holds_alternative<ir::RenameStage>(stage) && !std::holds_alternative<ir::RexStage>(stage) &&
          !std::holds_alternative<ir::LookupStage>(stage) && !std::holds_alternative<ir::FillnullStage>(stage))
        std::fill(early.begin(), early.end(), 1);
      ir::for_each_stage_read(plan.stages[i], [&](ir::SlotId s) {
        if (s < early.size() && !written[s]) early[s] = 1;
      });
      ir::for_each_stage_write(plan.stages[i], [&](ir::SlotId s) {
        if (s < early.size()) early[s] = written[s] = 1;
      });
    }
    std::set<ir::SlotId> derived;
    e.partial = st.presence_slot >= 0 && st.fm->match_key.find('.') == std::string::npos;
    for (const auto& in : rb.inputs) {
      input[in.rule_slot] = 1;
      if (!early[in.rule_slot]) {
        e.late_inputs.push_back(&in);
        continue;
      }
      e.early_inputs.push_back(&in);
      if (in.kind == ir::InputBinding::Kind::Derive) derived.insert(in.derive_slot);
      if (in.kind == ir::InputBinding::Kind::RawLine) e.partial = false;
    }
    for (ir::SlotId s = 0; s < early.size(); ++s)
      if (!input[s]) (early[s] ? e.early_null : e.late_null).push_back(s);
    if (!e.partial) return;
    // Fields after the routing key's object are fine: the scan reads on.
    e.partial = partial_needs(st, derived, false, e.needs, e.stop);
    for (const auto& raw : e.needs.raw) e.full_paths.push_back(paths_.find(st.fm->derive.slots[raw.first]));
  }

  // Whether the early inputs' partial read saw every value the full read
  // sees (it stops at the first value of each field it waits for).
  bool partial_read_was_whole(const EarlyRow& e) const {
    for (size_t k = 0; k < e.full_paths.size(); ++k) {
      const size_t full = e.full_paths[k] < 0 ? 0 : fields_.values(e.full_paths[k]).size();
      if (full != e.partial_counts[k]) return false;
    }
    return true;
  }

  // The early inputs from a prefix scan of their fields (false: the scan
  // declined the line; then the full read).
  bool fill_early_partially(FieldMapState& st, EarlyRow& e, Row& r) {
    const rt::EventFields* read = partial_read(e.needs, e.stop);
    if (!read) return false;
    Row& d = partial_derive_row(st);
    derive_into(st, e.needs, *read, d, partial_gen_[st.index], event_gen_);
    for (const ir::InputBinding* in : e.early_inputs) assign_input(*in, d, r);
    // What the read saw, for row_rest (dfields_ is reused by other scans).
    e.partial_counts.clear();
    for (const auto& [slot, path] : e.needs.raw) e.partial_counts.push_back(read->values(path).size());
    e.partial_event = event_gen_;
    return true;
  }

  // The second pass: every field the bound rules read, once per event.
  // After a prefix scan nothing of the line is indexed yet: a plain extract,
  // which also checks the whole line. A line it rejects was counted as an
  // event by the first pass; it is not one.
  bool read_full() {
    full_asked_ = true;
    if (full_ == Full::NotRead) {
      // A warning the first pass counted for this line is not counted again.
      extractor_.silence_warnings(first_parsed_ ? extractor1_.last_warnings() : 0);
      const bool ok = first_parsed_ ? extractor_.extract_again(extractor1_, line_, paths_, fields_).ok()
                                    : extractor_.extract(line_, paths_, fields_).ok();
      full_ = ok ? Full::Ok : Full::Bad;
      if (!ok) --stats_.events;
    }
    return full_ == Full::Ok;
  }

  struct EarlyRow {  // a binding's two-step row (row_early / row_rest)
    bool built = false;
    size_t index = 0;      // of the binding in its FieldMapState
    bool partial = false;  // early inputs may come from a prefix scan
    std::vector<const ir::InputBinding*> early_inputs, late_inputs;
    std::vector<ir::SlotId> early_null, late_null;  // slots no input fills
    size_t from = 0, end = 0;  // the early stages
    rt::DeriveNeeds needs;  // of the early inputs, over paths1_
    rt::EarlyStop stop;     // the routing key's group, waiting for needs.raw
    std::vector<int> full_paths;         // needs.raw's fields in paths_ (the full read)
    std::vector<size_t> partial_counts;  // values the partial read saw, per needs.raw
    uint64_t partial_event = 0;          // event_gen_ when the row came from a partial read
  };
  std::vector<EarlyRow> early_;  // per binding

  struct PartialDerive {  // a derived field from a partial read (partial_derived)
    bool built = false;
    bool usable = false;
    rt::DeriveNeeds needs;  // over paths1_
    rt::EarlyStop stop;     // the routing key's group, waiting for needs.raw
  };
  std::vector<std::unordered_map<int32_t, PartialDerive>> partial_;
  std::vector<Row> partial_rows_;
  std::vector<std::vector<uint64_t>> partial_gen_;
  rt::EventFields dfields_;  // a partial read's fields (over paths1_)
  rt::PrefixScanner dscan_;

  struct DerivedTexts {
    uint64_t gen = 0;
    std::vector<std::string> texts;
    std::vector<std::string_view> views;
  };

  std::shared_ptr<const NativePack> native_;
  JitCtx ctx_{};
  std::unique_ptr<rt::LinePrefilter> prefilter_;  // null: every rule is a candidate
  std::vector<uint8_t> candidates_;               // per binding, for the current event
  std::vector<const void*> objects_;
  std::vector<std::unique_ptr<rt::GlobPattern>> globs_;
  std::vector<uint64_t> counters_;
  std::vector<Row> rows_;
  std::vector<std::string_view> key_texts_;  // count_keys
  std::vector<std::vector<Value>> temps_;
  std::vector<std::vector<RjSpan>> views_;
  std::vector<std::vector<int>> view_paths_;       // per field map and view: slot in paths1_
  std::vector<std::vector<int>> full_view_paths_;  // the same in paths_ (the full read)
  std::vector<std::vector<uint64_t>> lazy_gen_;    // event_gen_ when a lazy view was filled
  bool first_complete_ = false;
  // push_read_once: per field map, whether its first pass reads the whole
  // event, whether it now reads once, and the counts that decide it.
  std::vector<uint8_t> whole_first_pass_, read_once_;
  std::vector<uint32_t> once_events_, once_asked_;
  bool any_read_once_ = false;
  bool reading_once_ = false;  // the current event: views come from fields_
  bool full_asked_ = false;    // the current event asked for the full read  // the first pass did not stop early (push_routed)
  size_t first_pass_paths_ = 0;  // paths1_.size() when this event's first pass ran (partial reads add paths)
  std::vector<std::unordered_map<int32_t, DerivedTexts>> derived_texts_;
  uint64_t event_gen_ = 0;  // counts processed events (cache generations)
  std::string_view raw_view_;
  FieldMapState* current_ = nullptr;
  // First pass state.
  rt::FieldPathSet paths1_;
  rt::EventFields fields1_;
  rt::EventExtractor extractor1_;
  rt::PrefixScanner prefix_;
  bool first_parsed_ = true;  // the first pass was extractor1_ (not prefix_)
  rt::EarlyStop stop_;
  rt::Router router1_;  // over paths1_
  rt::Line line_;
  std::string text_;
  enum class Full : uint8_t { NotRead, Ok, Bad } full_ = Full::NotRead;
};

}  // namespace

std::unique_ptr<rt::Engine> make_jit_engine(std::shared_ptr<const ir::Pack> pack, rt::EngineOptions options,
                                            rt::ResultSink sink, std::shared_ptr<const NativePack> native) {
  return std::make_unique<JitEngine>(std::move(pack), options, std::move(sink), std::move(native));
}

}  // namespace rulejit::jit
