#include "compiler/ir/slot_index.h"

namespace rulejit::ir {

void SlotIndex::sync(const std::vector<std::string>& slots) {
  if (slots.size() < indexed_) {  // replaced by a shorter list
    index_.clear();
    indexed_ = 0;
  }
  for (; indexed_ < slots.size(); ++indexed_) index_.try_emplace(slots[indexed_], static_cast<SlotId>(indexed_));
}

SlotId SlotIndex::find(const std::vector<std::string>& slots, std::string_view name) {
  sync(slots);
  auto it = index_.find(std::string(name));
  if (it == index_.end()) return kNoSlot;
  if (it->second < slots.size() && slots[it->second] == name) return it->second;
  index_.clear();  // the list changed behind the index
  indexed_ = 0;
  sync(slots);
  it = index_.find(std::string(name));
  return it == index_.end() ? kNoSlot : it->second;
}

SlotId SlotIndex::intern(std::vector<std::string>& slots, std::string_view name) {
  SlotId s = find(slots, name);
  if (s != kNoSlot) return s;
  slots.emplace_back(name);
  sync(slots);
  return static_cast<SlotId>(slots.size() - 1);
}

}  // namespace rulejit::ir
