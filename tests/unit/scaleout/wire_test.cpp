// scaleout/wire.h: partial-state and mark messages read back what was
// written, and anything else is refused with a reason.
#include <gtest/gtest.h>

#include <cmath>

#include "scaleout/wire.h"

namespace rulejit::scaleout {
namespace {

TEST(ScaleoutWire, PartialRoundTrip) {
  PartialHeader h{"w-1", -3, 2.5, "0123456789abcdef", "w-1:-3:17:4:1"};
  std::string bytes("RJPS\0\x01 binary\n bytes", 20);
  std::string msg = encode_partial(h, bytes);
  PartialHeader back;
  std::string_view state;
  std::string err;
  ASSERT_TRUE(parse_partial(msg, &back, &state, &err)) << err;
  EXPECT_EQ(back.worker, "w-1");
  EXPECT_EQ(back.window, -3);
  EXPECT_EQ(back.span, 2.5);
  EXPECT_EQ(back.pack, "0123456789abcdef");
  EXPECT_EQ(back.id, "w-1:-3:17:4:1");
  EXPECT_EQ(state, bytes);
}

TEST(ScaleoutWire, PartialGarbageRefused) {
  PartialHeader h;
  std::string_view state;
  std::string err;
  for (std::string bad : {"", "RJPS....", "RJP1 w 1 2 0123456789abcdef\n", "RJP1 w x 2 0123456789abcdef id\n",
                          "RJP1 w 1 0 0123456789abcdef id\n", "RJP1 w 1 2 short id\n",
                          "RJP1 bad/worker 1 2 0123456789abcdef id\n", "RJP2 w 1 2 0123456789abcdef id\n"}) {
    err.clear();
    EXPECT_FALSE(parse_partial(bad, &h, &state, &err)) << bad;
    EXPECT_FALSE(err.empty()) << bad;
  }
}

TEST(ScaleoutWire, MarkRoundTrip) {
  Mark m{"w2", 1755129606.782992, false, 125, 3};
  Mark back;
  std::string err;
  ASSERT_TRUE(parse_mark(encode_mark(m), &back, &err)) << err;
  EXPECT_EQ(back.worker, "w2");
  EXPECT_EQ(back.watermark, 1755129606.782992);
  EXPECT_FALSE(back.done);
  EXPECT_EQ(back.events, 125u);
  EXPECT_EQ(back.late, 3u);
  m.done = true;
  m.watermark = INFINITY;
  ASSERT_TRUE(parse_mark(encode_mark(m), &back, &err)) << err;
  EXPECT_TRUE(back.done);
  EXPECT_TRUE(std::isinf(back.watermark) && back.watermark > 0);
  m.watermark = -INFINITY;
  ASSERT_TRUE(parse_mark(encode_mark(m), &back, &err)) << err;
  EXPECT_TRUE(std::isinf(back.watermark) && back.watermark < 0);
  for (std::string bad : {"", "RJM1 w 1 0 1", "RJM1 w nan 0 1 1", "RJM1 w 1 2 1 1", "RJM1 w 1 0 -1 1"})
    EXPECT_FALSE(parse_mark(bad, &back, &err)) << bad;
}

TEST(ScaleoutWire, WorkerIds) {
  EXPECT_TRUE(valid_worker_id("w1"));
  EXPECT_TRUE(valid_worker_id("host-1.pod_2"));
  EXPECT_FALSE(valid_worker_id(""));
  EXPECT_FALSE(valid_worker_id("a b"));
  EXPECT_FALSE(valid_worker_id(std::string(65, 'x')));
}

}  // namespace
}  // namespace rulejit::scaleout
