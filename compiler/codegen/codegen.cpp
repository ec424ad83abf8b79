#include "compiler/codegen/codegen.h"
#include "compiler/codegen/code_budget.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/SwapByteOrder.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "compiler/ir/analysis.h"
#include "compiler/pack/linker.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/registry.h"

namespace rulejit::jit {
namespace {

using ir::Op;

// Predicates of the search language are two-valued: they never yield null,
// so they can be reordered and compiled to plain branches (stage A).
bool two_valued(const ir::Expr& e) {
  switch (e.op) {
    case Op::MatchAny: case Op::Exists: case Op::RawTerm: return true;
    case Op::Const: return e.value.is_bool();
    case Op::And: case Op::Or: case Op::Not:
      return std::all_of(e.args.begin(), e.args.end(), [](const auto& a) { return two_valued(*a); });
    default: return false;
  }
}

// `regex field="..."` on a field (not on an expression).
bool is_field_regex(const ir::Expr& e) {
  return e.op == Op::RegexMatch && e.args.size() == 1 && e.args[0]->op == Op::Field;
}

// The rule slot a stage-A condition reads as a view, or kNoSlot.
ir::SlotId view_read_slot(const ir::Expr& e) {
  if (e.op == Op::MatchAny || e.op == Op::Exists) return e.slot;
  if (is_field_regex(e)) return e.args[0]->slot;
  return ir::kNoSlot;
}

void flatten_and(const ir::Expr& e, std::vector<const ir::Expr*>& out) {
  if (e.op == Op::And) {
    for (const auto& a : e.args) flatten_and(*a, out);
  } else {
    out.push_back(&e);
  }
}

// How one binding splits into inline filters and the rest.
struct BindingPlan {
  uint32_t binding = 0;
  const ir::RuleBinding* rb = nullptr;
  const ir::Plan* plan = nullptr;
  std::vector<const ir::Expr*> stage_a;   // two-valued conjuncts, compiled inline
  std::vector<const ir::Expr*> residual;  // remaining conjuncts of the filter where stage A stopped
  size_t first_stage = 0;                 // first per-event stage after the leading filters
  bool never = false;                     // a conjunct folds to false
  std::vector<const rt::Value*> constants;  // per rule slot: known constant (or null pointer)
  std::vector<int> input_of;              // per rule slot: index into rb->inputs, or -1
};

// A field map constant (sourcetype, source...): stage A has no view of it.
bool constant_input(const BindingPlan& bp, ir::SlotId slot) {
  const int in = bp.input_of[slot];
  return in >= 0 && bp.rb->inputs[static_cast<size_t>(in)].kind == ir::InputBinding::Kind::Constant;
}

BindingPlan split_binding(const ir::Pack& pack, uint32_t bi) {
  static const rt::Value kNull;
  BindingPlan bp;
  bp.binding = bi;
  bp.rb = &pack.bindings[bi];
  bp.plan = pack.rules[bp.rb->rule].plan.get();
  bp.constants.assign(bp.plan->slots.size(), nullptr);
  bp.input_of.assign(bp.plan->slots.size(), -1);
  for (size_t i = 0; i < bp.rb->inputs.size(); ++i) {
    const auto& in = bp.rb->inputs[i];
    bp.input_of[in.rule_slot] = static_cast<int>(i);
    if (in.kind == ir::InputBinding::Kind::Constant) bp.constants[in.rule_slot] = &in.constant;
    if (in.kind == ir::InputBinding::Kind::Null) bp.constants[in.rule_slot] = &kNull;
  }
  size_t i = 0;
  size_t budget = kMaxCompiledTerms;  // field tests left to compile inline (code_budget.h)
  for (; i < bp.plan->event_stages; ++i) {
    const auto* f = std::get_if<ir::FilterStage>(&bp.plan->stages[i]);
    if (!f) break;
    std::vector<const ir::Expr*> conj;
    flatten_and(*f->cond, conj);
    bool stop = false;
    for (const auto* c : conj) {
      if (!two_valued(*c)) {
        // A regex on a field that ends the leading filters runs inline too
        // (as "is true": null and false both drop the event), after every
        // other condition, so it sees exactly the events the interpreter
        // runs it on and counts the same errors.
        if (is_field_regex(*c) && bp.residual.empty() && c == conj.back() && !constant_input(bp, c->args[0]->slot))
          bp.stage_a.push_back(c);
        else bp.residual.push_back(c);
        stop = true;
        continue;
      }
      auto folded = fold_predicate(*bp.plan, *c, bp.constants);
      if (folded && *folded) continue;  // always true for this source
      if (folded && !*folded) bp.never = true;
      const size_t terms = folded ? 0 : expression_terms(*c);
      if (terms > budget) {
        bp.residual.push_back(c);  // too big to compile: the interpreter's filter runs it (gen_rest)
        stop = true;
        continue;
      }
      budget -= terms;
      bp.stage_a.push_back(c);
    }
    if (stop) {
      ++i;
      break;
    }
  }
  bp.first_stage = i;
  return bp;
}

// Rough cost of a two-valued predicate, to test cheap conjuncts first.
int cost(const ir::Plan& plan, const ir::Expr& e) {
  switch (e.op) {
    case Op::Const: return 0;
    case Op::Exists: return 1;
    case Op::MatchAny: {
      const auto& m = plan.matchers[e.index];
      if (m.kind == ir::Matcher::Kind::Set) return 2;
      if (m.kind == ir::Matcher::Kind::GlobList) return 4;
      if (m.kind == ir::Matcher::Kind::Glob) {
        rt::GlobPattern g(m.pattern, false);
        return g.kind() == rt::GlobPattern::Kind::kGeneral || g.kind() == rt::GlobPattern::Kind::kContains ? 4 : 2;
      }
      return 5;
    }
    case Op::RawTerm: return 20;
    case Op::RegexMatch: return 30;
    default: {
      int c = 0;
      for (const auto& a : e.args) c += cost(plan, *a);
      return c;
    }
  }
}

// What all units of one pack share: the object table and per-binding temps.
struct SharedState {
  std::vector<ObjectRef> objects;
  std::vector<uint32_t> temps;
};

// A rule function (rj_rule_<b>) or filter function (rj_test_<b>) that the
// per-event function calls and another unit defines.
struct OutOfLine {
  uint32_t binding;
  bool test;
};

class Codegen {
 public:
  Codegen(const ir::Pack& pack, llvm::LLVMContext& c, size_t value_size, SharedState& shared, std::string name)
      : pack_(pack), C(c), B(c), value_size_(value_size), objects_(shared.objects), temps_(shared.temps) {
    module_ = std::make_unique<llvm::Module>(name, C);
    i1 = B.getInt1Ty();
    i8 = B.getInt8Ty();
    i32 = B.getInt32Ty();
    i64 = B.getInt64Ty();
    ptr = B.getPtrTy();
    str_ty = llvm::StructType::create(C, {i64, ptr}, "rj.str");
    span_ty = llvm::StructType::create(C, {ptr, i64}, "rj.span");
    ctx_ty = llvm::StructType::create(C, {ptr, ptr, ptr, ptr}, "rj.ctx");
  }

  // The per-event functions of every field map. With `defer`, rule and
  // filter functions are only declared here and listed in *deferred for
  // other units to define.
  std::vector<FieldMapCode> gen_fieldmaps(std::vector<OutOfLine>* deferred) {
    deferred_ = deferred;
    std::vector<FieldMapCode> out;
    for (uint32_t f = 0; f < pack_.fieldmaps.size(); ++f) out.push_back(gen_fieldmap(f));
    return out;
  }

  // Defines deferred rule / filter functions; `layouts` are the view
  // positions of each field map's per-event function.
  void gen_out_of_line(const std::vector<OutOfLine>& items, const std::vector<FieldMapCode>& layouts) {
    for (const auto& item : items) {
      BindingPlan bp = split_binding(pack_, item.binding);
      fm_ = &pack_.fieldmaps[bp.rb->fieldmap];
      view_slots_ = layouts[bp.rb->fieldmap].view_slots;
      if (item.test) gen_test_function(bp, llvm::Function::ExternalLinkage);
      else gen_rule_function(bp, llvm::Function::ExternalLinkage);
    }
  }

  std::unique_ptr<llvm::Module> take_module() { return std::move(module_); }

 private:
  // ------------------------------------------------------------------ utils
  llvm::FunctionCallee helper(const char* name, llvm::Type* ret, std::vector<llvm::Type*> params) {
    return module_->getOrInsertFunction(name, llvm::FunctionType::get(ret, params, false));
  }

  uint32_t add_object(ObjectRef ref) {
    for (size_t i = 0; i < objects_.size(); ++i) {
      const auto& o = objects_[i];
      if (o.kind == ref.kind && o.binding == ref.binding && o.index == ref.index && o.ptr == ref.ptr &&
          o.text == ref.text)
        return static_cast<uint32_t>(i);
    }
    objects_.push_back(std::move(ref));
    return static_cast<uint32_t>(objects_.size() - 1);
  }

  llvm::Value* object(uint32_t index) {
    llvm::Value* slot = B.CreateInBoundsGEP(ptr, objects_base_, B.getInt64(index));
    return B.CreateLoad(ptr, slot);
  }

  llvm::Value* byte_offset(llvm::Value* base, uint64_t offset) {
    return B.CreateInBoundsGEP(i8, base, B.getInt64(offset));
  }

  llvm::BasicBlock* block(const char* name) { return llvm::BasicBlock::Create(C, name, fn_); }

  // An alloca in the entry block (so mem2reg can promote it).
  llvm::AllocaInst* entry_alloca(llvm::Type* ty, uint64_t count, const char* name) {
    llvm::IRBuilder<> eb(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    return eb.CreateAlloca(ty, eb.getInt64(count), name);
  }

  // ------------------------------------------------------------- field maps
  struct View {
    llvm::Value* data = nullptr;   // ptr to RjStr[count]
    llvm::Value* count = nullptr;  // i64
  };

  // Up to this many rules per data source, every rule's filters are inlined
  // into the one per-event function and share one prologue of field views;
  // beyond it each rule's filters get their own small function, so compile
  // time stays linear in the pack size (the optimizer and register
  // allocator are superlinear in function size).
  static constexpr size_t kInlineRules = 24;

  FieldMapCode gen_fieldmap(uint32_t fi) {
    FieldMapCode code;
    std::vector<BindingPlan> plans;
    for (uint32_t b = 0; b < pack_.bindings.size(); ++b)
      if (pack_.bindings[b].fieldmap == fi) plans.push_back(split_binding(pack_, b));
    if (plans.empty()) return code;
    fm_ = &pack_.fieldmaps[fi];
    // Rules counted from views (gen_count_keys) first: when one passes, the
    // event is read in full, and the rules after it build their rows from
    // that read instead of a partial one of their own. Their output comes at
    // the end of the stream, so the order of other rules' rows is unchanged.
    if (plans.size() <= kInlineRules)
      std::stable_partition(plans.begin(), plans.end(), [&](const BindingPlan& bp) { return count_keys_shape(bp); });
    view_slots_.clear();
    code.function = "rj_fm_" + std::to_string(fi);
    auto* fty = llvm::FunctionType::get(B.getVoidTy(), {ptr, ptr}, false);
    fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, code.function, module_.get());
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    begin_function(fn_);
    const bool inline_all = plans.size() <= kInlineRules;
    eager_.clear();
    if (inline_all) {
      // Eager views, which the first pass reads before the call: those of
      // each rule's first condition that reads a field, in the rule's own
      // order (authors put the selective test first: process_name before
      // pod_name). Other fields are fetched when a condition needs them
      // (rj_lazy_view), so the first pass can stop sooner, and conditions on
      // eager fields run first (gen_filters).
      for (auto& bp : plans) {
        if (bp.never) continue;
        for (const auto* c : bp.stage_a) {
          std::set<ir::SlotId> reads;
          bool helper_reads = false;
          view_reads(bp, *c, reads, helper_reads);
          if (reads.empty()) continue;
          if (!helper_reads) eager_.insert(reads.begin(), reads.end());
          break;
        }
      }
      // Prologue: the views of conditions on eager fields, computed once
      // here so they dominate (and are shared by) all rules below.
      prologue_ = true;
      for (auto& bp : plans)
        if (!bp.never)
          for (const auto* c : bp.stage_a)
            if (!reads_lazy(bp, *c)) collect_views(bp, *c);
      prologue_ = false;
      lazy_ = true;
    }
    for (auto& bp : plans) {
      // Count the event for the rule, then its filters.
      llvm::Value* cptr = B.CreateInBoundsGEP(i64, counters_, B.getInt64(bp.binding));
      B.CreateStore(B.CreateAdd(B.CreateLoad(i64, cptr), B.getInt64(1)), cptr);
      llvm::BasicBlock* next = block("next_rule");
      if (bp.never) {
        B.CreateBr(next);
        B.SetInsertPoint(next);
        continue;
      }
      // The raw-line prefilter ruled the rule out for this event
      // (JitCtx::candidates): none of the literals its filters need is in
      // the line.
      {
        llvm::Value* cand = B.CreateLoad(B.getInt8Ty(), B.CreateInBoundsGEP(B.getInt8Ty(), candidates_, B.getInt64(bp.binding)));
        llvm::BasicBlock* go = block("candidate");
        B.CreateCondBr(B.CreateICmpNE(cand, B.getInt8(0)), go, next);
        B.SetInsertPoint(go);
      }
      if (inline_all) {
        gen_filters(bp, next);
      } else {
        if (deferred_) {
          // The filter function lives in another unit but reads this
          // function's views: fix their positions here.
          for (const auto* c : bp.stage_a) register_views(bp, *c);
        }
        llvm::FunctionCallee test = out_of_line(bp, true);
        llvm::BasicBlock* cont = block("pass");
        B.CreateCondBr(B.CreateCall(test, {ctx_arg_, views_arg_}), cont, next);
        B.SetInsertPoint(cont);
      }
      // The rest of the rule runs in its own function: it is entered only
      // for events that pass the filters. `stats count by <fields>` right
      // after the filters is counted here from views, without a row.
      if (!(inline_all && gen_count_keys(bp))) {
        llvm::FunctionCallee rest = out_of_line(bp, false);
        B.CreateCall(rest, {ctx_arg_});
      }
      B.CreateBr(next);
      B.SetInsertPoint(next);
    }
    B.CreateRetVoid();
    code.view_slots = view_slots_;
    // Eager views were registered first (prologue); without lazy views all
    // are filled before the call.
    code.eager_views = static_cast<uint32_t>(lazy_ ? eager_.size() : view_slots_.size());
    lazy_ = false;
    fn_ = nullptr;
    return code;
  }

  // The rule (or filter) function of a binding: defined here, or declared
  // here and deferred to another unit.
  llvm::FunctionCallee out_of_line(const BindingPlan& bp, bool test) {
    if (!deferred_) {
      if (test) return gen_test_function(bp, llvm::Function::InternalLinkage);
      return gen_rule_function(bp, llvm::Function::InternalLinkage);
    }
    deferred_->push_back({bp.binding, test});
    std::string name = (test ? "rj_test_" : "rj_rule_") + std::to_string(bp.binding);
    auto* fty = test ? llvm::FunctionType::get(i1, {ptr, ptr}, false)
                     : llvm::FunctionType::get(B.getVoidTy(), {ptr}, false);
    return module_->getOrInsertFunction(name, fty);
  }

  void begin_function(llvm::Function* f) {
    fn_ = f;
    ctx_arg_ = f->getArg(0);
    views_arg_ = f->arg_size() > 1 ? f->getArg(1) : nullptr;
    B.SetInsertPoint(block("entry"));
    objects_base_ = B.CreateLoad(ptr, B.CreateStructGEP(ctx_ty, ctx_arg_, 0), "objects");
    counters_ = B.CreateLoad(ptr, B.CreateStructGEP(ctx_ty, ctx_arg_, 1), "counters");
    candidates_ = B.CreateLoad(ptr, B.CreateStructGEP(ctx_ty, ctx_arg_, 3), "candidates");
    view_cache_.clear();
    raw_view_ = {};
  }

  // The rule's search filters, cheapest first; falls through when all pass.
  void gen_filters(const BindingPlan& bp, llvm::BasicBlock* fail) {
    auto conds = bp.stage_a;
    // Cheapest first, but conditions on eager fields before those that make
    // the engine fetch another field.
    std::stable_sort(conds.begin(), conds.end(), [&](const ir::Expr* a, const ir::Expr* b) {
      const bool ra = is_field_regex(*a), rb = is_field_regex(*b);  // last (split_binding)
      if (ra != rb) return rb;
      const bool la = lazy_ && reads_lazy(bp, *a), lb = lazy_ && reads_lazy(bp, *b);
      if (la != lb) return lb;
      return cost(*bp.plan, *a) < cost(*bp.plan, *b);
    });
    // Many conjuncts are cut into functions of bounded size (code_budget.h).
    for (const auto& g : group_operands(conds)) {
      llvm::Value* ok = gen_group(bp, true, g);
      llvm::BasicBlock* cont = block("pass");
      B.CreateCondBr(ok, cont, fail);
      B.SetInsertPoint(cont);
    }
  }

  // One group of operands of an AND / OR: inline, or a call of a function
  // of its own.
  llvm::Value* gen_group(const BindingPlan& bp, bool is_and, const OperandGroup& g) {
    if (!g.own_function) return gen_pred(bp, *g.operands[0]);
    return B.CreateCall(gen_part_function(bp, is_and, g.operands), {ctx_arg_, views_arg_});
  }

  // i1 rj_part_<b>_<n>(ctx, views): the AND / OR of some operands of a
  // predicate too big for one function. Reads views as its caller does
  // (lazy ones through rj_lazy_view).
  llvm::Function* gen_part_function(const BindingPlan& bp, bool is_and, const std::vector<const ir::Expr*>& ops) {
    llvm::Function* saved_fn = fn_;
    llvm::Value *saved_ctx = ctx_arg_, *saved_views = views_arg_, *saved_objects = objects_base_,
                *saved_counters = counters_;
    llvm::BasicBlock* saved_block = B.GetInsertBlock();
    auto saved_cache = std::move(view_cache_);
    View saved_raw = raw_view_;
    auto* fty = llvm::FunctionType::get(i1, {ptr, ptr}, false);
    auto* f = llvm::Function::Create(fty, llvm::Function::InternalLinkage,
                                     "rj_part_" + std::to_string(bp.binding) + "_" + std::to_string(parts_++),
                                     module_.get());
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addFnAttr(llvm::Attribute::NoInline);  // inlined back, it would be one big function again
    begin_function(f);
    // Views this part reads without fetching them, once at its entry (as the
    // per-event function's prologue does).
    prologue_ = true;
    for (const auto* o : ops)
      if (!lazy_ || !reads_lazy(bp, *o)) collect_views(bp, *o);
    prologue_ = false;
    B.CreateRet(gen_connective(is_and, ops.size(), [&](size_t k) { return gen_pred(bp, *ops[k]); }));
    fn_ = saved_fn;
    ctx_arg_ = saved_ctx;
    views_arg_ = saved_views;
    objects_base_ = saved_objects;
    counters_ = saved_counters;
    view_cache_ = std::move(saved_cache);
    raw_view_ = saved_raw;
    if (saved_block) B.SetInsertPoint(saved_block);
    return f;
  }

  // Short-circuit AND / OR of n operands, the k-th computed by operand(k).
  template <typename F>
  llvm::Value* gen_connective(bool is_and, size_t n, F&& operand) {
    llvm::BasicBlock* done = block(is_and ? "and_end" : "or_end");
    std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> incoming;
    for (size_t k = 0; k < n; ++k) {
      llvm::Value* v = operand(k);
      if (k + 1 == n) {
        incoming.emplace_back(v, B.GetInsertBlock());
        B.CreateBr(done);
        break;
      }
      llvm::BasicBlock* next = block("cond_next");
      incoming.emplace_back(is_and ? B.getFalse() : B.getTrue(), B.GetInsertBlock());
      if (is_and) B.CreateCondBr(v, next, done);
      else B.CreateCondBr(v, done, next);
      B.SetInsertPoint(next);
    }
    B.SetInsertPoint(done);
    llvm::PHINode* phi = B.CreatePHI(i1, static_cast<unsigned>(incoming.size()));
    for (auto& [v, bb] : incoming) phi->addIncoming(v, bb);
    return phi;
  }

  // i1 rj_test_<b>(ctx, views): the rule's filters in a function of their own.
  llvm::Function* gen_test_function(const BindingPlan& bp, llvm::GlobalValue::LinkageTypes linkage) {
    llvm::Function* saved_fn = fn_;
    llvm::Value *saved_ctx = ctx_arg_, *saved_views = views_arg_, *saved_objects = objects_base_,
                *saved_counters = counters_, *saved_candidates = candidates_;
    llvm::BasicBlock* saved_block = B.GetInsertBlock();
    auto saved_cache = std::move(view_cache_);
    View saved_raw = raw_view_;
    const bool saved_lazy = lazy_;
    lazy_ = false;  // out-of-line filters read every view eagerly
    auto* fty = llvm::FunctionType::get(i1, {ptr, ptr}, false);
    auto* f = llvm::Function::Create(fty, linkage, "rj_test_" + std::to_string(bp.binding), module_.get());
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addFnAttr(llvm::Attribute::NoInline);
    begin_function(f);
    prologue_ = true;
    for (const auto* c : bp.stage_a) collect_views(bp, *c);
    prologue_ = false;
    llvm::BasicBlock* fail = block("fail");
    gen_filters(bp, fail);
    B.CreateRet(B.getTrue());
    B.SetInsertPoint(fail);
    B.CreateRet(B.getFalse());
    fn_ = saved_fn;
    ctx_arg_ = saved_ctx;
    views_arg_ = saved_views;
    objects_base_ = saved_objects;
    counters_ = saved_counters;
    candidates_ = saved_candidates;
    view_cache_ = std::move(saved_cache);
    raw_view_ = saved_raw;
    lazy_ = saved_lazy;
    if (saved_block) B.SetInsertPoint(saved_block);
    return f;
  }

  // Views of a raw JSON field (index into the views argument). A lazy view
  // is filled by the engine first (rj_lazy_view; once per event). With
  // full_views_ the view is always a lazy one, i.e. from the full read even
  // when the first pass read the field (that pass stops early, so it misses
  // a repeated key after its stop point).
  View raw_field_view(ir::SlotId derive_slot) {
    const bool eager = lazy_ && eager_.count(derive_slot) && !full_views_;
    // Eager views come first (the prologue registers them).
    const size_t from = lazy_ && !eager ? eager_.size() : 0;
    auto it = std::find(view_slots_.begin() + static_cast<long>(std::min(from, view_slots_.size())),
                        view_slots_.end(), derive_slot);
    size_t idx = it - view_slots_.begin();
    if (it == view_slots_.end()) view_slots_.push_back(derive_slot);
    llvm::Value* sp = B.CreateInBoundsGEP(span_ty, views_arg_, B.getInt64(idx));
    if (lazy_ && !prologue_ && !eager)
      B.CreateCall(helper(helper::kLazyView, B.getVoidTy(), {ptr, ptr, i64}), {ctx_arg_, sp, B.getInt64(idx)});
    View v;
    v.data = B.CreateLoad(ptr, B.CreateStructGEP(span_ty, sp, 0));
    v.count = B.CreateLoad(i64, B.CreateStructGEP(span_ty, sp, 1));
    return v;
  }

  const ir::Expr* derived_expr(ir::SlotId derive_slot) {
    if (fm_->derive.stages.empty()) return nullptr;
    const auto* ev = std::get_if<ir::EvalStage>(&fm_->derive.stages[0]);
    if (!ev) return nullptr;
    for (const auto& a : ev->assigns)
      if (a.target == derive_slot) return a.expr.get();
    return nullptr;
  }

  bool is_raw(ir::SlotId s) const {
    return std::find(fm_->raw_slots.begin(), fm_->raw_slots.end(), s) != fm_->raw_slots.end() &&
           !fm_->derived.count(fm_->derive.slots[s]);
  }

  // Views of a derived field through the helper (computed once per event).
  View helper_view(ir::SlotId derive_slot) {
    auto* sp = entry_alloca(span_ty, 1, "derived");
    B.CreateCall(helper(helper::kDerivedSpan, B.getVoidTy(), {ptr, i32, ptr}),
                 {ctx_arg_, B.getInt32(derive_slot), sp});
    View v;
    v.data = B.CreateLoad(ptr, B.CreateStructGEP(span_ty, sp, 0));
    v.count = B.CreateLoad(i64, B.CreateStructGEP(span_ty, sp, 1));
    return v;
  }

  // basename(raw) for a single value inline; other shapes via the helper.
  View basename_view(ir::SlotId derive_slot, ir::SlotId raw_slot) {
    View src = raw_field_view(raw_slot);
    auto* one = entry_alloca(str_ty, 1, "basename");
    llvm::BasicBlock* single = block("bn_single");
    llvm::BasicBlock* other = block("bn_other");
    llvm::BasicBlock* scan = block("bn_scan");
    llvm::BasicBlock* found = block("bn_done");
    llvm::BasicBlock* join = block("bn_join");
    llvm::BasicBlock* from = B.GetInsertBlock();
    B.CreateCondBr(B.CreateICmpEQ(src.count, B.getInt64(1)), single, other);
    // single value: scan back from the end for '/'
    B.SetInsertPoint(single);
    llvm::Value* len = B.CreateLoad(i64, B.CreateStructGEP(str_ty, src.data, 0));
    llvm::Value* p = B.CreateLoad(ptr, B.CreateStructGEP(str_ty, src.data, 1));
    B.CreateBr(scan);
    B.SetInsertPoint(scan);
    llvm::PHINode* i = B.CreatePHI(i64, 2, "i");
    i->addIncoming(len, single);
    llvm::BasicBlock* body = block("bn_body");
    B.CreateCondBr(B.CreateICmpEQ(i, B.getInt64(0)), found, body);
    B.SetInsertPoint(body);
    llvm::Value* im1 = B.CreateSub(i, B.getInt64(1));
    llvm::Value* ch = B.CreateLoad(i8, B.CreateInBoundsGEP(i8, p, im1));
    i->addIncoming(im1, body);
    B.CreateCondBr(B.CreateICmpEQ(ch, B.getInt8('/')), found, scan);
    B.SetInsertPoint(found);
    llvm::PHINode* start = B.CreatePHI(i64, 2, "start");
    start->addIncoming(B.getInt64(0), scan);
    start->addIncoming(i, body);
    B.CreateStore(B.CreateSub(len, start), B.CreateStructGEP(str_ty, one, 0));
    B.CreateStore(B.CreateInBoundsGEP(i8, p, start), B.CreateStructGEP(str_ty, one, 1));
    B.CreateBr(join);
    // none or several values: the general path (for count keys, only the
    // count: rj_count_keys then builds the row from the full read; the
    // helper may read the field with an early stop, see raw_field_view).
    B.SetInsertPoint(other);
    View slow = full_views_ ? View{llvm::ConstantPointerNull::get(ptr), src.count} : helper_view(derive_slot);
    llvm::BasicBlock* other_end = B.GetInsertBlock();
    B.CreateBr(join);
    B.SetInsertPoint(join);
    llvm::PHINode* data = B.CreatePHI(ptr, 2, "bn_data");
    data->addIncoming(one, found);
    data->addIncoming(slow.data, other_end);
    llvm::PHINode* count = B.CreatePHI(i64, 2, "bn_count");
    count->addIncoming(B.getInt64(1), found);
    count->addIncoming(slow.count, other_end);
    (void)from;
    return {data, count};
  }

  // The raw JSON field (derive slot) a stage-A read of rule slot s uses as a
  // view, or kNoSlot when it goes through a helper instead.
  ir::SlotId view_source(const BindingPlan& bp, ir::SlotId rule_slot) {
    int in = bp.input_of[rule_slot];
    if (in < 0) return ir::kNoSlot;
    const auto& binding = bp.rb->inputs[static_cast<size_t>(in)];
    if (binding.kind != ir::InputBinding::Kind::Derive) return ir::kNoSlot;
    ir::SlotId d = binding.derive_slot;
    const ir::Expr* e = derived_expr(d);
    if (!e) return d;
    if (e->op == Op::Field && is_raw(e->slot)) return e->slot;
    if (e->op == Op::Call && e->text == "basename" && e->args.size() == 1 && e->args[0]->op == Op::Field &&
        is_raw(e->args[0]->slot))
      return e->args[0]->slot;
    return ir::kNoSlot;
  }

  // The raw fields a condition reads as views, and whether it also reads a
  // derived field through the helper.
  void view_reads(const BindingPlan& bp, const ir::Expr& e, std::set<ir::SlotId>& raw, bool& helper_reads) {
    if (fold_predicate(*bp.plan, e, bp.constants)) return;
    if (const ir::SlotId s = view_read_slot(e); s != ir::kNoSlot) {
      const int in = bp.input_of[s];
      if (in >= 0 && bp.rb->inputs[static_cast<size_t>(in)].kind == ir::InputBinding::Kind::Derive) {
        const ir::SlotId d = view_source(bp, s);
        if (d != ir::kNoSlot) raw.insert(d);
        else helper_reads = true;
      }
    }
    for (const auto& a : e.args) view_reads(bp, *a, raw, helper_reads);
  }

  // Does the condition read a field that is not eager?
  bool reads_lazy(const BindingPlan& bp, const ir::Expr& e) {
    std::set<ir::SlotId> raw;
    bool helper_reads = false;
    view_reads(bp, e, raw, helper_reads);
    if (helper_reads) return true;
    for (ir::SlotId d : raw)
      if (!eager_.count(d)) return true;
    return false;
  }

  void register_views(const BindingPlan& bp, const ir::Expr& e) {
    if (fold_predicate(*bp.plan, e, bp.constants)) return;
    if (const ir::SlotId s = view_read_slot(e); s != ir::kNoSlot) {
      ir::SlotId d = view_source(bp, s);
      if (d != ir::kNoSlot && std::find(view_slots_.begin(), view_slots_.end(), d) == view_slots_.end())
        view_slots_.push_back(d);
    }
    for (const auto& a : e.args) register_views(bp, *a);
  }

  void collect_views(const BindingPlan& bp, const ir::Expr& e) {
    if (fold_predicate(*bp.plan, e, bp.constants)) return;
    if (const ir::SlotId s = view_read_slot(e); s != ir::kNoSlot) slot_view(bp, s);
    if (e.op == Op::RawTerm) {
      ir::SlotId raw = bp.plan->slot_of("_raw");
      if (raw != ir::kNoSlot) slot_view(bp, raw);
    }
    for (const auto& a : e.args) collect_views(bp, *a);
  }

  // Views of a rule slot for stage A (computed once, in the prologue).
  View slot_view(const BindingPlan& bp, ir::SlotId rule_slot) {
    int in = bp.input_of[rule_slot];
    if (in < 0) return {llvm::ConstantPointerNull::get(ptr), B.getInt64(0)};
    const auto& binding = bp.rb->inputs[static_cast<size_t>(in)];
    if (binding.kind == ir::InputBinding::Kind::RawLine) {
      if (raw_view_.data) return raw_view_;
      auto* sp = entry_alloca(span_ty, 1, "raw");
      B.CreateCall(helper(helper::kRawSpan, B.getVoidTy(), {ptr, ptr}), {ctx_arg_, sp});
      View v{B.CreateLoad(ptr, B.CreateStructGEP(span_ty, sp, 0)), B.CreateLoad(i64, B.CreateStructGEP(span_ty, sp, 1))};
      if (prologue_) raw_view_ = v;
      return v;
    }
    if (binding.kind != ir::InputBinding::Kind::Derive) return {llvm::ConstantPointerNull::get(ptr), B.getInt64(0)};
    ir::SlotId d = binding.derive_slot;
    if (auto it = view_cache_.find(d); it != view_cache_.end() && !full_views_) return it->second;
    View v;
    const ir::Expr* e = derived_expr(d);
    if (!e) {
      v = raw_field_view(d);
    } else if (e->op == Op::Field && is_raw(e->slot)) {
      v = raw_field_view(e->slot);  // an alias of a raw field
    } else if (e->op == Op::Call && e->text == "basename" && e->args.size() == 1 && e->args[0]->op == Op::Field &&
               is_raw(e->args[0]->slot)) {
      v = basename_view(d, e->args[0]->slot);
    } else {
      v = helper_view(d);
    }
    // Only views computed in the prologue dominate every rule's code.
    if (prologue_) view_cache_[d] = v;
    return v;
  }

  // ASCII case-insensitive equality of n bytes at p with a lower-case literal.
  // Compared a word at a time: at most two loads of 1, 2, 4 or 8 bytes (the
  // second overlapping the first when n is not a power of two), each OR-ed
  // with 0x20 in the bytes that hold a letter and compared with the literal.
  // A byte at a time was five instructions per byte, most of a big pack's
  // IR, and its compile time (the result is the same: c | 0x20 == want holds
  // exactly for the two cases of a letter; other bytes compare as they are).
  llvm::Value* eq_ci(llvm::Value* p, const std::string& lit) {
    if (lit.size() > 16) {
      llvm::Value* g = B.CreateGlobalString(lit, "lit");
      llvm::Value* r = B.CreateCall(helper(helper::kEqCi, i32, {ptr, ptr, i64}), {p, g, B.getInt64(lit.size())});
      return B.CreateICmpNE(r, B.getInt32(0));
    }
    const size_t n = lit.size();
    if (n == 0) return B.getTrue();
    size_t w = 1;
    while (w * 2 <= n && w < 8) w *= 2;
    llvm::Value* all = word_eq_ci(p, lit, 0, w);
    for (size_t at = w; at < n; at += w) {
      const size_t start = std::min(at, n - w);  // the last word may overlap
      all = B.CreateAnd(all, word_eq_ci(p, lit, start, w));
    }
    return all;
  }

  // Bytes [at, at + w) of p equal those of lit, ignoring ASCII letter case.
  llvm::Value* word_eq_ci(llvm::Value* p, const std::string& lit, size_t at, size_t w) {
    static_assert(sizeof(uint64_t) == 8);
    uint64_t want = 0, fold = 0;
    for (size_t j = 0; j < w; ++j) {
      const auto c = static_cast<unsigned char>(lit[at + j]);
      const size_t shift = 8 * (llvm::sys::IsLittleEndianHost ? j : w - 1 - j);
      want |= uint64_t{c} << shift;
      if (c >= 'a' && c <= 'z') fold |= uint64_t{0x20} << shift;
    }
    llvm::Type* ty = B.getIntNTy(static_cast<unsigned>(8 * w));
    llvm::Value* v = B.CreateAlignedLoad(ty, B.CreateInBoundsGEP(i8, p, B.getInt64(at)), llvm::Align(1));
    if (fold) v = B.CreateOr(v, llvm::ConstantInt::get(ty, fold));
    return B.CreateICmpEQ(v, llvm::ConstantInt::get(ty, want));
  }

  // One value (len, p) against a case-insensitive glob, as i1.
  llvm::Value* glob_test(const std::string& pattern, llvm::Value* len, llvm::Value* p) {
    rt::GlobPattern g(pattern, false);
    std::string lit(g.literal());
    uint64_t n = lit.size();
    switch (g.kind()) {
      case rt::GlobPattern::Kind::kAny: return B.getTrue();
      case rt::GlobPattern::Kind::kExact:
        return and_lazy(B.CreateICmpEQ(len, B.getInt64(n)), [&] { return eq_ci(p, lit); });
      case rt::GlobPattern::Kind::kPrefix:
        return and_lazy(B.CreateICmpUGE(len, B.getInt64(n)), [&] { return eq_ci(p, lit); });
      case rt::GlobPattern::Kind::kSuffix:
        return and_lazy(B.CreateICmpUGE(len, B.getInt64(n)), [&] {
          return eq_ci(B.CreateInBoundsGEP(i8, p, B.CreateSub(len, B.getInt64(n))), lit);
        });
      default: {
        ObjectRef ref;
        ref.kind = ObjectRef::Kind::Glob;
        ref.text = pattern;
        llvm::Value* obj = object(add_object(ref));
        llvm::Value* r = B.CreateCall(helper(helper::kGlob, i32, {ptr, ptr, i64}), {obj, p, len});
        return B.CreateICmpNE(r, B.getInt32(0));
      }
    }
  }

  // One value (len, p) against a search matcher, as i1.
  llvm::Value* value_test(const BindingPlan& bp, uint32_t matcher_index, llvm::Value* len, llvm::Value* p) {
    const ir::Matcher& m = bp.plan->matchers[matcher_index];
    if (m.kind == ir::Matcher::Kind::Glob) return glob_test(m.pattern, len, p);
    // A few globs inline, one after the other (prefix / suffix tests are
    // compares); many are one call of the runtime's matcher, little code.
    if (m.kind == ir::Matcher::Kind::GlobList && m.items.size() <= 8)
      return gen_connective(false, m.items.size(), [&](size_t k) { return glob_test(m.items[k], len, p); });
    // Small sets inline (switch on length, then compares); large ones call
    // the runtime's hash set, which keeps code size linear in rule count.
    if (m.kind == ir::Matcher::Kind::Set && m.items.size() <= 16) {
      // switch on the length, then compare with the members of that length
      std::map<size_t, std::vector<std::string>> by_len;
      for (const auto& item : m.items) by_len[item.size()].push_back(item);
      llvm::BasicBlock* done = block("set_done");
      llvm::BasicBlock* miss = block("set_miss");
      llvm::SwitchInst* sw = B.CreateSwitch(len, miss, static_cast<unsigned>(by_len.size()));
      std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> hits;
      for (const auto& [n, items] : by_len) {
        llvm::BasicBlock* bb = block("set_len");
        sw->addCase(B.getInt64(n), bb);
        B.SetInsertPoint(bb);
        llvm::Value* any = B.getFalse();
        for (const auto& item : items) any = B.CreateOr(any, eq_ci(p, item));
        hits.emplace_back(any, B.GetInsertBlock());
        B.CreateBr(done);
      }
      B.SetInsertPoint(miss);
      B.CreateBr(done);
      B.SetInsertPoint(done);
      llvm::PHINode* phi = B.CreatePHI(i1, static_cast<unsigned>(hits.size() + 1));
      for (auto& [v, bb] : hits) phi->addIncoming(v, bb);
      phi->addIncoming(B.getFalse(), miss);
      return phi;
    }
    ObjectRef ref;
    ref.kind = ObjectRef::Kind::Matcher;
    ref.binding = bp.binding;
    ref.index = matcher_index;
    llvm::Value* obj = object(add_object(ref));
    llvm::Value* r = B.CreateCall(helper(helper::kSearchMatch, i32, {ptr, ptr, i64}), {obj, p, len});
    return B.CreateICmpNE(r, B.getInt32(0));
  }

  // a && f(), evaluating f only when a holds.
  template <typename F>
  llvm::Value* and_lazy(llvm::Value* a, F&& f) {
    llvm::BasicBlock* from = B.GetInsertBlock();
    llvm::BasicBlock* rhs = block("and_rhs");
    llvm::BasicBlock* done = block("and_done");
    B.CreateCondBr(a, rhs, done);
    B.SetInsertPoint(rhs);
    llvm::Value* b = f();
    llvm::BasicBlock* rhs_end = B.GetInsertBlock();
    B.CreateBr(done);
    B.SetInsertPoint(done);
    llvm::PHINode* phi = B.CreatePHI(i1, 2);
    phi->addIncoming(B.getFalse(), from);
    phi->addIncoming(b, rhs_end);
    return phi;
  }

  // Some value of the view satisfies the matcher.
  llvm::Value* any_value(const BindingPlan& bp, View v, uint32_t matcher_index) {
    llvm::BasicBlock* from = B.GetInsertBlock();
    llvm::BasicBlock* loop = block("mv_loop");
    llvm::BasicBlock* body = block("mv_body");
    llvm::BasicBlock* done = block("mv_done");
    B.CreateBr(loop);
    B.SetInsertPoint(loop);
    llvm::PHINode* i = B.CreatePHI(i64, 2, "vi");
    i->addIncoming(B.getInt64(0), from);
    B.CreateCondBr(B.CreateICmpULT(i, v.count), body, done);
    B.SetInsertPoint(body);
    llvm::Value* s = B.CreateInBoundsGEP(str_ty, v.data, i);
    llvm::Value* len = B.CreateLoad(i64, B.CreateStructGEP(str_ty, s, 0));
    llvm::Value* p = B.CreateLoad(ptr, B.CreateStructGEP(str_ty, s, 1));
    llvm::Value* hit = value_test(bp, matcher_index, len, p);
    llvm::BasicBlock* body_end = B.GetInsertBlock();
    llvm::Value* next = B.CreateAdd(i, B.getInt64(1));
    i->addIncoming(next, body_end);
    llvm::BasicBlock* hit_bb = block("mv_hit");
    B.CreateCondBr(hit, hit_bb, loop);
    B.SetInsertPoint(hit_bb);
    B.CreateBr(done);
    B.SetInsertPoint(done);
    llvm::PHINode* r = B.CreatePHI(i1, 2);
    r->addIncoming(B.getFalse(), loop);
    r->addIncoming(B.getTrue(), hit_bb);
    return r;
  }

  // ------------------------------------------------------------ stage A
  llvm::Value* gen_pred(const BindingPlan& bp, const ir::Expr& e) {
    if (auto folded = fold_predicate(*bp.plan, e, bp.constants)) return *folded ? B.getTrue() : B.getFalse();
    switch (e.op) {
      case Op::Const: return e.value.as_bool() ? B.getTrue() : B.getFalse();
      case Op::Exists: return B.CreateICmpUGT(slot_view(bp, e.slot).count, B.getInt64(0));
      case Op::MatchAny: return any_value(bp, slot_view(bp, e.slot), e.index);
      case Op::RawTerm: {
        ir::SlotId raw = bp.plan->slot_of("_raw");
        if (raw == ir::kNoSlot) return B.getFalse();
        View v = slot_view(bp, raw);
        ObjectRef ref;
        ref.kind = ObjectRef::Kind::Expr;
        ref.ptr = &e;
        llvm::Value* obj = object(add_object(ref));
        return and_lazy(B.CreateICmpEQ(v.count, B.getInt64(1)), [&] {
          llvm::Value* len = B.CreateLoad(i64, B.CreateStructGEP(str_ty, v.data, 0));
          llvm::Value* p = B.CreateLoad(ptr, B.CreateStructGEP(str_ty, v.data, 1));
          return B.CreateICmpNE(B.CreateCall(helper(helper::kRawTermView, i32, {ptr, ptr, i64}), {obj, p, len}),
                                B.getInt32(0));
        });
      }
      case Op::RegexMatch: {  // a field regex ending the filters (split_binding)
        View v = slot_view(bp, e.args[0]->slot);
        ObjectRef ref;
        ref.kind = ObjectRef::Kind::Regex;
        ref.binding = bp.binding;
        ref.index = e.index;
        llvm::Value* re = object(add_object(ref));
        llvm::Value* r = B.CreateCall(helper(helper::kRegexView, i32, {ptr, i32, ptr, ptr, i64}),
                                      {ctx_arg_, B.getInt32(bp.binding), re, v.data, v.count});
        return B.CreateICmpNE(r, B.getInt32(0));
      }
      case Op::Not: return B.CreateNot(gen_pred(bp, *e.args[0]));
      case Op::And:
      case Op::Or: {
        bool is_and = e.op == Op::And;
        std::vector<const ir::Expr*> args;
        for (const auto& a : e.args) args.push_back(a.get());
        std::stable_sort(args.begin(), args.end(), [&](const ir::Expr* a, const ir::Expr* b) {
          return cost(*bp.plan, *a) < cost(*bp.plan, *b);
        });
        // A big predicate is cut into functions of bounded size (code_budget.h).
        const auto groups = group_operands(args);
        return gen_connective(is_and, groups.size(), [&](size_t k) { return gen_group(bp, is_and, groups[k]); });
      }
      default: return B.getFalse();  // not two-valued: never placed in stage A
    }
  }

  // ------------------------------------------------------------ stage B
  struct RuleCtx {
    const BindingPlan* bp;
    llvm::Value* row;
    llvm::Value* temps;
    uint32_t next_temp = 0;
  };

  llvm::Value* slot_ptr(llvm::Value* base, uint64_t index) { return byte_offset(base, index * value_size_); }
  llvm::Value* new_temp(RuleCtx& rc) { return slot_ptr(rc.temps, rc.next_temp++); }

  llvm::Value* const_ptr(const ir::Expr& e) {
    ObjectRef ref;
    ref.kind = ObjectRef::Kind::ConstValue;
    ref.ptr = &e;
    return object(add_object(ref));
  }

  llvm::Value* plan_object(RuleCtx& rc, ObjectRef::Kind kind, uint32_t index) {
    ObjectRef ref;
    ref.kind = kind;
    ref.binding = rc.bp->binding;
    ref.index = index;
    return object(add_object(ref));
  }

  // Branch to `err` when a helper returned a failure status.
  void check(llvm::Value* status, llvm::BasicBlock* err) {
    llvm::BasicBlock* ok = block("ok");
    B.CreateCondBr(B.CreateICmpEQ(status, B.getInt32(0)), ok, err);
    B.SetInsertPoint(ok);
  }

  llvm::Value* truth(llvm::Value* v) { return B.CreateCall(helper(helper::kTruth, i32, {ptr}), {v}); }

  llvm::Value* make_bool(RuleCtx& rc, llvm::Value* tri) {
    llvm::Value* t = new_temp(rc);
    B.CreateCall(helper(helper::kMakeBool, B.getVoidTy(), {ptr, i32}), {t, tri});
    return t;
  }

  static bool literal(const ir::Expr& e) { return e.op == Op::Const && e.value.is_string(); }

  // Evaluates e to a pointer to an rt::Value.
  llvm::Value* gen_value(RuleCtx& rc, const ir::Expr& e, llvm::BasicBlock* err) {
    switch (e.op) {
      case Op::Const: return const_ptr(e);
      case Op::Field: return slot_ptr(rc.row, e.slot);
      case Op::Bound: return const_ptr(e);  // only inside lambdas, which the interpreter runs
      case Op::MatchAny: {
        llvm::Value* t = new_temp(rc);
        B.CreateCall(helper(helper::kMatch, i32, {ptr, ptr, ptr, ptr}),
                     {ctx_arg_, t, plan_object(rc, ObjectRef::Kind::Matcher, e.index), slot_ptr(rc.row, e.slot)});
        return t;
      }
      case Op::Exists: {
        llvm::Value* isnull = B.CreateCall(helper(helper::kIsNull, i32, {ptr}), {slot_ptr(rc.row, e.slot)});
        return make_bool(rc, B.CreateSub(B.getInt32(1), isnull));
      }
      case Op::RawTerm: {
        ir::SlotId raw = rc.bp->plan->slot_of("_raw");
        if (raw == ir::kNoSlot) return make_bool(rc, B.getInt32(0));
        ObjectRef ref;
        ref.kind = ObjectRef::Kind::Expr;
        ref.ptr = &e;
        llvm::Value* t = new_temp(rc);
        B.CreateCall(helper(helper::kRawTerm, i32, {ptr, ptr, ptr, ptr}),
                     {ctx_arg_, t, object(add_object(ref)), slot_ptr(rc.row, raw)});
        return t;
      }
      case Op::And:
      case Op::Or: {
        // Three-valued, short-circuit: AND is false at the first false, OR
        // true at the first true; otherwise null if any operand was null.
        bool is_and = e.op == Op::And;
        llvm::AllocaInst* unknown = entry_alloca(i32, 1, "unknown");
        B.CreateStore(B.getInt32(0), unknown);
        llvm::BasicBlock* decided = block("decided");
        llvm::BasicBlock* all = block("all_seen");
        for (const auto& a : e.args) {
          llvm::Value* t = truth(gen_value(rc, *a, err));
          llvm::BasicBlock* next = block("next_operand");
          llvm::Value* decisive = B.CreateICmpEQ(t, B.getInt32(is_and ? 0 : 1));
          llvm::BasicBlock* not_decisive = block("not_decisive");
          B.CreateCondBr(decisive, decided, not_decisive);
          B.SetInsertPoint(not_decisive);
          llvm::Value* is_unknown = B.CreateZExt(B.CreateICmpEQ(t, B.getInt32(2)), i32);
          B.CreateStore(B.CreateOr(B.CreateLoad(i32, unknown), is_unknown), unknown);
          B.CreateBr(next);
          B.SetInsertPoint(next);
        }
        B.CreateBr(all);
        llvm::BasicBlock* join = block("logic_join");
        B.SetInsertPoint(decided);
        B.CreateBr(join);
        B.SetInsertPoint(all);
        llvm::Value* u = B.CreateLoad(i32, unknown);
        llvm::Value* all_tri = B.CreateSelect(B.CreateICmpNE(u, B.getInt32(0)), B.getInt32(2),
                                              B.getInt32(is_and ? 1 : 0));
        B.CreateBr(join);
        B.SetInsertPoint(join);
        llvm::PHINode* tri = B.CreatePHI(i32, 2);
        tri->addIncoming(B.getInt32(is_and ? 0 : 1), decided);
        tri->addIncoming(all_tri, all);
        return make_bool(rc, tri);
      }
      case Op::Xor: {
        llvm::Value* acc = B.getInt32(0);
        llvm::Value* unknown = B.getFalse();
        for (const auto& a : e.args) {
          llvm::Value* t = truth(gen_value(rc, *a, err));
          unknown = B.CreateOr(unknown, B.CreateICmpEQ(t, B.getInt32(2)));
          acc = B.CreateXor(acc, B.CreateAnd(t, B.getInt32(1)));
        }
        return make_bool(rc, B.CreateSelect(unknown, B.getInt32(2), acc));
      }
      case Op::Not: {
        llvm::Value* t = truth(gen_value(rc, *e.args[0], err));
        return make_bool(rc, B.CreateSelect(B.CreateICmpEQ(t, B.getInt32(2)), B.getInt32(2),
                                            B.CreateSub(B.getInt32(1), t)));
      }
      case Op::Neg: {
        llvm::Value* a = gen_value(rc, *e.args[0], err);
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(helper::kNeg, i32, {ptr, ptr, ptr, i32}),
                           {ctx_arg_, t, a, B.getInt32(literal(*e.args[0]))}),
              err);
        return t;
      }
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod:
      case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
        bool cmp = e.op >= Op::Eq && e.op <= Op::Ge;
        llvm::Value* a = gen_value(rc, *e.args[0], err);
        llvm::Value* b = gen_value(rc, *e.args[1], err);
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(cmp ? helper::kCompare : helper::kArith, i32, {ptr, ptr, i32, ptr, i32, ptr, i32}),
                           {ctx_arg_, t, B.getInt32(static_cast<int>(e.op)), a, B.getInt32(literal(*e.args[0])), b,
                            B.getInt32(literal(*e.args[1]))}),
              err);
        return t;
      }
      case Op::Concat:
      case Op::Like: {
        llvm::Value* a = gen_value(rc, *e.args[0], err);
        llvm::Value* b = gen_value(rc, *e.args[1], err);
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(e.op == Op::Concat ? helper::kConcat : helper::kLike, i32, {ptr, ptr, ptr, ptr}),
                           {ctx_arg_, t, a, b}),
              err);
        return t;
      }
      case Op::If: {
        llvm::Value* c = truth(gen_value(rc, *e.args[0], err));
        llvm::BasicBlock* then_bb = block("then");
        llvm::BasicBlock* else_bb = block("else");
        llvm::BasicBlock* join = block("if_join");
        B.CreateCondBr(B.CreateICmpEQ(c, B.getInt32(1)), then_bb, else_bb);
        B.SetInsertPoint(then_bb);
        llvm::Value* tv = gen_value(rc, *e.args[1], err);
        llvm::BasicBlock* then_end = B.GetInsertBlock();
        B.CreateBr(join);
        B.SetInsertPoint(else_bb);
        llvm::Value* ev = gen_value(rc, *e.args[2], err);
        llvm::BasicBlock* else_end = B.GetInsertBlock();
        B.CreateBr(join);
        B.SetInsertPoint(join);
        llvm::PHINode* phi = B.CreatePHI(ptr, 2);
        phi->addIncoming(tv, then_end);
        phi->addIncoming(ev, else_end);
        return phi;
      }
      case Op::Case:
      case Op::Coalesce: {
        // case: the value of the first true condition, else null;
        // coalesce: the first non-null argument, else null.
        bool is_case = e.op == Op::Case;
        ObjectRef nref;
        nref.kind = ObjectRef::Kind::ConstValue;
        nref.ptr = nullptr;  // the engine maps a null ConstValue to a null rt::Value
        llvm::Value* null_value = object(add_object(nref));
        llvm::BasicBlock* join = block(is_case ? "case_join" : "coalesce_join");
        std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> incoming;
        size_t step = is_case ? 2 : 1;
        for (size_t k = 0; k + (is_case ? 1 : 0) < e.args.size(); k += step) {
          llvm::Value* v = nullptr;
          llvm::Value* take = nullptr;
          if (is_case) {
            take = B.CreateICmpEQ(truth(gen_value(rc, *e.args[k], err)), B.getInt32(1));
          } else {
            v = gen_value(rc, *e.args[k], err);
            take = B.CreateICmpEQ(B.CreateCall(helper(helper::kIsNull, i32, {ptr}), {v}), B.getInt32(0));
          }
          llvm::BasicBlock* yes = block("take");
          llvm::BasicBlock* no = block("skip");
          B.CreateCondBr(take, yes, no);
          B.SetInsertPoint(yes);
          if (is_case) v = gen_value(rc, *e.args[k + 1], err);
          incoming.emplace_back(v, B.GetInsertBlock());
          B.CreateBr(join);
          B.SetInsertPoint(no);
        }
        incoming.emplace_back(null_value, B.GetInsertBlock());
        B.CreateBr(join);
        B.SetInsertPoint(join);
        llvm::PHINode* phi = B.CreatePHI(ptr, static_cast<unsigned>(incoming.size()));
        for (auto& [v, bb] : incoming) phi->addIncoming(v, bb);
        return phi;
      }
      case Op::MvFilter:
      case Op::MvMap: {
        ObjectRef ref;
        ref.kind = ObjectRef::Kind::Expr;
        ref.ptr = &e;
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(helper::kLambda, i32, {ptr, ptr, ptr, i32, ptr}),
                           {ctx_arg_, t, object(add_object(ref)), B.getInt32(rc.bp->binding), rc.row}),
              err);
        return t;
      }
      case Op::RegexMatch: {
        llvm::Value* a = gen_value(rc, *e.args[0], err);
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(helper::kRegex, i32, {ptr, ptr, ptr, ptr}),
                           {ctx_arg_, t, plan_object(rc, ObjectRef::Kind::Regex, e.index), a}),
              err);
        return t;
      }
      case Op::InList: {
        llvm::Value* a = gen_value(rc, *e.args[0], err);
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(helper::kInList, i32, {ptr, ptr, ptr, ptr}),
                           {ctx_arg_, t, plan_object(rc, ObjectRef::Kind::Set, e.index), a}),
              err);
        return t;
      }
      case Op::Call: {
        std::vector<llvm::Value*> args;
        for (const auto& a : e.args) args.push_back(gen_value(rc, *a, err));
        llvm::AllocaInst* arr = entry_alloca(ptr, std::max<size_t>(1, args.size()), "args");
        for (size_t k = 0; k < args.size(); ++k) B.CreateStore(args[k], B.CreateInBoundsGEP(ptr, arr, B.getInt64(k)));
        ObjectRef ref;
        ref.kind = ObjectRef::Kind::Function;
        ref.text = e.text;
        llvm::Value* t = new_temp(rc);
        check(B.CreateCall(helper(helper::kCall, i32, {ptr, ptr, ptr, ptr, i32}),
                           {ctx_arg_, t, object(add_object(ref)), arr, B.getInt32(static_cast<int>(args.size()))}),
              err);
        return t;
      }
    }
    return const_ptr(e);
  }

  llvm::Function* gen_rule_function(const BindingPlan& bp, llvm::GlobalValue::LinkageTypes linkage) {
    llvm::Function* saved_fn = fn_;
    llvm::Value* saved_ctx = ctx_arg_;
    llvm::Value* saved_objects = objects_base_;
    llvm::BasicBlock* saved_block = B.GetInsertBlock();
    auto* fty = llvm::FunctionType::get(B.getVoidTy(), {ptr}, false);
    auto* f = llvm::Function::Create(fty, linkage, "rj_rule_" + std::to_string(bp.binding), module_.get());
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addFnAttr(llvm::Attribute::NoInline);
    // In large packs the per-rule remainder (a chain of helper calls, run only
    // for events that passed the filters) is not worth optimizer time.
    if (pack_.bindings.size() > kInlineRules) f->addFnAttr(llvm::Attribute::OptimizeNone);
    fn_ = f;
    ctx_arg_ = f->getArg(0);
    B.SetInsertPoint(block("entry"));
    objects_base_ = B.CreateLoad(ptr, B.CreateStructGEP(ctx_ty, ctx_arg_, 0), "objects");
    llvm::BasicBlock* done = block("done");
    gen_rest(bp, done);
    B.SetInsertPoint(done);
    B.CreateRetVoid();
    fn_ = saved_fn;
    ctx_arg_ = saved_ctx;
    objects_base_ = saved_objects;
    if (saved_block) B.SetInsertPoint(saved_block);
    return f;
  }

  // `stats count by k1 k2 ...` straight after the inline filters, with every
  // by-field a raw field or basename(raw field) of the field map: the views
  // of the keys go to rj_count_keys (no row, no Values). False when the
  // binding does not have that shape (then: gen_rest in the rule function).
  bool count_keys_shape(const BindingPlan& bp) {
    const ir::Plan& plan = *bp.plan;
    if (bp.never || !bp.residual.empty() || bp.first_stage != plan.event_stages || !ir::has_event_aggregate(plan))
      return false;
    const auto& agg = std::get<ir::AggregateStage>(plan.stages[plan.event_stages]);
    if (agg.keys.empty() || agg.dedup_splitvals) return false;
    for (const auto& a : agg.aggs)
      if (a.func != ir::AggFunc::Count || a.input) return false;
    for (ir::SlotId k : agg.keys)
      if (view_source(bp, k) == ir::kNoSlot) return false;
    return true;
  }

  bool gen_count_keys(const BindingPlan& bp) {
    if (!count_keys_shape(bp)) return false;
    const auto& agg = std::get<ir::AggregateStage>(bp.plan->stages[bp.plan->event_stages]);
    full_views_ = true;
    std::vector<View> keys;
    for (ir::SlotId k : agg.keys) keys.push_back(slot_view(bp, k));
    full_views_ = false;
    llvm::AllocaInst* arr = entry_alloca(span_ty, keys.size(), "keys");
    for (size_t k = 0; k < keys.size(); ++k) {
      llvm::Value* sp = B.CreateInBoundsGEP(span_ty, arr, B.getInt64(k));
      B.CreateStore(keys[k].data, B.CreateStructGEP(span_ty, sp, 0));
      B.CreateStore(keys[k].count, B.CreateStructGEP(span_ty, sp, 1));
    }
    B.CreateCall(helper(helper::kCountKeys, B.getVoidTy(), {ptr, i32, ptr, i32}),
                 {ctx_arg_, B.getInt32(bp.binding), arr, B.getInt32(static_cast<int>(keys.size()))});
    return true;
  }

  // Stage B: build the row, run the remaining per-event stages, accept.
  void gen_rest(const BindingPlan& bp, llvm::BasicBlock* reject) {
    RuleCtx rc{&bp, nullptr, nullptr, 0};
    llvm::AllocaInst* temps_slot = entry_alloca(ptr, 1, "temps");
    // Early stages: up to the last per-event filter (the residual filter's
    // stage included). Their row is filled first, with only what they read
    // (rj_row_early); the rest once they kept the event (rj_row_rest). Most
    // events a rule drops then never need a full read.
    size_t early_end = bp.first_stage;
    for (size_t i = bp.first_stage; i < bp.plan->event_stages; ++i)
      if (std::holds_alternative<ir::FilterStage>(bp.plan->stages[i])) early_end = i + 1;
    const bool two_step = early_end > bp.first_stage || !bp.residual.empty();
    const size_t early_from = bp.residual.empty() ? bp.first_stage : bp.first_stage - 1;
    if (two_step) {
      rc.row = B.CreateCall(helper(helper::kRowEarly, ptr, {ptr, i32, ptr, i32, i32}),
                            {ctx_arg_, B.getInt32(bp.binding), temps_slot, B.getInt32(static_cast<int>(early_from)),
                             B.getInt32(static_cast<int>(early_end))});
    } else {
      rc.row = B.CreateCall(helper(helper::kRow, ptr, {ptr, i32, ptr}),
                            {ctx_arg_, B.getInt32(bp.binding), temps_slot});
    }
    auto row_rest = [&] {
      if (!two_step) return;
      llvm::Value* ok = B.CreateCall(helper(helper::kRowRest, i32, {ptr, i32}), {ctx_arg_, B.getInt32(bp.binding)});
      llvm::BasicBlock* cont = block("row_complete");
      B.CreateCondBr(B.CreateICmpNE(ok, B.getInt32(0)), cont, reject);
      B.SetInsertPoint(cont);
    };
    // No row: the event turned out malformed when read in full; skip it.
    llvm::BasicBlock* have_row = block("have_row");
    B.CreateCondBr(B.CreateIsNull(rc.row), reject, have_row);
    B.SetInsertPoint(have_row);
    rc.temps = B.CreateLoad(ptr, temps_slot);
    auto eval_error = [&] {
      B.CreateCall(helper(helper::kEvalError, B.getVoidTy(), {ptr, i32}), {ctx_arg_, B.getInt32(bp.binding)});
    };
    auto gen_filter = [&](const ir::Expr& cond) {
      llvm::BasicBlock* err = block("filter_error");
      llvm::Value* t = truth(gen_value(rc, cond, err));
      llvm::BasicBlock* keep = block("kept");
      B.CreateCondBr(B.CreateICmpEQ(t, B.getInt32(1)), keep, reject);
      llvm::BasicBlock* cont = B.GetInsertBlock();
      B.SetInsertPoint(err);
      eval_error();
      B.CreateBr(reject);
      B.SetInsertPoint(keep);
      (void)cont;
    };
    // A stage run by the interpreter's code for it (rj_stage).
    auto run_stage = [&](size_t i) {
      llvm::Value* kept = B.CreateCall(helper(helper::kStage, i32, {ptr, i32, i32}),
                                       {ctx_arg_, B.getInt32(bp.binding), B.getInt32(static_cast<int>(i))});
      llvm::BasicBlock* cont = block("stage_kept");
      B.CreateCondBr(B.CreateICmpNE(kept, B.getInt32(0)), cont, reject);
      B.SetInsertPoint(cont);
    };
    // Expressions too big to compile in linear time are left to the
    // interpreter, a whole stage at a time (code_budget.h). For the filter
    // that stage A stopped in, that re-tests its inline conditions, which
    // passed and are pure.
    size_t residual_terms = 0;
    for (const auto* c : bp.residual) residual_terms += expression_terms(*c);
    if (residual_terms > kMaxCompiledTerms) run_stage(bp.first_stage - 1);
    else for (const auto* c : bp.residual) gen_filter(*c);
    for (size_t i = bp.first_stage; i < bp.plan->event_stages; ++i) {
      if (i == early_end) row_rest();
      const ir::Stage& st = bp.plan->stages[i];
      const auto* f = std::get_if<ir::FilterStage>(&st);
      const auto* ev = std::get_if<ir::EvalStage>(&st);
      size_t terms = f ? expression_terms(*f->cond) : 0;
      if (ev)
        for (const auto& a : ev->assigns) terms += expression_terms(*a.expr);
      if (terms > kMaxCompiledTerms) {
        run_stage(i);
      } else if (f) {
        gen_filter(*f->cond);
      } else if (ev) {
        for (const auto& a : ev->assigns) {
          llvm::BasicBlock* err = block("assign_error");
          llvm::BasicBlock* next = block("assigned");
          llvm::Value* v = gen_value(rc, *a.expr, err);
          B.CreateCall(helper(helper::kAssign, B.getVoidTy(), {ptr, ptr}), {slot_ptr(rc.row, a.target), v});
          B.CreateBr(next);
          B.SetInsertPoint(err);
          eval_error();
          B.CreateCall(helper(helper::kAssignNull, B.getVoidTy(), {ptr}), {slot_ptr(rc.row, a.target)});
          B.CreateBr(next);
          B.SetInsertPoint(next);
        }
      } else {
        run_stage(i);
      }
    }
    if (early_end == bp.plan->event_stages) row_rest();
    B.CreateCall(helper(helper::kAccept, B.getVoidTy(), {ptr, i32}), {ctx_arg_, B.getInt32(bp.binding)});
    B.CreateBr(reject);
    temps_[bp.binding] = rc.next_temp;
  }

  const ir::Pack& pack_;
  llvm::LLVMContext& C;
  llvm::IRBuilder<> B;
  size_t value_size_;
  std::unique_ptr<llvm::Module> module_;
  llvm::Type *i1, *i8, *i32, *i64;
  llvm::PointerType* ptr;
  llvm::StructType *str_ty, *span_ty, *ctx_ty;
  std::vector<ObjectRef>& objects_;
  std::vector<uint32_t>& temps_;
  std::vector<OutOfLine>* deferred_ = nullptr;
  // per function
  const ir::FieldMapProgram* fm_ = nullptr;
  llvm::Function* fn_ = nullptr;
  llvm::Value* ctx_arg_ = nullptr;
  llvm::Value* views_arg_ = nullptr;
  llvm::Value* objects_base_ = nullptr;
  llvm::Value* counters_ = nullptr;
  llvm::Value* candidates_ = nullptr;
  std::map<ir::SlotId, View> view_cache_;
  std::vector<ir::SlotId> view_slots_;
  View raw_view_;
  bool prologue_ = false;
  // Lazy views (gen_fieldmap, inline mode): fields outside eager_ are
  // fetched on demand.
  bool lazy_ = false;
  std::set<ir::SlotId> eager_;
  bool full_views_ = false;  // raw_field_view: take fields from the full read
  uint32_t parts_ = 0;       // rj_part_* functions made so far (their names)
};

}  // namespace

GeneratedCode generate_pack_code(const ir::Pack& pack, size_t value_size, size_t rules_per_unit) {
  GeneratedCode out;
  SharedState shared;
  shared.temps.assign(pack.bindings.size(), 0);
  // Small packs: one unit. Large packs: the per-event functions in one unit
  // and the rule/filter functions in units of `rules_per_unit` bindings, which
  // the JIT optimizes and compiles in parallel.
  const bool split = rules_per_unit > 0 && pack.bindings.size() > rules_per_unit;
  auto main_ctx = std::make_unique<llvm::LLVMContext>();
  Codegen main(pack, *main_ctx, value_size, shared, "rulejit_pack");
  std::vector<OutOfLine> deferred;
  out.fieldmaps = main.gen_fieldmaps(split ? &deferred : nullptr);
  out.units.push_back({std::move(main_ctx), main.take_module(), false});
  // Filter functions (every event of their data source runs them) and rule
  // bodies (only events that pass) in separate units, so that the JIT can
  // compile the bodies cheaply and the filters well.
  const auto hot_end = std::stable_partition(deferred.begin(), deferred.end(), [](const OutOfLine& o) { return o.test; });
  const size_t hot = static_cast<size_t>(hot_end - deferred.begin());
  for (const auto& [from, to, cold] : {std::tuple{size_t{0}, hot, false}, std::tuple{hot, deferred.size(), true}}) {
    for (size_t i = from; i < to; i += rules_per_unit) {
      std::vector<OutOfLine> chunk(deferred.begin() + static_cast<long>(i),
                                   deferred.begin() + static_cast<long>(std::min(to, i + rules_per_unit)));
      auto ctx = std::make_unique<llvm::LLVMContext>();
      Codegen unit(pack, *ctx, value_size, shared, "rulejit_rules_" + std::to_string(out.units.size()));
      unit.gen_out_of_line(chunk, out.fieldmaps);
      out.units.push_back({std::move(ctx), unit.take_module(), cold});
    }
  }
  out.objects = std::move(shared.objects);
  out.temps_per_binding = std::move(shared.temps);
  return out;
}

}  // namespace rulejit::jit
