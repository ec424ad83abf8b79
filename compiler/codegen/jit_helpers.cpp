// C-ABI helpers called by JIT code. Each wraps the same operation the
// interpreter performs (runtime/interp/eval_ops.h), so both executors share
// one definition of SPL semantics. Value helpers return 0 on success and 1
// when the operation failed (EvalError): generated code then nulls the eval
// target or drops the row, as the interpreter does. No exception crosses
// into generated code.
#include <cstring>

#include "compiler/codegen/jit_abi.h"
#include "compiler/codegen/jit_engine_state.h"
#include "runtime/functions/eval_error.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/registry.h"
#include "runtime/interp/eval_ops.h"
#include "runtime/interp/search_matcher.h"

namespace rulejit::jit {

using rt::Value;
namespace ops = rt::ops;

static_assert(sizeof(std::string_view) == sizeof(RjStr), "string_view layout");

template <typename F>
static int32_t guarded(JitCtx* ctx, F&& f) {
  try {
    f();
    return 0;
  } catch (const rt::EvalError&) {
    (void)ctx;
    return 1;
  }
}

extern "C" {

// 0 false, 1 true, 2 null / not a boolean.
int32_t rj_truth(const Value* v) {
  auto t = ops::truth(*v);
  return t ? (*t ? 1 : 0) : 2;
}
int32_t rj_is_null(const Value* v) { return v->is_null() ? 1 : 0; }
void rj_make_bool(Value* out, int32_t tri) { *out = tri == 2 ? Value() : Value::boolean(tri == 1); }

int32_t rj_op_compare(JitCtx* ctx, Value* out, int32_t op, const Value* a, int32_t al, const Value* b, int32_t bl) {
  return guarded(ctx, [&] { *out = ops::compare(static_cast<ir::Op>(op), *a, al != 0, *b, bl != 0); });
}
int32_t rj_op_arith(JitCtx* ctx, Value* out, int32_t op, const Value* a, int32_t al, const Value* b, int32_t bl) {
  return guarded(ctx, [&] { *out = ops::arithmetic(static_cast<ir::Op>(op), *a, al != 0, *b, bl != 0); });
}
int32_t rj_op_neg(JitCtx* ctx, Value* out, const Value* a, int32_t al) {
  return guarded(ctx, [&] { *out = ops::negate(*a, al != 0); });
}
int32_t rj_op_concat(JitCtx* ctx, Value* out, const Value* a, const Value* b) {
  return guarded(ctx, [&] { *out = ops::concat(*a, *b); });
}
int32_t rj_op_like(JitCtx* ctx, Value* out, const Value* a, const Value* b) {
  return guarded(ctx, [&] { *out = ops::like(*a, *b); });
}
// `re` is null when the pattern did not compile; `err` is its message.
int32_t rj_op_regex(JitCtx* ctx, Value* out, const rt::Regex* re, const Value* a) {
  if (!re) return 1;
  return guarded(ctx, [&] { *out = ops::regex_match(*re, *a); });
}
int32_t rj_op_inlist(JitCtx* ctx, Value* out, const std::unordered_set<std::string>* set, const Value* a) {
  return guarded(ctx, [&] { *out = ops::in_list(*set, *a); });
}
int32_t rj_op_match(JitCtx*, Value* out, const rt::SearchMatcher* m, const Value* a) {
  *out = Value::boolean(ops::match_any(*m, *a));
  return 0;
}
int32_t rj_op_rawterm(JitCtx*, Value* out, const ir::Expr* e, const Value* raw) {
  *out = Value::boolean(ops::raw_term(*raw, e->text, e->index));
  return 0;
}
int32_t rj_op_call(JitCtx* ctx, Value* out, const rt::FunctionInfo* fn, const Value* const* args, int32_t n) {
  return guarded(ctx, [&] {
    *out = rt::call_function(*fn, args, static_cast<size_t>(n), ctx->state->functions());
  });
}
// mvfilter/mvmap: the lambda body is run by the interpreter over each value.
int32_t rj_op_lambda(JitCtx* ctx, Value* out, const ir::Expr* e, int32_t b, const Value* row) {
  return guarded(ctx, [&] {
    rt::Row r;  // the interpreter reads fields through a Row
    const ir::Plan& plan = ctx->state->env(b).plan;
    r.slots.assign(row, row + plan.slots.size());
    *out = rt::evaluate(*e, r, ctx->state->env(b));
  });
}
// eval target = value; booleans cannot be stored in fields (§2.3).
void rj_assign(Value* dst, const Value* src) {
  if (src->is_bool()) *dst = Value();
  else if (dst != src) *dst = *src;
}
void rj_assign_null(Value* dst) { *dst = Value(); }

Value* rj_row(JitCtx* ctx, int32_t b, Value** temps) { return ctx->state->row(b, temps); }
void rj_accept(JitCtx* ctx, int32_t b) { ctx->state->accept(b); }
Value* rj_row_early(JitCtx* ctx, int32_t b, Value** temps, int32_t from, int32_t end) {
  return ctx->state->row_early(b, temps, from, end);
}
int32_t rj_row_rest(JitCtx* ctx, int32_t b) { return ctx->state->row_rest(b) ? 1 : 0; }
void rj_count_keys(JitCtx* ctx, int32_t b, const RjSpan* keys, int32_t n) { ctx->state->count_keys(b, keys, n); }
int32_t rj_stage(JitCtx* ctx, int32_t b, int32_t stage) { return ctx->state->stage(b, stage) ? 1 : 0; }
void rj_eval_error(JitCtx* ctx, int32_t b) { ctx->state->eval_error(b); }
void rj_derived_span(JitCtx* ctx, int32_t slot, RjSpan* out) { ctx->state->derived_span(slot, out); }
void rj_raw_span(JitCtx* ctx, RjSpan* out) { ctx->state->raw_span(out); }
void rj_lazy_view(JitCtx* ctx, RjSpan* view, int64_t index) { ctx->state->lazy_view(index, view); }
// `regex field=...` as a filter over a view: 1 when some value matches, in
// order (like ops::regex_match); a missing regex or the match limit counts
// an eval error for binding b and drops the event, as the interpreter does.
int32_t rj_regex_view(JitCtx* ctx, int32_t b, const rt::Regex* re, const RjStr* vals, uint64_t n) {
  try {
    if (!re) throw rt::EvalError("no regex");
    for (uint64_t i = 0; i < n; ++i)
      if (ops::regex_matches(*re, std::string_view(vals[i].ptr, vals[i].len))) return 1;
  } catch (const rt::EvalError&) {
    ctx->state->eval_error(b);
  }
  return 0;
}

// Search-language tests on one value view.
int32_t rj_glob_view(const rt::GlobPattern* g, const char* p, uint64_t n) { return g->match(p, n) ? 1 : 0; }
int32_t rj_search_match_view(const rt::SearchMatcher* m, const char* p, uint64_t n) {
  return m->matches(std::string_view(p, n)) ? 1 : 0;
}
// `lit` is already lower-case.
int32_t rj_eq_ci_view(const char* p, const char* lit, uint64_t n) { return rt::eq_ci(p, n, lit, n) ? 1 : 0; }
int32_t rj_rawterm_view(const ir::Expr* e, const char* p, uint64_t n) {
  return ops::raw_term(Value::string(std::string_view(p, n)), e->text, e->index) ? 1 : 0;
}

}  // extern "C"

std::vector<std::pair<std::string, void*>> helper_symbols() {
  // Checked once: generated code reads string_views as {len, ptr}.
  std::string_view probe("x");
  RjStr raw;
  std::memcpy(&raw, &probe, sizeof raw);
  if (raw.len != 1 || raw.ptr != probe.data()) return {};
  return {
      {helper::kTruth, reinterpret_cast<void*>(&rj_truth)},
      {helper::kIsNull, reinterpret_cast<void*>(&rj_is_null)},
      {helper::kMakeBool, reinterpret_cast<void*>(&rj_make_bool)},
      {helper::kCompare, reinterpret_cast<void*>(&rj_op_compare)},
      {helper::kArith, reinterpret_cast<void*>(&rj_op_arith)},
      {helper::kNeg, reinterpret_cast<void*>(&rj_op_neg)},
      {helper::kConcat, reinterpret_cast<void*>(&rj_op_concat)},
      {helper::kLike, reinterpret_cast<void*>(&rj_op_like)},
      {helper::kRegex, reinterpret_cast<void*>(&rj_op_regex)},
      {helper::kInList, reinterpret_cast<void*>(&rj_op_inlist)},
      {helper::kMatch, reinterpret_cast<void*>(&rj_op_match)},
      {helper::kRawTerm, reinterpret_cast<void*>(&rj_op_rawterm)},
      {helper::kCall, reinterpret_cast<void*>(&rj_op_call)},
      {helper::kLambda, reinterpret_cast<void*>(&rj_op_lambda)},
      {helper::kAssign, reinterpret_cast<void*>(&rj_assign)},
      {helper::kAssignNull, reinterpret_cast<void*>(&rj_assign_null)},
      {helper::kStage, reinterpret_cast<void*>(&rj_stage)},
      {helper::kRow, reinterpret_cast<void*>(&rj_row)},
      {helper::kAccept, reinterpret_cast<void*>(&rj_accept)},
      {helper::kRowEarly, reinterpret_cast<void*>(&rj_row_early)},
      {helper::kRowRest, reinterpret_cast<void*>(&rj_row_rest)},
      {helper::kCountKeys, reinterpret_cast<void*>(&rj_count_keys)},
      {helper::kEvalError, reinterpret_cast<void*>(&rj_eval_error)},
      {helper::kDerivedSpan, reinterpret_cast<void*>(&rj_derived_span)},
      {helper::kRawSpan, reinterpret_cast<void*>(&rj_raw_span)},
      {helper::kLazyView, reinterpret_cast<void*>(&rj_lazy_view)},
      {helper::kRegexView, reinterpret_cast<void*>(&rj_regex_view)},
      {helper::kGlob, reinterpret_cast<void*>(&rj_glob_view)},
      {helper::kSearchMatch, reinterpret_cast<void*>(&rj_search_match_view)},
      {helper::kEqCi, reinterpret_cast<void*>(&rj_eq_ci_view)},
      {helper::kRawTermView, reinterpret_cast<void*>(&rj_rawterm_view)},
  };
}

}  // namespace rulejit::jit
