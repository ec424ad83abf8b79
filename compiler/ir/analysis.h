// Dataflow facts about a plan that executors and the binder need.
#pragma once

#include <functional>
#include <vector>

#include "compiler/ir/plan.h"

namespace rulejit::ir {

// Calls fn for every slot an expression reads.
void for_each_slot_read(const Expr& e, const std::function<void(SlotId)>& fn);
// Slots a stage reads / writes.
void for_each_stage_read(const Stage& s, const std::function<void(SlotId)>& fn);
void for_each_stage_write(const Stage& s, const std::function<void(SlotId)>& fn);

// The slots whose initial value must come from the event: read by a
// per-event stage (or, when there is no aggregation, by a row stage) before
// any stage writes them, plus the inputs and keys of the first aggregation.
// Sorted, unique.
std::vector<SlotId> event_input_slots(const Plan& p);

// True when stages[event_stages] exists and is an AggregateStage.
bool has_event_aggregate(const Plan& p);

}  // namespace rulejit::ir
