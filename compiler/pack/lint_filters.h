// The comparisons a detection's per-event filters make on event fields, for
// the value lints (impossible-value, unknown-sourcetype).
#pragma once

#include <functional>
#include <string>

#include "compiler/ir/plan.h"

namespace rulejit::lint {

// One value compared with one field: a search-language matcher reduced to a
// single pattern (IN lists give one Comparison per value), or an eval `=`.
struct Comparison {
  ir::SlotId slot = ir::kNoSlot;
  ir::Matcher matcher;    // Glob / GlobCS / other kinds with `pattern`
  bool eval_equals = false;  // where f="v": exact, case-sensitive
  std::string value;      // the pattern or the compared string, as in the IR
  // No OR between the filter's root and this test: events that fail it are
  // always dropped. The values of one IN list share a `group`.
  bool required = false;
  size_t group = 0;
};

// Calls fn for every comparison in the filters among the per-event stages
// that is not under a NOT (it narrows what the rule keeps) and tests a field
// no earlier stage wrote (so its value comes from the event).
void for_each_event_comparison(const ir::Plan& plan, const std::function<void(const Comparison&)>& fn);

}  // namespace rulejit::lint
