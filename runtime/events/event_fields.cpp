#include "runtime/events/event_fields.h"

namespace rulejit::rt {

void EventFields::clear() {
  if (++gen_ == 0) {
    // Generation wrapped: old stamps could look current again.
    for (SlotState& s : slots_) s.gen = 0;
    gen_ = 1;
  }
  touched_.clear();
  pending_.clear();
  values_.clear();
  raw_ = {};
  top_keys_.clear();
  name_arena_.clear();
  pending_flat_.clear();
  flat_.clear();
  flat_truncated_ = false;
  dropped_values_ = 0;
}

void EventFields::begin(size_t slot_count, std::string_view raw) {
  clear();
  if (slots_.size() < slot_count) slots_.resize(slot_count);
  raw_ = raw;
}

void EventFields::add_flat(std::string_view name, std::string_view value) {
  pending_flat_.push_back({static_cast<uint32_t>(name_arena_.size()),
                           static_cast<uint32_t>(name.size()), value});
  name_arena_.append(name);
}

void EventFields::finish() {
  // Group the values (collected in document order across slots) so each
  // slot's values are contiguous, keeping document order within a slot.
  uint32_t next = 0;
  for (int32_t slot : touched_) {
    SlotState& s = slots_[static_cast<size_t>(slot)];
    s.first = next;
    s.fill = 0;
    next += s.count;
  }
  values_.resize(pending_.size());
  for (const Pending& p : pending_) {
    SlotState& s = slots_[static_cast<size_t>(p.slot)];
    values_[s.first + s.fill++] = p.value;
  }
  flat_.clear();
  for (const PendingFlat& f : pending_flat_) {
    flat_.push_back({std::string_view(name_arena_).substr(f.name_off, f.name_len), f.value});
  }
}

}  // namespace rulejit::rt
