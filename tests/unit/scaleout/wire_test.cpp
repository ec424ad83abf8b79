// scaleout/wire.h: partial-state and mark messages read back what was
// written, and anything else is refused with a reason.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "scaleout/event_batch.h"
#include "scaleout/merger_record.h"
#include "scaleout/seq_cover.h"
#include "scaleout/wire.h"
#include "scaleout/worker_recovery.h"

namespace rulejit::scaleout {
namespace {

TEST(ScaleoutWire, PartialRoundTrip) {
  PartialHeader h{"w-1", -3, 2.5, "0123456789abcdef", "w-1:-3:17:4:1", {{17, 19}, {23, 23}}};
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
  EXPECT_EQ(back.seqs, h.seqs);
  EXPECT_EQ(state, bytes);
}

TEST(ScaleoutWire, PartialGarbageRefused) {
  PartialHeader h;
  std::string_view state;
  std::string err;
  for (std::string bad : {"", "RJPS....", "RJP1 w 1 2 0123456789abcdef\n", "RJP1 w x 2 0123456789abcdef id\n",
                          "RJP1 w 1 0 0123456789abcdef id\n", "RJP1 w 1 2 short id\n",
                          "RJP1 bad/worker 1 2 0123456789abcdef id\n", "RJP2 w 1 2 0123456789abcdef id\n",
                          "RJP1 w 1 2 0123456789abcdef id\n", "RJP2 w 1 2 0123456789abcdef id 5-3\n",
                          "RJP2 w 1 2 0123456789abcdef id 1-3,3-4\n", "RJP2 w 1 2 0123456789abcdef id x\n",
                          "RJP2 w 1 2 0123456789abcdef id 1,\n"}) {
    err.clear();
    EXPECT_FALSE(parse_partial(bad, &h, &state, &err)) << bad;
    EXPECT_FALSE(err.empty()) << bad;
  }
}

TEST(ScaleoutWire, MarkRoundTrip) {
  Mark m{"w2", 1755129606.782992, false, 125, 3, 7, 40, 1000};
  Mark back;
  std::string err;
  ASSERT_TRUE(parse_mark(encode_mark(m), &back, &err)) << err;
  EXPECT_EQ(back.worker, "w2");
  EXPECT_EQ(back.watermark, 1755129606.782992);
  EXPECT_FALSE(back.done);
  EXPECT_EQ(back.events, 125u);
  EXPECT_EQ(back.late, 3u);
  EXPECT_EQ(back.redelivered, 7u);
  EXPECT_EQ(back.held, 40u);
  EXPECT_EQ(back.pending, 1000u);
  m.done = true;
  m.watermark = INFINITY;
  ASSERT_TRUE(parse_mark(encode_mark(m), &back, &err)) << err;
  EXPECT_TRUE(back.done);
  EXPECT_TRUE(std::isinf(back.watermark) && back.watermark > 0);
  m.watermark = -INFINITY;
  ASSERT_TRUE(parse_mark(encode_mark(m), &back, &err)) << err;
  EXPECT_TRUE(std::isinf(back.watermark) && back.watermark < 0);
  for (std::string bad : {"", "RJM1 w 1 0 1 1", "RJM2 w nan 0 1 1 0 0 0", "RJM2 w 1 2 1 1 0 0 0",
                          "RJM2 w 1 0 -1 1 0 0 0", "RJM2 w 1 0 1 1 0 0", "RJM2 w 1 0 1 1 0 0 x"})
    EXPECT_FALSE(parse_mark(bad, &back, &err)) << bad;
}

TEST(ScaleoutWire, SequenceRanges) {
  EXPECT_EQ(seq_ranges({5, 3, 4, 9, 10, 1, 4}), (SeqRanges{{1, 1}, {3, 5}, {9, 10}}));
  EXPECT_EQ(format_seq_ranges(seq_ranges({5, 3, 4, 9, 10, 1})), "1,3-5,9-10");
  EXPECT_EQ(format_seq_ranges({}), "-");
  SeqRanges r;
  ASSERT_TRUE(parse_seq_ranges("1,3-5,9-10", &r));
  EXPECT_EQ(r, (SeqRanges{{1, 1}, {3, 5}, {9, 10}}));
  ASSERT_TRUE(parse_seq_ranges("-", &r));
  EXPECT_TRUE(r.empty());
  for (std::string bad : {"", ",", "1,,2", "2,1", "1-2,3", "-1", "1-", "a"}) EXPECT_FALSE(parse_seq_ranges(bad, &r)) << bad;
}

// The merger counts an event once: a partial all of whose events were
// merged is a duplicate, one sharing some is an overlap.
TEST(ScaleoutWire, SeqCoverOverlap) {
  SeqCover c;
  EXPECT_EQ(c.overlap({{1, 3}}), SeqCover::Overlap::None);
  c.add({{1, 3}, {7, 7}});
  c.add({{4, 5}});  // touches: one range
  EXPECT_EQ(c.ranges(), 2u);
  EXPECT_EQ(c.overlap({{2, 5}}), SeqCover::Overlap::All);
  EXPECT_EQ(c.overlap({{1, 1}, {7, 7}}), SeqCover::Overlap::All);
  EXPECT_EQ(c.overlap({{5, 6}}), SeqCover::Overlap::Some);
  EXPECT_EQ(c.overlap({{6, 6}, {8, 20}}), SeqCover::Overlap::None);
  EXPECT_EQ(c.overlap({}), SeqCover::Overlap::None);
  c.add({{6, 6}});  // fills the gap: 1-7
  EXPECT_EQ(c.ranges(), 1u);
  EXPECT_EQ(c.overlap({{1, 7}}), SeqCover::Overlap::All);
}

// Deterministic ids: the same events of a window give the same id.
TEST(ScaleoutWire, PartialIdsAreDeterministic) {
  PartialHeader h{"w1", 42, 2, "0123456789abcdef", "", {{10, 12}, {20, 20}}};
  EXPECT_EQ(partial_id(h, false), partial_id(h, false));
  EXPECT_EQ(partial_id(h, false).rfind("w1:42:10-20:4:", 0), 0u) << partial_id(h, false);
  PartialHeader other = h;
  other.worker = "w2";
  EXPECT_EQ(partial_id(h, true), partial_id(other, true)) << "redelivered events: whichever worker sends them";
  other.seqs = {{10, 10}, {12, 12}, {19, 20}};  // same bounds and size, other events
  EXPECT_NE(partial_id(h, true), partial_id(other, true));
}

// Several events per message (event_batch.h): a message straddling a window
// end whose first worker published the early window and died; the copies
// of those events come back in a partial of their own and must be dropped,
// while the later window's events must still be merged.
TEST(ScaleoutWire, EventSpansOfBatchedMessagesCountOnce) {
  auto spans = [](std::vector<std::array<uint32_t, 3>> events) {  // {seq, index, events in message}
    SeqRanges r;
    for (auto [seq, i, n] : events) r.push_back(event_span(seq, i, n));
    return span_ranges(std::move(r));
  };
  // Whole messages 5 and 6 (3 events each) in a row make one range.
  SeqRanges whole = spans({{5, 0, 3}, {5, 1, 3}, {5, 2, 3}, {6, 0, 3}, {6, 1, 3}, {6, 2, 3}});
  ASSERT_EQ(whole.size(), 1u) << format_seq_ranges(whole);
  EXPECT_EQ(whole[0].first, event_number(5, 0));
  EXPECT_EQ(whole[0].second, event_number(7, 0) - 1);
  // A first delivery: window 1 got messages 5-6 and event 0-1 of message 7
  // (4 events); window 2 got event 2-3 of message 7 and message 8.
  SeqCover w1, w2;
  w1.add(span_ranges({whole[0], event_span(7, 0, 4), event_span(7, 1, 4)}));
  // Redelivered message 7: its window-1 copies are all counted already ...
  EXPECT_EQ(w1.overlap(spans({{7, 0, 4}, {7, 1, 4}})), SeqCover::Overlap::All);
  EXPECT_EQ(w1.overlap(spans({{7, 1, 4}})), SeqCover::Overlap::All);
  // ... and its window-2 events were counted nowhere.
  EXPECT_EQ(w2.overlap(spans({{7, 2, 4}, {7, 3, 4}})), SeqCover::Overlap::None);
  w2.add(spans({{7, 2, 4}, {7, 3, 4}, {8, 0, 1}}));
  // The extra numbers a last event claims are claimed by its copies too.
  EXPECT_EQ(w2.overlap(spans({{7, 3, 4}})), SeqCover::Overlap::All);
  EXPECT_EQ(w2.overlap(spans({{8, 0, 1}})), SeqCover::Overlap::All);
  EXPECT_EQ(w1.overlap(spans({{7, 1, 4}, {7, 2, 4}})), SeqCover::Overlap::Some);
  EXPECT_EQ(w2.ranges(), 1u);
  // Distinct events never share a number, whatever the message sizes.
  EXPECT_EQ(w1.overlap(spans({{7, 2, 4}})), SeqCover::Overlap::None);
  EXPECT_EQ(w1.overlap(spans({{4, 0, 1}})), SeqCover::Overlap::None);
}

TEST(ScaleoutWire, MergerRecordRoundTrip) {
  EmitRecord r{1755129610, 812, 40213, 2};
  EmitRecord back;
  std::string err;
  ASSERT_TRUE(parse_record(encode_record(r), &back, &err)) << err;
  EXPECT_EQ(back.windows_through, 1755129610);
  EXPECT_EQ(back.rows_through, 812u);
  EXPECT_EQ(back.output_bytes, 40213);
  EXPECT_EQ(back.span, 2);
  EmitRecord fresh;  // nothing emitted yet, standard output
  fresh.span = 0.5;
  ASSERT_TRUE(parse_record(encode_record(fresh), &back, &err)) << encode_record(fresh) << ": " << err;
  EXPECT_EQ(back.output_bytes, -1);
  EXPECT_EQ(record_subject("s", "0123456789abcdef"), "s.out.emitted.0123456789abcdef");
  for (std::string bad : {"", "RJE1 1 2 3", "RJE1 x 2 3 2", "RJE1 1 2 -2 2", "RJE1 1 2 3 0", "RJE2 1 2 3 2"})
    EXPECT_FALSE(parse_record(bad, &back, &err)) << bad;
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
