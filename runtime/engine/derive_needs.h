// What computing some derived fields of a field map takes: the raw JSON
// fields to read and the field map's eval assignments to run, in order. Used
// by the engines (per rule binding) and by the C API's window probe (_time).
#pragma once

#include <set>
#include <utility>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/events/field_paths.h"

namespace rulejit::rt {

struct DeriveNeeds {
  std::vector<std::pair<ir::SlotId, int>> raw;  // derive slot <- path slot in `paths`
  std::vector<const ir::Assign*> assigns;       // derived fields to compute, in order
  // Per assign: the slot it takes the basename of when it is exactly
  // basename(field) (process_name and friends; the engines compute those
  // directly for a single text), else ir::kNoSlot.
  std::vector<ir::SlotId> basename_of;
};

// For the derive slots `wanted` of `fm`: what they read, transitively
// (assignments are in dependency order). Raw names are added to `paths`.
DeriveNeeds derive_needs(const ir::FieldMapProgram& fm, const std::set<ir::SlotId>& wanted, FieldPathSet& paths);

}  // namespace rulejit::rt
