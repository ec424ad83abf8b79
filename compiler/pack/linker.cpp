#include "compiler/pack/linker.h"

#include "compiler/ir/analysis.h"
#include "runtime/interp/search_matcher.h"

namespace rulejit {

using ir::InputBinding;
using ir::Op;

std::optional<bool> fold_predicate(const ir::Plan& plan, const ir::Expr& e,
                                   const std::vector<const rt::Value*>& constants) {
  auto known = [&](ir::SlotId s) -> const rt::Value* { return s < constants.size() ? constants[s] : nullptr; };
  switch (e.op) {
    case Op::Const:
      if (e.value.is_bool()) return e.value.as_bool();
      return std::nullopt;
    case Op::Exists:
      if (const auto* v = known(e.slot)) return !v->is_null();
      return std::nullopt;
    case Op::MatchAny: {
      const auto* v = known(e.slot);
      if (!v) return std::nullopt;
      rt::SearchMatcher m(plan.matchers[e.index]);
      for (const auto& t : v->texts())
        if (m.matches(t)) return true;
      return false;
    }
    case Op::Not: {
      auto x = fold_predicate(plan, *e.args[0], constants);
      if (!x) return std::nullopt;
      return !*x;
    }
    case Op::And:
    case Op::Or: {
      bool is_and = e.op == Op::And;
      bool unknown = false;
      for (const auto& a : e.args) {
        auto x = fold_predicate(plan, *a, constants);
        if (!x) unknown = true;
        else if (*x != is_and) return !is_and;  // a false in AND / a true in OR decides
      }
      if (unknown) return std::nullopt;
      return is_and;
    }
    default:
      return std::nullopt;
  }
}

namespace {

bool base_field(const std::string& n) {
  return n == "_time" || n == "host" || n == "source" || n == "sourcetype" || n == "_raw";
}

// Binding of one rule slot name for an event-source rule.
InputBinding bind_event_field(ir::FieldMapProgram& f, const std::string& name) {
  InputBinding b;
  if (name == "_raw") {
    b.kind = InputBinding::Kind::RawLine;
  } else if (auto c = f.constants.find(name); c != f.constants.end()) {
    b.kind = InputBinding::Kind::Constant;
    b.constant = c->second;
  } else if (auto d = f.derived.find(name); d != f.derived.end()) {
    b.kind = InputBinding::Kind::Derive;
    b.derive_slot = d->second;
  } else {
    b.kind = InputBinding::Kind::Derive;
    b.derive_slot = f.raw_slot(name);
  }
  return b;
}

}  // namespace

void link_pack(ir::Pack& pack) {
  pack.bindings.clear();
  for (uint32_t r = 0; r < pack.rules.size(); ++r) {
    const ir::Plan& plan = *pack.rules[r].plan;
    if (plan.source.kind == ir::Source::Kind::Inputlookup) continue;  // not fed by events
    auto inputs = ir::event_input_slots(plan);
    for (uint32_t fi = 0; fi < pack.fieldmaps.size(); ++fi) {
      auto& f = pack.fieldmaps[fi];
      const std::map<std::string, ir::SlotId>* dataset = nullptr;
      const bool events_too = plan.source.kind == ir::Source::Kind::DatamodelEvents;
      if (plan.source.kind == ir::Source::Kind::Datamodel || events_too) {
        auto it = f.datamodels.find(plan.source.name);
        if (it != f.datamodels.end()) dataset = &it->second;
        // A "*" (generic JSON) source has no data model mapping: its events
        // carry the dataset's field names themselves.
        else if (f.match_key != "*") continue;  // this source does not feed the data model
      }
      ir::RuleBinding rb;
      rb.rule = r;
      rb.fieldmap = fi;
      std::vector<const rt::Value*> constants(plan.slots.size(), nullptr);
      static const rt::Value kNull;
      for (ir::SlotId s : inputs) {
        const std::string& name = plan.slots[s];
        InputBinding b;
        if (dataset) {
          if (auto d = dataset->find(name); d != dataset->end()) {
            b.kind = InputBinding::Kind::Derive;
            b.derive_slot = d->second;
          } else if (base_field(name) || events_too) {
            b = bind_event_field(f, name);
          } else {
            b.kind = InputBinding::Kind::Null;  // a dataset field this source does not provide
          }
        } else {
          b = bind_event_field(f, name);
        }
        b.rule_slot = s;
        rb.inputs.push_back(b);
      }
      for (const auto& b : rb.inputs) {
        if (b.kind == InputBinding::Kind::Constant) constants[b.rule_slot] = &b.constant;
        if (b.kind == InputBinding::Kind::Null) constants[b.rule_slot] = &kNull;
      }
      // Fold the leading filters with the constants.
      bool applicable = true;
      for (size_t i = 0; i < plan.event_stages && applicable; ++i) {
        const auto* filter = std::get_if<ir::FilterStage>(&plan.stages[i]);
        if (!filter) break;
        auto v = fold_predicate(plan, *filter->cond, constants);
        if (v && !*v) applicable = false;
      }
      if (applicable) pack.bindings.push_back(std::move(rb));
    }
  }
}

}  // namespace rulejit
