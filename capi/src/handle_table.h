// HandleTable: opaque C handles that can be checked, so a destroyed or
// made-up handle is reported instead of dereferenced.
//
// Contract:
//  - A handle is an integer (cast to the C pointer type), never a pointer
//    to the object: bits 0..23 slot index + 1, bits 24..59 the slot's
//    generation (>= 1), bits 60..63 a tag per table (engine vs result), so
//    a handle of one table is not valid in another and no handle is NULL.
//  - remove() bumps the slot's generation: every older handle of that slot
//    fails get() for ever (2^36 reuses of one slot before a wrap).
//  - get() returns a shared_ptr: an object removed while another thread
//    still uses it lives until that call returns.
//  - Thread-safe; lookups take a shared lock.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace rulejit::capi {

static_assert(sizeof(uintptr_t) >= 8, "rulejit's C API needs 64-bit handles");

template <class T>
class HandleTable {
 public:
  explicit HandleTable(uint64_t tag) : tag_(tag & 0xF) {}

  // 0 when the table is full (2^24 live handles).
  uintptr_t insert(std::shared_ptr<T> obj) {
    std::unique_lock lock(mu_);
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      if (slots_.size() >= kMaxSlots) return 0;
      index = static_cast<uint32_t>(slots_.size());
      slots_.push_back(Slot{});
    }
    Slot& s = slots_[index];
    s.obj = std::move(obj);
    return encode(index, s.generation);
  }

  std::shared_ptr<T> get(uintptr_t handle) const {
    uint32_t index;
    uint64_t gen;
    if (!decode(handle, &index, &gen)) return nullptr;
    std::shared_lock lock(mu_);
    if (index >= slots_.size() || slots_[index].generation != gen) return nullptr;
    return slots_[index].obj;
  }

  // The object, or nullptr when the handle is not live.
  std::shared_ptr<T> remove(uintptr_t handle) {
    uint32_t index;
    uint64_t gen;
    if (!decode(handle, &index, &gen)) return nullptr;
    std::unique_lock lock(mu_);
    if (index >= slots_.size() || slots_[index].generation != gen || !slots_[index].obj) return nullptr;
    Slot& s = slots_[index];
    std::shared_ptr<T> obj = std::move(s.obj);
    s.obj.reset();
    s.generation = s.generation >= kMaxGeneration ? 1 : s.generation + 1;
    free_.push_back(index);
    return obj;
  }

 private:
  static constexpr uint32_t kMaxSlots = (1u << 24) - 1;
  static constexpr uint64_t kMaxGeneration = (uint64_t{1} << 36) - 1;
  struct Slot {
    uint64_t generation = 1;
    std::shared_ptr<T> obj;
  };

  uintptr_t encode(uint32_t index, uint64_t gen) const {
    return static_cast<uintptr_t>((tag_ << 60) | (gen << 24) | (uint64_t{index} + 1));
  }
  bool decode(uintptr_t h, uint32_t* index, uint64_t* gen) const {
    uint64_t v = h;
    if ((v >> 60) != tag_) return false;
    uint64_t idx = v & 0xFFFFFF;
    if (idx == 0) return false;
    *index = static_cast<uint32_t>(idx - 1);
    *gen = (v >> 24) & kMaxGeneration;
    return *gen != 0;
  }

  const uint64_t tag_;
  mutable std::shared_mutex mu_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
};

}  // namespace rulejit::capi
