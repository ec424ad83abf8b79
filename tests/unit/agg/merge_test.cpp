// Merging aggregation state (Accumulator::merge, GroupTable::merge) and
// exact sums (ExactSum): a stream split into shards in any way, each shard
// aggregated on its own and the shards merged in any order, must give
// exactly (==, bit for bit) the result of one aggregation over the whole
// stream, when sequence numbers are the events' global arrival numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "runtime/agg/agg_policy.h"
#include "runtime/agg/byte_codec.h"
#include "runtime/agg/exact_sum.h"
#include "runtime/agg/group_table.h"

namespace rulejit::rt {
namespace {

using ir::AggFunc;

TEST(ExactSum, IsCorrectlyRoundedAndOrderFree) {
  ExactSum tenth;
  for (int i = 0; i < 10; ++i) tenth.add(0.1);
  EXPECT_EQ(tenth.value(), 1.0);  // the naive loop gives 0.9999999999999999
  ExactSum cancel;
  for (double x : {1.0, 1e100, 1.0, -1e100}) cancel.add(x);
  EXPECT_EQ(cancel.value(), 2.0);
  ExactSum big;
  for (double x : {1e16, 1.0, -1e16, 0.5}) big.add(x);
  EXPECT_EQ(big.value(), 1.5);
  // Round half to even across partials: 2^53 + 1 + tiny rounds up.
  ExactSum half;
  for (double x : {9007199254740992.0, 1.0, 1e-30}) half.add(x);
  EXPECT_EQ(half.value(), 9007199254740994.0);

  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mant(-1, 1);
  std::uniform_int_distribution<int> expo(-60, 60);
  std::vector<double> xs;
  for (int i = 0; i < 2000; ++i) xs.push_back(std::ldexp(mant(rng), expo(rng)));
  ExactSum ref;
  for (double x : xs) ref.add(x);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(xs.begin(), xs.end(), rng);
    ExactSum a, b;
    const size_t cut = rng() % xs.size();
    for (size_t i = 0; i < xs.size(); ++i) (i < cut ? a : b).add(xs[i]);
    b.add(a);
    EXPECT_EQ(b.value(), ref.value());
  }
}

TEST(ExactSum, NonFiniteTermsGoAside) {
  ExactSum s;
  s.add(1);
  s.add(INFINITY);
  EXPECT_EQ(s.value(), INFINITY);
  s.add(-INFINITY);
  EXPECT_TRUE(std::isnan(s.value()));
}

// One event of a random stream: its input, _time (with ties) and global seq.
struct Ev {
  Value v;
  double time;
  uint64_t seq;
};

Value random_value(std::mt19937_64& rng) {
  static const char* const kTexts[] = {"0.1", "0.2", "0.3", "1e16", "-1e16", "3", "-2.5", "7", "123456789.125",
                                       "1e-7", "abc", "Abc", "zz", "10", "9", "-0.1", "4.4"};
  const size_t n = sizeof kTexts / sizeof kTexts[0];
  switch (rng() % 8) {
    case 0: return Value();
    case 1: return Value::number(static_cast<double>(static_cast<int64_t>(rng() % 2001) - 1000) / 10.0);
    case 2: return Value::make_multi({kTexts[rng() % n], kTexts[rng() % n], kTexts[rng() % n]});
    default: return Value::string(kTexts[rng() % n]);
  }
}

std::vector<Ev> random_stream(std::mt19937_64& rng, size_t n) {
  std::vector<Ev> evs;
  for (size_t i = 0; i < n; ++i) evs.push_back({random_value(rng), static_cast<double>(rng() % 20), i});
  return evs;
}

// Shards: K of them, events assigned either in contiguous runs or at random.
std::vector<std::vector<Ev>> split(const std::vector<Ev>& evs, size_t k, bool contiguous, std::mt19937_64& rng) {
  std::vector<std::vector<Ev>> shards(k);
  std::vector<size_t> cuts;
  for (size_t i = 0; i + 1 < k; ++i) cuts.push_back(rng() % (evs.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  for (size_t i = 0; i < evs.size(); ++i) {
    size_t s = contiguous ? static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), i) - cuts.begin())
                          : rng() % k;
    shards[s].push_back(evs[i]);
  }
  return shards;
}

const AggFunc kAllFuncs[] = {
    AggFunc::Count, AggFunc::CountField, AggFunc::DistinctCount, AggFunc::Values, AggFunc::List,
    AggFunc::Min, AggFunc::Max, AggFunc::Sum, AggFunc::Sumsq, AggFunc::Avg, AggFunc::Earliest,
    AggFunc::Latest, AggFunc::EarliestTime, AggFunc::LatestTime, AggFunc::First, AggFunc::Last,
    AggFunc::Range, AggFunc::Stdev, AggFunc::Stdevp, AggFunc::Var, AggFunc::Varp, AggFunc::Median,
    AggFunc::Mode, AggFunc::Perc, AggFunc::ExactPerc, AggFunc::UpperPerc, AggFunc::Estdc, AggFunc::Sparkline,
};

TEST(AccumulatorMerge, EveryFunctionMergesExactlyInAnySplitAndOrder) {
  static_assert(sizeof kAllFuncs / sizeof kAllFuncs[0] == static_cast<size_t>(AggFunc::Sparkline) + 1);
  std::mt19937_64 rng(12345);
  for (AggFunc f : kAllFuncs) {
    const double param = (f == AggFunc::Perc || f == AggFunc::ExactPerc || f == AggFunc::UpperPerc) ? 90 : 0;
    for (int trial = 0; trial < 30; ++trial) {
      // Long enough for list's cap to matter.
      auto evs = random_stream(rng, trial % 3 == 0 ? 300 : 1 + rng() % 60);
      Accumulator whole(f, param);
      for (const auto& e : evs) whole.add(e.v, e.time, e.seq);
      const size_t k = 1 + rng() % 6;
      auto shards = split(evs, k, trial % 2 == 0, rng);
      std::vector<Accumulator> parts;
      for (auto& shard : shards) {
        // Within a shard, events may even come out of order.
        if (trial % 5 == 4) std::shuffle(shard.begin(), shard.end(), rng);
        parts.emplace_back(f, param);
        for (const auto& e : shard) parts.back().add(e.v, e.time, e.seq);
      }
      std::vector<size_t> order(parts.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), rng);
      for (size_t i = 1; i < order.size(); ++i) ASSERT_TRUE(parts[order[0]].merge(parts[order[i]]));
      EXPECT_EQ(parts[order[0]].result(), whole.result())
          << ir::agg_func_name(f) << " trial " << trial << ": " << parts[order[0]].result().debug() << " vs "
          << whole.result().debug();
    }
  }
}

TEST(AccumulatorMerge, RefusesAnotherFunctionOrParameter) {
  Accumulator a(AggFunc::Perc, 90), b(AggFunc::Perc, 50), c(AggFunc::Sum, 0);
  b.add(Value::number(1), 0, 0);
  EXPECT_FALSE(a.merge(b));
  EXPECT_FALSE(a.merge(c));
  EXPECT_FALSE(a.merge(a));
  EXPECT_TRUE(a.result().is_null());
}

TEST(AccumulatorMerge, ListKeepsTheFirstArrivalsAcrossShards) {
  Accumulator a(AggFunc::List, 0), b(AggFunc::List, 0);
  // Shard b holds the early events, a the late ones (more than the cap).
  for (uint64_t s = 0; s < agg_policy::kListMax; ++s) a.add(Value::string("late"), 0, 1000 + s);
  b.add(Value::make_multi({"e1", "e2"}), 0, 3);
  b.add(Value::string("e0"), 0, 1);
  ASSERT_TRUE(a.merge(b));
  auto texts = a.result().texts();
  ASSERT_EQ(texts.size(), agg_policy::kListMax);
  EXPECT_EQ(texts[0], "e0");
  EXPECT_EQ(texts[1], "e1");
  EXPECT_EQ(texts[2], "e2");
  EXPECT_EQ(texts[3], "late");
}

TEST(AccumulatorMerge, VarianceIsExactForIntegersAndDecimals) {
  auto run = [](AggFunc f, std::initializer_list<double> xs) {
    Accumulator a(f, 0);
    uint64_t s = 0;
    for (double x : xs) a.add(Value::number(x), 0, s++);
    return a.result().as_number();
  };
  EXPECT_EQ(run(AggFunc::Var, {2, 4, 4, 4, 5, 5, 7, 9}), 32.0 / 7);
  EXPECT_EQ(run(AggFunc::Stdev, {2, 4, 4, 4, 5, 5, 7, 9}), std::sqrt(32.0 / 7));
  EXPECT_EQ(run(AggFunc::Varp, {2, 4, 4, 4, 5, 5, 7, 9}), 4.0);
  EXPECT_EQ(run(AggFunc::Var, {1, 2, 4}), 7.0 / 3);  // correctly rounded (Welford gave 2.333...332)
  EXPECT_EQ(run(AggFunc::Var, {1e16 + 2, 1e16 + 2, 1e16 + 2}), 0.0);
  EXPECT_EQ(run(AggFunc::Sum, {0.1, 0.2, 0.3}), 0.6);  // the naive sum is 0.6000000000000001
  EXPECT_EQ(run(AggFunc::Avg, {1e16, 1, -1e16, 1}), 0.5);
}

// A group table's rows over random events with random (multivalue, null)
// keys, for a table that needs accumulators and for a counts-only one.
TEST(GroupTableMerge, ShardedTablesMergeToTheWholeTable) {
  std::mt19937_64 rng(99);
  const std::vector<std::vector<AggDef>> defs = {
      {{AggFunc::Count, 0, false}, {AggFunc::Avg, 0, true}, {AggFunc::Values, 0, true}, {AggFunc::List, 0, true},
       {AggFunc::Latest, 0, true}, {AggFunc::Mode, 0, true}, {AggFunc::Stdev, 0, true}, {AggFunc::Perc, 75, true}},
      {{AggFunc::Count, 0, false}, {AggFunc::Count, 0, false}},
  };
  static const char* const kKeys[] = {"a", "b", "10", "9", "x y", ""};
  for (const auto& d : defs) {
    for (int trial = 0; trial < 20; ++trial) {
      struct GroupEv {
        std::vector<Value> keys, inputs;
        double time;
        uint64_t seq;
      };
      std::vector<GroupEv> evs;
      const size_t n = 1 + rng() % 400;
      for (size_t i = 0; i < n; ++i) {
        GroupEv e;
        for (int k = 0; k < 2; ++k) {
          switch (rng() % 6) {
            case 0: e.keys.push_back(rng() % 4 ? Value::make_multi({kKeys[rng() % 6], kKeys[rng() % 6]}) : Value()); break;
            default: e.keys.push_back(Value::string(kKeys[rng() % 6]));
          }
        }
        for (size_t a = 0; a < d.size(); ++a) e.inputs.push_back(random_value(rng));
        e.time = static_cast<double>(rng() % 10);
        e.seq = i;
        evs.push_back(std::move(e));
      }
      GroupTable whole(d, 2);
      for (const auto& e : evs) whole.add(e.keys, e.inputs, e.time, e.seq);
      const size_t k = 1 + rng() % 5;
      std::vector<GroupTable> parts;
      for (size_t i = 0; i < k; ++i) parts.emplace_back(d, 2);
      for (const auto& e : evs) {
        size_t s = trial % 2 ? rng() % k : std::min(k - 1, static_cast<size_t>(e.seq * k / n));
        parts[s].add(e.keys, e.inputs, e.time, e.seq);
      }
      // Some shards go through the binary form first.
      for (auto& p : parts) {
        if (rng() % 2) continue;
        ByteWriter w;
        p.encode(w);
        ByteReader r(w.bytes());
        auto back = GroupTable::decode(r);
        ASSERT_TRUE(back) << r.error();
        EXPECT_EQ(r.left(), 0u);
        p = std::move(*back);
      }
      std::shuffle(parts.begin(), parts.end(), rng);
      for (size_t i = 1; i < parts.size(); ++i) ASSERT_TRUE(parts[0].merge(std::move(parts[i])));
      auto got = parts[0].rows(), want = whole.rows();
      ASSERT_EQ(got.size(), want.size());
      for (size_t r = 0; r < got.size(); ++r) {
        EXPECT_EQ(got[r].keys, want[r].keys);
        EXPECT_EQ(got[r].values, want[r].values) << "row " << r;
      }
    }
  }
}

TEST(GroupTableMerge, RefusesAnotherDefinitionAndCountsStayCompact) {
  GroupTable counts({{AggFunc::Count, 0, false}}, 1), other({{AggFunc::Sum, 0, true}}, 1);
  other.add({Value::string("a")}, {Value::number(1)}, 0, 0);
  EXPECT_FALSE(counts.merge(std::move(other)));
  EXPECT_EQ(counts.group_count(), 0u);
  GroupTable more({{AggFunc::Count, 0, false}}, 1);
  const size_t empty_bytes = counts.memory_bytes();
  for (int i = 0; i < 1000; ++i) {
    const std::string key = std::to_string(i);
    std::string_view kt[] = {key};
    ASSERT_TRUE(more.add_count(kt));
    ASSERT_TRUE(counts.add_count(kt));
  }
  ASSERT_TRUE(counts.merge(std::move(more)));
  EXPECT_EQ(more.group_count(), 0u);
  EXPECT_EQ(counts.group_count(), 1000u);
  EXPECT_EQ(counts.find({"7"})->result(), Value::number(2));
  // Counts only: no accumulator per group (arena, index and 8-byte counts).
  EXPECT_LT(counts.memory_bytes() - empty_bytes, 1000u * 64);
}

TEST(AccumulatorCodec, EveryFieldSurvivesAndHostileBytesFail) {
  std::mt19937_64 rng(5);
  for (AggFunc f : kAllFuncs) {
    Accumulator a(f, 50);
    for (const auto& e : random_stream(rng, 150)) a.add(e.v, e.time, e.seq);
    ByteWriter w;
    a.encode(w);
    Accumulator b(f, 50);
    ByteReader r(w.bytes());
    ASSERT_TRUE(b.decode(r)) << ir::agg_func_name(f) << ": " << r.error();
    EXPECT_EQ(r.left(), 0u);
    EXPECT_EQ(b.result(), a.result()) << ir::agg_func_name(f);
    // Every truncation fails cleanly.
    for (size_t len = 0; len < w.bytes().size(); len += 1 + len / 16) {
      Accumulator c(f, 50);
      ByteReader t(std::string_view(w.bytes()).substr(0, len));
      EXPECT_FALSE(c.decode(t)) << ir::agg_func_name(f) << " " << len;
    }
  }
}

}  // namespace
}  // namespace rulejit::rt
