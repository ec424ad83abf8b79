// SlotIndex: a slot found by name in constant time, over a slot list that
// only grows (a plan being lowered, a field map being linked).
//
// Plan::slot_of scans the list. A rule that names thousands of fields (a
// long OR over a field per term) then made lowering and linking quadratic.
// The index follows the list lazily: slots appended since the last call are
// indexed first. The list must only grow, its entries never change (a hit
// is checked against the list, and a list that changed is indexed again).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ir/expr.h"

namespace rulejit::ir {

class SlotIndex {
 public:
  // The first slot named `name`, or kNoSlot (as Plan::slot_of).
  SlotId find(const std::vector<std::string>& slots, std::string_view name);
  // That slot, appended to `slots` when absent (as Plan::intern).
  SlotId intern(std::vector<std::string>& slots, std::string_view name);

 private:
  void sync(const std::vector<std::string>& slots);
  std::unordered_map<std::string, SlotId> index_;
  size_t indexed_ = 0;  // slots[0, indexed_) are in index_
};

}  // namespace rulejit::ir
