// scaleout/event_batch.h: how `rulejit publish` packs NDJSON lines into
// messages (cut points, message ids), how a worker splits a message back
// into events, event numbers in stream order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scaleout/event_batch.h"

namespace rulejit::scaleout {
namespace {

TEST(ScaleoutEventBatch, SplitSkipsBlankLinesAndTrailingNewline) {
  std::vector<std::string_view> ev;
  split_events("{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}\n", &ev);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0], "{\"a\":1}");
  EXPECT_EQ(ev[1], "{\"b\":2}\r");  // the line reader strips "\r\n"; the JSON reader takes the \r as space
  EXPECT_EQ(ev[2], "{\"c\":3}");
  split_events("{\"only\":1}", &ev);  // a message of one line, as publishers wrote before batching
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0], "{\"only\":1}");
  split_events("", &ev);
  EXPECT_TRUE(ev.empty());
}

struct Sent {
  std::string body, id;
};

std::vector<Sent> batch_lines(EventBatcher& b, const std::vector<std::pair<std::string, std::string>>& lines) {
  std::vector<Sent> out;
  uint64_t n = 0;
  for (const auto& [file, text] : lines) {
    ++n;
    if (b.full_before(text, file)) {
      out.emplace_back();
      b.take(&out.back().body, &out.back().id);
    }
    b.add(text, file, n);
  }
  if (!b.empty()) {
    out.emplace_back();
    b.take(&out.back().body, &out.back().id);
  }
  return out;
}

TEST(ScaleoutEventBatch, CutsByCountBytesAndInputWithStableIds) {
  EventBatcher b(3, 1000);
  auto sent = batch_lines(b, {{"a.json", "1"}, {"a.json", "2"}, {"a.json", "3"}, {"a.json", "4"}, {"b.json", "5"}});
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].body, "1\n2\n3");
  EXPECT_EQ(sent[0].id, "a.json:1-3");
  EXPECT_EQ(sent[1].body, "4");
  EXPECT_EQ(sent[1].id, "a.json:4");  // one line: the id of one-line-per-message publishing
  EXPECT_EQ(sent[2].body, "5");
  EXPECT_EQ(sent[2].id, "b.json:5");  // line numbers as given (LineSource's are per input)
  // Bytes: "xxxx\nyyyy" is 9 bytes; a third line would pass 12.
  EventBatcher small(100, 12);
  sent = batch_lines(small, {{"f", "xxxx"}, {"f", "yyyy"}, {"f", "zzzz"}, {"f", std::string(50, 'l')}});
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].body, "xxxx\nyyyy");
  EXPECT_EQ(sent[1].body, "zzzz");
  EXPECT_EQ(sent[2].body, std::string(50, 'l'));  // a longer line goes alone
  // Splitting a batch gives its lines back.
  std::vector<std::string_view> ev;
  split_events("xxxx\nyyyy", &ev);
  EXPECT_EQ(ev, (std::vector<std::string_view>{"xxxx", "yyyy"}));
}

TEST(ScaleoutEventBatch, EventNumbersFollowStreamOrder) {
  EXPECT_LT(event_number(7, kMaxEventsPerMessage - 1), event_number(8, 0));
  EXPECT_LT(event_number(8, 0), event_number(8, 1));
  EXPECT_EQ(event_number(1, 0), uint64_t{1} << kEventIndexBits);
}

}  // namespace
}  // namespace rulejit::scaleout
