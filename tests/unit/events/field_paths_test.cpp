#include "runtime/events/field_paths.h"

#include <gtest/gtest.h>

namespace rulejit::rt {
namespace {

TEST(FieldPathSet, DenseSlotsAndDeduplication) {
  FieldPathSet p;
  EXPECT_EQ(p.add("process_exec.process.binary"), 0);
  EXPECT_EQ(p.add("node_name"), 1);
  EXPECT_EQ(p.add("process_exec.process.binary"), 0);
  EXPECT_EQ(p.add_presence("process_exec"), 2);
  EXPECT_EQ(p.add("process_exec"), 3);  // value slot distinct from presence slot
  EXPECT_EQ(p.add_presence("process_exec"), 2);
  EXPECT_EQ(p.size(), 4u);
  EXPECT_EQ(p.name(0), "process_exec.process.binary");
  EXPECT_TRUE(p.is_presence(2));
  EXPECT_FALSE(p.is_presence(3));
  EXPECT_EQ(p.find("node_name"), 1);
  EXPECT_EQ(p.find("process_exec.process"), -1);  // interior node, no slot
  EXPECT_EQ(p.find("nothing.here"), -1);
}

TEST(FieldPathSet, ArrayStepsAndValidation) {
  FieldPathSet p;
  const int a = p.add("process_exec.ancestors{}.binary");
  const int b = p.add("a{}{}");
  const int c = p.add("process_kprobe.args{}.string_arg");
  EXPECT_GE(a, 0);
  EXPECT_GE(b, 0);
  EXPECT_TRUE(p.under_array(a));
  EXPECT_TRUE(p.under_array(c));
  EXPECT_FALSE(p.under_array(p.add("x.y")));
  for (const char* bad : {"", "{}", "{}.a", "a{}b", "a.{}"}) EXPECT_EQ(p.add(bad), -1) << bad;
  EXPECT_GE(p.add("a{b}"), 0);  // a '{' that is not "{}" is key text
  EXPECT_GE(p.add("a."), 0);    // trailing empty key segment
}

TEST(FieldPathSet, KeysWithDotsDescendSeveralSegments) {
  FieldPathSet p;
  p.add("pod.pod_labels.app.kubernetes.io/name");
  p.add("pod.pod_labels.app");
  const int32_t pod = p.descend_key(FieldPathSet::kRoot, "pod");
  ASSERT_GE(pod, 0);
  const int32_t labels = p.descend_key(pod, "pod_labels");
  ASSERT_GE(labels, 0);
  const int32_t full = p.descend_key(labels, "app.kubernetes.io/name");
  ASSERT_GE(full, 0);
  EXPECT_EQ(p.node(full).value_slot, 0);
  EXPECT_EQ(p.node(p.descend_key(labels, "app")).value_slot, 1);
  // Partial spellings lead to the same nodes.
  const int32_t mid = p.descend_key(labels, "app.kubernetes");
  ASSERT_GE(mid, 0);
  EXPECT_EQ(p.descend_key(mid, "io/name"), full);
  EXPECT_EQ(p.descend_key(p.descend_key(FieldPathSet::kRoot, "pod.pod_labels"), "app"),
            p.descend_key(labels, "app"));
  EXPECT_EQ(p.descend_key(labels, "app.kubernetes.io/other"), -1);
  EXPECT_EQ(p.descend_key(labels, "app.kubernetes.io/name.x"), -1);
  EXPECT_EQ(p.descend_key(labels, ""), -1);
  EXPECT_EQ(p.descend_key(labels, "."), -1);
}

// descend_key's shortcut (no child starts with the key's first byte: no
// dotted reading can match) must agree with reading the key segment by segment.
TEST(FieldPathSet, DescendKeyShortcutAgreesWithSegments) {
  FieldPathSet p;
  p.add("a.b.c");
  p.add("x..y");  // an empty segment: any first byte may start a dotted key
  p.add("bin.z");
  const int32_t a = p.descend_key(FieldPathSet::kRoot, "a");
  ASSERT_GE(a, 0);
  EXPECT_EQ(p.descend_key(FieldPathSet::kRoot, "a.b"), p.descend_key(a, "b"));
  EXPECT_EQ(p.descend_key(FieldPathSet::kRoot, "a.b.c"), p.descend_key(p.descend_key(a, "b"), "c"));
  EXPECT_EQ(p.descend_key(FieldPathSet::kRoot, "q.b"), -1);     // no child starts with 'q'
  EXPECT_EQ(p.descend_key(FieldPathSet::kRoot, "abc"), -1);     // starts like "a", no dot
  EXPECT_EQ(p.descend_key(FieldPathSet::kRoot, "binary"), -1);  // starts like "bin", no dot
  EXPECT_GE(p.descend_key(FieldPathSet::kRoot, "bin.z"), 0);
  const int32_t x = p.descend_key(FieldPathSet::kRoot, "x");
  ASSERT_GE(x, 0);
  const int32_t empty = p.descend_key(x, "");
  ASSERT_GE(empty, 0);
  EXPECT_EQ(p.descend_key(x, ".y"), p.descend_key(empty, "y"));  // first segment empty
  EXPECT_EQ(p.descend_key(FieldPathSet::kRoot, "x..y"), p.descend_key(empty, "y"));
  EXPECT_EQ(p.node(p.descend_key(FieldPathSet::kRoot, "x..y")).value_slot, 1);
}

TEST(FieldPathSet, AllFieldsFlag) {
  FieldPathSet p;
  EXPECT_FALSE(p.all_fields());
  p.set_all_fields(true);
  EXPECT_TRUE(p.all_fields());
}

}  // namespace
}  // namespace rulejit::rt
