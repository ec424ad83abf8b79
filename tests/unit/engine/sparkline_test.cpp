// Sparkline rendering (runtime/interp/sparkline.h): the default span and
// rows that share one time range.
#include <gtest/gtest.h>

#include "runtime/interp/sparkline.h"

namespace rulejit {
namespace {

TEST(Sparkline, DefaultSpanReproducesSplunksDocumentedTimechartSpans) {
  EXPECT_EQ(rt::sparkline_span(0, 0, 15 * 60), 10);
  EXPECT_EQ(rt::sparkline_span(0, 0, 60 * 60), 60);
  EXPECT_EQ(rt::sparkline_span(0, 0, 4 * 3600), 300);
  EXPECT_EQ(rt::sparkline_span(0, 0, 24 * 3600), 1800);
  EXPECT_EQ(rt::sparkline_span(0, 0, 7 * 86400), 86400);
  EXPECT_EQ(rt::sparkline_span(0, 0, 30 * 86400), 86400);
  EXPECT_EQ(rt::sparkline_span(0, 5, 5), 1);      // one instant: 1 s
  EXPECT_EQ(rt::sparkline_span(120, 0, 86400), 120);  // an explicit span wins
}

TEST(Sparkline, RowsShareTheRangeAndNegativeTimesFloor) {
  std::vector<ir::AggSpec> aggs(1);
  aggs[0].func = ir::AggFunc::Sparkline;
  aggs[0].param = 10;
  aggs[0].output = 0;
  std::vector<rt::Row> rows(2);
  rows[0].slots = {rt::Value::make_multi({"-5:2", "25:1"})};
  rows[1].slots = {rt::Value::string("9:4")};
  EXPECT_EQ(rt::render_sparklines(aggs, rows), 0u);
  // Buckets [-10,0) [0,10) [10,20) [20,30).
  EXPECT_EQ(rows[0].slots[0].texts(), (std::vector<std::string>{"##__SPARKLINE__##", "2", "0", "0", "1"}));
  EXPECT_EQ(rows[1].slots[0].texts(), (std::vector<std::string>{"##__SPARKLINE__##", "0", "4", "0", "0"}));
}

TEST(Sparkline, TooManyBucketsIsNullAndCounted) {
  std::vector<ir::AggSpec> aggs(1);
  aggs[0].func = ir::AggFunc::Sparkline;
  aggs[0].param = 1;
  aggs[0].output = 0;
  std::vector<rt::Row> rows(1);
  rows[0].slots = {rt::Value::make_multi({"0:1", "100000000:1"})};
  EXPECT_EQ(rt::render_sparklines(aggs, rows), 1u);
  EXPECT_TRUE(rows[0].slots[0].is_null());
}

}  // namespace
}  // namespace rulejit
