// The JIT-backed Engine: events are read, routed and derived like the
// interpreter (EngineCore), then one native function per field map runs
// every bound rule (codegen.cpp). Aggregation and row stages after the
// per-event part are shared with the interpreter (PlanRunner).
#include "compiler/codegen/jit_engine.h"

#include "compiler/codegen/jit_engine_state.h"
#include "runtime/engine/engine_core.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/registry.h"

namespace rulejit::jit {
namespace {

using rt::Row;
using rt::Value;

class JitEngine final : public rt::EngineCore, public JitEngineState {
 public:
  JitEngine(std::shared_ptr<const ir::Pack> pack, rt::EngineOptions options, rt::ResultSink sink,
            std::shared_ptr<const NativePack> native)
      : EngineCore(std::move(pack), options, std::move(sink)), native_(std::move(native)) {
    counters_.assign(pack_->bindings.size(), 0);
    rows_.resize(pack_->bindings.size());
    temps_.resize(pack_->bindings.size());
    for (size_t b = 0; b < pack_->bindings.size(); ++b)
      temps_[b].resize(std::max<uint32_t>(1, native_->temps_per_binding()[b]));
    resolve_objects();
    // Views: which extracted path slot feeds each view of each field map.
    views_.resize(fieldmaps_.size());
    view_paths_.resize(fieldmaps_.size());
    for (auto& st : fieldmaps_) {
      const auto& code = native_->fieldmaps()[st.index];
      for (ir::SlotId d : code.view_slots) {
        int path = -1;
        for (const auto& [dslot, pslot] : st.raw)
          if (dslot == d) path = pslot;
        if (path < 0) path = paths_.add(st.fm->derive.slots[d]);
        view_paths_[st.index].push_back(path);
      }
      views_[st.index].resize(view_paths_[st.index].size());
    }
    derived_texts_.resize(fieldmaps_.size());
    ctx_.objects = objects_.data();
    ctx_.counters = counters_.data();
    ctx_.state = this;
  }

  // ---- EngineCore
  void process(FieldMapState& st) override {
    FieldMapFn fn = native_->functions()[st.index];
    if (!fn) return;
    auto& views = views_[st.index];
    const auto& paths = view_paths_[st.index];
    for (size_t i = 0; i < paths.size(); ++i) {
      auto vals = fields_.values(paths[i]);
      views[i] = {reinterpret_cast<const RjStr*>(vals.data()), vals.size()};
    }
    current_ = &st;
    derived_gen_++;
    fn(&ctx_, views.data());
    current_ = nullptr;
  }

  void adjust_stats(rt::EngineStats& s) const override {
    for (size_t b = 0; b < pack_->bindings.size(); ++b) s.rules[pack_->bindings[b].rule].events_in += counters_[b];
  }

  // ---- JitEngineState (called by generated code through jit_helpers.cpp)
  Value* row(int32_t b, Value** temps) override {
    rows_[b] = build_row(*current_, pack_->bindings[static_cast<size_t>(b)]);
    *temps = temps_[b].data();
    return rows_[b].slots.data();
  }
  void accept(int32_t b) override { runners_[pack_->bindings[b].rule]->accept_event(std::move(rows_[b])); }
  bool stage(int32_t b, int32_t stage) override {
    return runners_[pack_->bindings[b].rule]->apply_event_stage(static_cast<size_t>(stage), rows_[b]);
  }
  void derived_span(int32_t derive_slot, RjSpan* out) override {
    const Row& d = derive_row(*current_);
    auto& cache = derived_texts_[current_->index];
    auto& entry = cache[derive_slot];
    if (entry.gen != derived_gen_) {
      entry.gen = derived_gen_;
      entry.texts = d.slots[static_cast<size_t>(derive_slot)].texts();
      entry.views.assign(entry.texts.begin(), entry.texts.end());
    }
    *out = {reinterpret_cast<const RjStr*>(entry.views.data()), entry.views.size()};
  }
  void raw_span(RjSpan* out) override {
    raw_view_ = fields_.raw();
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

  struct DerivedTexts {
    uint64_t gen = 0;
    std::vector<std::string> texts;
    std::vector<std::string_view> views;
  };

  std::shared_ptr<const NativePack> native_;
  JitCtx ctx_{};
  std::vector<const void*> objects_;
  std::vector<std::unique_ptr<rt::GlobPattern>> globs_;
  std::vector<uint64_t> counters_;
  std::vector<Row> rows_;
  std::vector<std::vector<Value>> temps_;
  std::vector<std::vector<RjSpan>> views_;
  std::vector<std::vector<int>> view_paths_;
  std::vector<std::unordered_map<int32_t, DerivedTexts>> derived_texts_;
  uint64_t derived_gen_ = 0;
  std::string_view raw_view_;
  FieldMapState* current_ = nullptr;
};

}  // namespace

std::unique_ptr<rt::Engine> make_jit_engine(std::shared_ptr<const ir::Pack> pack, rt::EngineOptions options,
                                            rt::ResultSink sink, std::shared_ptr<const NativePack> native) {
  return std::make_unique<JitEngine>(std::move(pack), options, std::move(sink), std::move(native));
}

}  // namespace rulejit::jit
