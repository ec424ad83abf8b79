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
  // Per assign: 1 when its expression has a direct text shape
  // (direct_text.h): the engines try building it as one text first.
  std::vector<uint8_t> direct_text;
};

// For the derive slots `wanted` of `fm`: what they read, transitively
// (assignments are in dependency order). Raw names are added to `paths`.
DeriveNeeds derive_needs(const ir::FieldMapProgram& fm, const std::set<ir::SlotId>& wanted, FieldPathSet& paths);

}  // namespace rulejit::rt
