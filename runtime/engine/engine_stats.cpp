// Summing engines' counters (engine.h: add_engine_stats).
#include <algorithm>

#include "runtime/engine/engine.h"

namespace rulejit::rt {

void add_engine_stats(EngineStats& into, const EngineStats& from) {
  into.read.merge(from.read);
  into.events += from.events;
  into.prefiltered += from.prefiltered;
  into.read_once += from.read_once;
  into.unrouted += from.unrouted;
  if (into.rules.size() < from.rules.size()) into.rules.resize(from.rules.size());
  for (size_t i = 0; i < from.rules.size(); ++i) {
    auto& r = into.rules[i];
    r.events_in += from.rules[i].events_in;
    r.matched += from.rules[i].matched;
    r.results += from.rules[i].results;
    r.eval_errors += from.rules[i].eval_errors;
    r.seconds += from.rules[i].seconds;
  }
  for (const auto& w : from.warnings)
    if (std::find(into.warnings.begin(), into.warnings.end(), w) == into.warnings.end()) into.warnings.push_back(w);
}

}  // namespace rulejit::rt
