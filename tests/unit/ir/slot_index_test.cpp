// SlotIndex: finds what Plan::slot_of finds, as the slot list grows.
#include <gtest/gtest.h>

#include "compiler/ir/plan.h"
#include "compiler/ir/slot_index.h"

namespace rulejit::ir {
namespace {

TEST(SlotIndex, FindsWhatSlotOfFinds) {
  Plan p;
  SlotIndex idx;
  EXPECT_EQ(idx.intern(p.slots, "a"), 0u);
  EXPECT_EQ(idx.intern(p.slots, "b"), 1u);
  EXPECT_EQ(idx.intern(p.slots, "a"), 0u);
  p.intern("c");  // appended behind the index's back
  EXPECT_EQ(idx.find(p.slots, "c"), 2u);
  EXPECT_EQ(idx.find(p.slots, "d"), kNoSlot);
  for (const char* n : {"a", "b", "c", "d"}) EXPECT_EQ(idx.find(p.slots, n), p.slot_of(n)) << n;
  EXPECT_EQ(p.slots.size(), 3u);
}

TEST(SlotIndex, AListReplacedBehindItsBackIsIndexedAgain) {
  std::vector<std::string> slots = {"a", "b", "c"};
  SlotIndex idx;
  EXPECT_EQ(idx.find(slots, "c"), 2u);
  slots = {"c"};  // shorter
  EXPECT_EQ(idx.find(slots, "c"), 0u);
  EXPECT_EQ(idx.find(slots, "a"), kNoSlot);
  slots = {"x", "c"};  // changed in place at a found entry
  EXPECT_EQ(idx.find(slots, "c"), 1u);
}

TEST(SlotIndex, ManyNames) {
  std::vector<std::string> slots;
  SlotIndex idx;
  for (int i = 0; i < 20000; ++i) EXPECT_EQ(idx.intern(slots, "f" + std::to_string(i)), static_cast<SlotId>(i));
  EXPECT_EQ(idx.find(slots, "f19999"), 19999u);
  EXPECT_EQ(slots.size(), 20000u);
}

}  // namespace
}  // namespace rulejit::ir
