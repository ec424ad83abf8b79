#include "compiler/pack/lint_filters.h"

#include <set>

#include "compiler/ir/analysis.h"

namespace rulejit::lint {
namespace {

struct Walker {
  const ir::Plan& plan;
  const std::set<ir::SlotId>& written;
  const std::function<void(const Comparison&)>& fn;
  size_t& groups;

  void matcher(ir::SlotId slot, const ir::Matcher& m, bool required) {
    Comparison c;
    c.slot = slot;
    c.required = required;
    c.group = groups++;
    if (m.kind == ir::Matcher::Kind::Set || m.kind == ir::Matcher::Kind::GlobList) {
      for (const auto& item : m.items) {  // items are folded: compare case-insensitively
        c.matcher = ir::Matcher{ir::Matcher::Kind::Glob, item, {}};
        c.value = item;
        fn(c);
      }
      return;
    }
    c.matcher = m;
    c.value = m.pattern;
    fn(c);
  }

  void walk(const ir::Expr& e, bool positive, bool required) {
    switch (e.op) {
      case ir::Op::And:
      case ir::Op::Or:
        for (const auto& a : e.args) walk(*a, positive, required && e.op == ir::Op::And && positive);
        return;
      case ir::Op::Not:
        walk(*e.args[0], !positive, false);
        return;
      case ir::Op::MatchAny:
        if (positive && !written.count(e.slot)) matcher(e.slot, plan.matchers[e.index], required);
        return;
      case ir::Op::Eq: {
        if (!positive || e.args.size() != 2) return;
        const ir::Expr* f = e.args[0].get();
        const ir::Expr* v = e.args[1].get();
        if (f->op == ir::Op::Const) std::swap(f, v);
        if (f->op != ir::Op::Field || v->op != ir::Op::Const || !v->value.is_string() || written.count(f->slot))
          return;
        Comparison c;
        c.slot = f->slot;
        c.eval_equals = true;
        c.required = required;
        c.group = groups++;
        c.value = v->value.as_string();
        fn(c);
        return;
      }
      default:
        return;
    }
  }
};

}  // namespace

void for_each_event_comparison(const ir::Plan& plan, const std::function<void(const Comparison&)>& fn) {
  std::set<ir::SlotId> written;
  size_t groups = 0;
  for (size_t i = 0; i < plan.event_stages && i < plan.stages.size(); ++i) {
    if (const auto* f = std::get_if<ir::FilterStage>(&plan.stages[i])) Walker{plan, written, fn, groups}.walk(*f->cond, true, true);
    ir::for_each_stage_write(plan.stages[i], [&](ir::SlotId s) { written.insert(s); });
  }
}

}  // namespace rulejit::lint
