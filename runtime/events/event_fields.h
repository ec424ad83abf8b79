// EventFields: the fields one event yields for a FieldPathSet, slot by slot.
//
// Contract:
//  - For each slot: zero or more values in document order (0 = absent/null).
//    present(slot) is true when a value slot has >= 1 value, or when a
//    presence slot's path exists.
//  - Values are std::string_views. Strings are unescaped; numbers are their
//    raw JSON text ("3502914", "1.5e3"); booleans are "true"/"false".
//  - LIFETIME: every view (values, raw(), top_level_keys(), all_fields())
//    points into the Line given to EventExtractor::extract() or into that
//    extractor's parser. Views stay valid until the next extract() call on
//    the same extractor AND while the Line's buffer lives (i.e. until the
//    next LineSource::next()). Copy what must outlive the event.
//  - Reusable: clear() (done by extract()) forgets the event in O(1) without
//    freeing memory, so steady-state extraction does not allocate.
//  - The building functions are for EventExtractor; call finish() once after
//    the last add_value() before reading values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::rt {

// At most this many values of one field in one event (a key repeated in the
// line, or a long array); later ones are dropped and counted, and the reader
// reports the event (ErrorKind::ValuesCapped). Without it one hostile line
// with a key repeated 3,000 times makes `stats ... by` two such fields fan
// out into 9 million rows. 100 is Splunk's own cap on list() values.
inline constexpr uint32_t kMaxValuesPerField = 100;

class EventFields {
 public:
  struct FlatField {
    std::string_view name;   // Splunk name, e.g. "process_exec.ancestors{}.pid"
    std::string_view value;  // one value; a multivalued name repeats
  };

  size_t count(int slot) const {
    const SlotState& s = state(slot);
    return s.gen == gen_ ? s.count : 0;
  }
  std::span<const std::string_view> values(int slot) const {
    const SlotState& s = state(slot);
    if (s.gen != gen_ || s.count == 0) return {};
    return {values_.data() + s.first, s.count};
  }
  // i-th value; an empty view when i >= count(slot).
  std::string_view value(int slot, size_t i = 0) const {
    const SlotState& s = state(slot);
    if (s.gen != gen_ || i >= s.count) return {};
    return values_[s.first + i];
  }
  bool present(int slot) const {
    const SlotState& s = state(slot);
    return s.gen == gen_ && (s.count > 0 || s.present);
  }

  // The event text (_raw).
  std::string_view raw() const { return raw_; }
  // Every top-level key in document order (duplicates included), for routing.
  std::span<const std::string_view> top_level_keys() const { return top_keys_; }
  // Every leaf in document order; filled only in all-fields mode.
  std::span<const FlatField> all_fields() const { return flat_; }
  // True when all-fields mode stopped early (ExtractOptions::max_flat_bytes).
  bool all_fields_truncated() const { return flat_truncated_; }

  void clear();

  // ---- building, for EventExtractor ----
  void begin(size_t slot_count, std::string_view raw);
  void add_value(int32_t slot, std::string_view v) {
    SlotState& s = touch(slot);
    if (s.count >= kMaxValuesPerField) {
      ++dropped_values_;
      return;
    }
    s.count++;
    pending_.push_back({slot, v});
  }
  // Values add_value() dropped in this event (over kMaxValuesPerField).
  uint32_t dropped_values() const { return dropped_values_; }
  void set_present(int32_t slot) { touch(slot).present = true; }
  void add_top_level_key(std::string_view k) { top_keys_.push_back(k); }
  void add_flat(std::string_view name, std::string_view value);
  void finish();
  size_t flat_bytes() const { return name_arena_.size(); }
  void mark_flat_truncated() { flat_truncated_ = true; }
  // Slots that got a value or presence in this event (after finish()).
  std::span<const int32_t> touched_slots() const { return touched_; }

 private:
  struct SlotState {
    uint32_t gen = 0;  // the slot holds data for this event only when gen == gen_
    uint32_t first = 0;
    uint32_t count = 0;
    uint32_t fill = 0;
    bool present = false;
  };
  const SlotState& state(int slot) const { return slots_[static_cast<size_t>(slot)]; }
  SlotState& touch(int32_t slot) {
    SlotState& s = slots_[static_cast<size_t>(slot)];
    if (s.gen != gen_) {
      s = SlotState{gen_, 0, 0, 0, false};
      touched_.push_back(slot);
    }
    return s;
  }

  struct Pending {
    int32_t slot;
    std::string_view value;
  };
  struct PendingFlat {
    uint32_t name_off, name_len;
    std::string_view value;
  };

  uint32_t gen_ = 1;
  std::vector<SlotState> slots_;
  std::vector<int32_t> touched_;
  std::vector<Pending> pending_;
  std::vector<std::string_view> values_;
  std::string_view raw_;
  std::vector<std::string_view> top_keys_;
  std::string name_arena_;  // all-fields names; offsets until finish()
  std::vector<PendingFlat> pending_flat_;
  std::vector<FlatField> flat_;
  bool flat_truncated_ = false;
  uint32_t dropped_values_ = 0;
};

}  // namespace rulejit::rt
