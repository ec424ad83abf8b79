#include "runtime/stream/time_probe.h"

#include <cmath>

#include "runtime/engine/derive_needs.h"
#include "runtime/functions/eval_error.h"

namespace rulejit::rt {

TimeProbe::TimeProbe(std::shared_ptr<const ir::Pack> pack, double now) : pack_(std::move(pack)) {
  functions_.now = now;
  for (const auto& fm : pack_->fieldmaps) {
    Map m;
    m.fm = &fm;
    router_.add(fm.match_key, fm.match_key == "*" ? -1 : paths_.add_presence(fm.match_key));
    auto it = fm.derived.find("_time");
    const bool has_eval = !fm.derive.stages.empty() && std::holds_alternative<ir::EvalStage>(fm.derive.stages[0]);
    if (it != fm.derived.end() && has_eval) {
      m.time_slot = it->second;
      DeriveNeeds needs = derive_needs(fm, {m.time_slot}, paths_);
      m.raw = std::move(needs.raw);
      m.assigns = std::move(needs.assigns);
      std::vector<std::string> errors;  // the engine reports these already
      m.constants = std::make_unique<CompiledConstants>(CompiledConstants::build(fm.derive, errors));
      m.env = std::make_unique<ExprEnv>(ExprEnv{fm.derive, *m.constants, functions_, ir::kNoSlot});
      m.row.slots.resize(fm.derive.slots.size());
    } else {
      // No derivation: a raw top-level `_time` (epoch seconds), if any.
      m.raw.emplace_back(ir::kNoSlot, paths_.add("_time"));
    }
    maps_.push_back(std::move(m));
  }
}

std::optional<double> TimeProbe::time_of(Map& m) {
  if (m.time_slot == ir::kNoSlot) {
    auto vals = fields_.values(m.raw.at(0).second);
    if (vals.empty()) return std::nullopt;
    auto n = Value::string(vals[0]).to_number();
    return n && std::isfinite(*n) ? n : std::nullopt;
  }
  for (auto& v : m.row.slots) v = Value();
  for (const auto& [dslot, pslot] : m.raw) {
    auto vals = fields_.values(pslot);
    if (vals.empty()) continue;
    if (vals.size() == 1) {
      m.row.slots[dslot] = Value::string(vals[0]);
    } else {
      m.row.slots[dslot] = Value::make_multi(std::vector<std::string>(vals.begin(), vals.end()));
    }
  }
  for (const auto* a : m.assigns) {
    try {
      Value v = evaluate(*a->expr, m.row, *m.env);
      m.row.slots[a->target] = v.is_bool() ? Value() : std::move(v);
    } catch (const EvalError&) {
      m.row.slots[a->target] = Value();
    }
  }
  auto n = m.row.slots[m.time_slot].to_number();
  return n && std::isfinite(*n) ? n : std::nullopt;
}

TimeProbe::Outcome TimeProbe::probe(const Line& line, std::string_view sourcetype, double* time) {
  if (!extractor_.extract(line, paths_, fields_).ok()) return Outcome::Malformed;
  Map* chosen = nullptr;
  if (!sourcetype.empty()) {
    for (auto& m : maps_)
      if (m.fm->sourcetype == sourcetype) {
        chosen = &m;
        break;
      }
  } else if (const int i = router_.route(fields_); i >= 0) {
    chosen = &maps_[static_cast<size_t>(i)];
  }
  if (!chosen) return Outcome::Untimed;
  auto t = time_of(*chosen);
  if (!t) return Outcome::Untimed;
  *time = *t;
  return Outcome::Timed;
}

}  // namespace rulejit::rt
