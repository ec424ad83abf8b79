// Structural checks on a plan: every index in range, every operator with the
// arguments it needs, per-event stages only of streaming kinds. Lowering runs
// it after building each plan; a failure is a compiler bug, not a user error.
#include <fmt/format.h>

#include <unordered_set>

#include "compiler/ir/plan.h"

namespace rulejit::ir {
namespace {

struct Verifier {
  const Plan& p;
  std::vector<std::string> problems;

  void slot(SlotId s, std::string_view where) {
    if (s == kNoSlot || s >= p.slots.size()) problems.push_back(fmt::format("{}: bad slot {}", where, s));
  }

  void arity(const Expr& e, size_t lo, size_t hi) {
    if (e.args.size() < lo || e.args.size() > hi)
      problems.push_back(fmt::format("{}: {} args, expected {}..{}", op_name(e.op), e.args.size(), lo, hi));
  }

  void expr(const Expr& e, int lambda_depth) {
    switch (e.op) {
      case Op::Const: arity(e, 0, 0); break;
      case Op::Field: arity(e, 0, 0); slot(e.slot, "field"); break;
      case Op::Bound:
        arity(e, 0, 0);
        if (lambda_depth == 0) problems.push_back("bound used outside mvmap/mvfilter");
        break;
      case Op::MatchAny:
        slot(e.slot, "match");
        if (e.index >= p.matchers.size()) problems.push_back("match: bad matcher index");
        break;
      case Op::Exists: slot(e.slot, "exists"); break;
      case Op::RawTerm:  // no slot: the plan's _raw
        if (e.slot != kNoSlot) slot(e.slot, "raw term");
        break;
      case Op::And: case Op::Or: case Op::Xor: arity(e, 2, SIZE_MAX); break;
      case Op::Not: case Op::Neg: arity(e, 1, 1); break;
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod: case Op::Concat:
      case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::Like:
        arity(e, 2, 2);
        break;
      case Op::If: arity(e, 3, 3); break;
      case Op::Case:
        if (e.args.size() % 2 != 0) problems.push_back("case: odd number of args");
        break;
      case Op::Coalesce: arity(e, 1, SIZE_MAX); break;
      case Op::MvFilter: case Op::MvMap:
        arity(e, 2, 2);
        if (e.args.size() == 2) {
          expr(*e.args[0], lambda_depth);
          expr(*e.args[1], lambda_depth + 1);
        }
        return;
      case Op::RegexMatch:
        arity(e, 1, 1);
        if (e.index >= p.regexes.size()) problems.push_back("regex: bad regex index");
        break;
      case Op::InList:
        arity(e, 1, 1);
        if (e.index >= p.sets.size()) problems.push_back("in: bad set index");
        break;
      case Op::Call:
        if (e.text.empty()) problems.push_back("call without a function name");
        break;
    }
    for (const auto& a : e.args) expr(*a, lambda_depth);
  }

  void aggs(const std::vector<AggSpec>& list) {
    for (const auto& a : list) {
      slot(a.output, "agg output");
      if (a.input) expr(*a.input, 0);
      else if (a.func != AggFunc::Count) problems.push_back(fmt::format("{} without input", agg_func_name(a.func)));
    }
  }

  void stage(const Stage& st) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, FilterStage>) {
            if (!s.cond) problems.push_back("filter without condition"); else expr(*s.cond, 0);
          } else if constexpr (std::is_same_v<T, EvalStage>) {
            for (const auto& a : s.assigns) { slot(a.target, "eval target"); expr(*a.expr, 0); }
          } else if constexpr (std::is_same_v<T, RenameStage>) {
            for (const auto& r : s.pairs) { slot(r.from, "rename from"); slot(r.to, "rename to"); }
          } else if constexpr (std::is_same_v<T, RexStage>) {
            slot(s.input, "rex input");
            if (s.regex >= p.regexes.size()) problems.push_back("rex: bad regex index");
            for (const auto& g : s.groups) slot(g.slot, "rex group");
          } else if constexpr (std::is_same_v<T, LookupStage>) {
            if (s.table >= p.lookups.size()) problems.push_back("lookup: bad table index");
            for (const auto& i : s.inputs) slot(i.slot, "lookup input");
            for (const auto& o : s.outputs) slot(o.slot, "lookup output");
          } else if constexpr (std::is_same_v<T, ProjectStage>) {
            for (SlotId k : s.keep) slot(k, "project");
          } else if constexpr (std::is_same_v<T, FillnullStage>) {
            for (SlotId k : s.slots) slot(k, "fillnull");
          } else if constexpr (std::is_same_v<T, ExpandStage>) {
            slot(s.slot, "mvexpand");
          } else if constexpr (std::is_same_v<T, AggregateStage> || std::is_same_v<T, EventStatsStage> ||
                               std::is_same_v<T, StreamStatsStage>) {
            for (SlotId k : s.keys) slot(k, "group key");
            aggs(s.aggs);
          } else if constexpr (std::is_same_v<T, DedupStage>) {
            for (SlotId k : s.keys) slot(k, "dedup");
          } else if constexpr (std::is_same_v<T, SortStage>) {
            for (const auto& k : s.keys) slot(k.slot, "sort");
          } else if constexpr (std::is_same_v<T, HeadStage>) {
            if (s.while_cond) expr(*s.while_cond, 0);
          } else if constexpr (std::is_same_v<T, SubplanStage>) {
            for (SlotId k : s.join_keys) slot(k, "join key");
            if (!s.sub) problems.push_back("subplan missing");
            else for (auto& sp : verify_plan(*s.sub)) problems.push_back("subplan: " + sp);
          } else if constexpr (std::is_same_v<T, TransactionStage>) {
            for (SlotId k : s.keys) slot(k, "transaction key");
            slot(s.duration, "transaction duration");
            slot(s.eventcount, "transaction eventcount");
            if (s.maxevents == 0) problems.push_back("transaction: maxevents 0");
          } else if constexpr (std::is_same_v<T, ForeachFieldsStage>) {
            slot(s.raw, "foreach raw");
            slot(s.value, "foreach value");
            for (SlotId k : s.fields) slot(k, "foreach field");
            for (const auto& a : s.assigns) {
              slot(a.target, "foreach target");
              expr(*a.expr, 0);
            }
          }
        },
        st);
  }
};

bool is_streaming(const Stage& s) {
  return std::holds_alternative<FilterStage>(s) || std::holds_alternative<EvalStage>(s) ||
         std::holds_alternative<RenameStage>(s) || std::holds_alternative<RexStage>(s) ||
         std::holds_alternative<LookupStage>(s) || std::holds_alternative<ProjectStage>(s) ||
         std::holds_alternative<ForeachFieldsStage>(s) ||
         (std::holds_alternative<FillnullStage>(s) && !std::get<FillnullStage>(s).slots.empty());
}

}  // namespace

std::vector<std::string> verify_plan(const Plan& p) {
  Verifier v{p, {}};
  if (p.event_stages > p.stages.size()) v.problems.push_back("event_stages beyond the stage list");
  for (size_t i = 0; i < p.stages.size(); ++i) {
    if (i < p.event_stages && !is_streaming(p.stages[i]))
      v.problems.push_back(fmt::format("stage {} is not streaming but is in the per-event part", i));
    v.stage(p.stages[i]);
  }
  for (SlotId c : p.columns) v.slot(c, "column");
  // | inputlookup reads its rows from the plan's first lookup.
  if (p.source.kind == Source::Kind::Inputlookup && p.lookups.empty())
    v.problems.push_back("inputlookup source without a lookup");
  std::unordered_set<std::string_view> names;
  for (const auto& s : p.slots)
    if (!names.insert(s).second) v.problems.push_back("duplicate slot name " + s);
  return v.problems;
}

}  // namespace rulejit::ir
