// The fields a `foreach <pattern>` over raw events visits (ir::ForeachFieldsStage).
//
// Contract:
//  - foreach_matching_fields(stage, plan, row) returns, sorted by name, every
//    field of the row whose name matches stage.pattern (`*` matches any run
//    of characters, case-sensitive): the plan slots in stage.fields that hold
//    a value, then the leaves of the JSON text in stage.raw that no plan slot
//    names (a plan slot that is null was removed or never set: its JSON leaf
//    is not revived). JSON leaves are named as spath names them (`a.b`,
//    `a{}` for array elements, several values a multivalue; JSON null gives
//    nothing). Not JSON: no leaves.
//  - Names starting with '_' match only a pattern that starts with '_'.
//  - UNCERTAIN: Splunk does not document the order in which foreach visits
//    wildcard matches; name order is used (as Splunk lists fields).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

bool foreach_name_matches(std::string_view pattern, std::string_view name);

std::vector<std::pair<std::string, Value>> foreach_matching_fields(const ir::ForeachFieldsStage& stage,
                                                                   const ir::Plan& plan, const Row& row);

}  // namespace rulejit::rt
