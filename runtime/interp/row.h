// Row: one result (an event being processed, or an aggregated row) as the
// interpreter holds it: one Value per plan slot.
#pragma once

#include <string>
#include <vector>

#include "runtime/core/value.h"

namespace rulejit::rt {

struct Row {
  std::vector<Value> slots;
  uint64_t seq = 0;  // arrival order, for ties and stable output
};

}  // namespace rulejit::rt
