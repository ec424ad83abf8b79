// Pins stats function semantics (spl-semantics.md §3.1) and the choices in
// runtime/agg/agg_policy.h.
#include "runtime/agg/group_table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace rulejit::rt {
namespace {

using ir::AggFunc;

Value run(AggFunc f, const std::vector<Value>& vals, double param = 0) {
  Accumulator a(f, param);
  uint64_t seq = 0;
  for (const auto& v : vals) a.add(v, static_cast<double>(seq), seq), ++seq;
  return a.result();
}

std::vector<Value> nums(std::initializer_list<const char*> xs) {
  std::vector<Value> out;
  for (auto x : xs) out.push_back(Value::string(x));
  return out;
}

TEST(Accumulator, ValuesAreLexicographicAndDistinct) {
  EXPECT_EQ(run(AggFunc::Values, nums({"2", "9", "10", "2"})), Value::make_multi({"10", "2", "9"}));
}

TEST(Accumulator, MultivalueInputContributesEachValue) {
  EXPECT_EQ(run(AggFunc::Values, {Value::make_multi({"b", "a"}), Value::string("c")}),
            Value::make_multi({"a", "b", "c"}));
  EXPECT_EQ(run(AggFunc::DistinctCount, {Value::make_multi({"b", "a"}), Value::string("a")}), Value::number(2));
  // count(f) counts each value of a multivalue field (agg_policy kCountEachValue).
  EXPECT_EQ(run(AggFunc::CountField, {Value::make_multi({"b", "a"}), Value(), Value::string("a")}), Value::number(3));
}

TEST(Accumulator, MinMaxNumericWhenNumeric) {
  EXPECT_EQ(run(AggFunc::Max, nums({"2", "10", "9"})), Value::number(10));
  EXPECT_EQ(run(AggFunc::Min, nums({"2", "10", "9"})), Value::number(2));
  // Mixed: numbers rank below strings.
  EXPECT_EQ(run(AggFunc::Max, nums({"2", "abc", "10"})), Value::string("abc"));
  EXPECT_EQ(run(AggFunc::Min, nums({"2", "abc", "10"})), Value::number(2));
  // Strings only: bytewise, uppercase before lowercase.
  EXPECT_EQ(run(AggFunc::Min, nums({"b", "B", "a"})), Value::string("B"));
}

TEST(Accumulator, SumAvgIgnoreNonNumeric) {
  EXPECT_EQ(run(AggFunc::Sum, nums({"2", "x", "9"})), Value::number(11));
  EXPECT_EQ(run(AggFunc::Avg, nums({"2", "x", "4"})), Value::number(3));
  EXPECT_TRUE(run(AggFunc::Avg, nums({"x"})).is_null());
}

TEST(Accumulator, PercentilesMatchSplunkDocExamples) {
  std::vector<Value> one_to_ten;
  for (int i = 1; i <= 10; ++i) one_to_ten.push_back(Value::string(std::to_string(i)));
  EXPECT_EQ(run(AggFunc::Perc, one_to_ten, 50), Value::number(5.5));
  EXPECT_NEAR(run(AggFunc::Perc, one_to_ten, 95).as_number(), 9.55, 1e-9);
  // median takes the higher middle value for an even count.
  EXPECT_EQ(run(AggFunc::Median, one_to_ten), Value::number(6));
}

TEST(Accumulator, StdevSampleAndPopulation) {
  auto v = nums({"2", "4", "4", "4", "5", "5", "7", "9"});
  EXPECT_NEAR(run(AggFunc::Stdevp, v).as_number(), 2.0, 1e-12);
  EXPECT_NEAR(run(AggFunc::Stdev, v).as_number(), 2.138089935, 1e-6);
  EXPECT_TRUE(run(AggFunc::Stdev, nums({"3"})).is_null());
}

TEST(Accumulator, EarliestLatestFirstLastUseTime) {
  Accumulator earliest(AggFunc::Earliest, 0), latest(AggFunc::Latest, 0), first(AggFunc::First, 0),
      last(AggFunc::Last, 0);
  // arrival order is not time order
  std::vector<std::pair<const char*, double>> ev = {{"b", 20}, {"a", 10}, {"c", 30}, {"d", 15}};
  uint64_t seq = 0;
  for (auto [v, t] : ev) {
    ++seq;
    for (auto* acc : {&earliest, &latest, &first, &last}) acc->add(Value::string(v), t, seq);
  }
  EXPECT_EQ(earliest.result(), Value::string("a"));
  EXPECT_EQ(latest.result(), Value::string("c"));
  // Splunk sees events newest-first: first() is the most recent value.
  EXPECT_EQ(first.result(), Value::string("c"));
  EXPECT_EQ(last.result(), Value::string("a"));
}

TEST(Accumulator, ListKeepsOrderAndCapsAt100) {
  std::vector<Value> v;
  for (int i = 0; i < 150; ++i) v.push_back(Value::string(std::to_string(i)));
  auto r = run(AggFunc::List, v);
  ASSERT_TRUE(r.is_multi());
  EXPECT_EQ(r.as_multi().size(), 100u);
  EXPECT_EQ(r.as_multi()[0], "0");
  EXPECT_EQ(run(AggFunc::List, nums({"b", "a", "b"})), Value::make_multi({"b", "a", "b"}));
}

TEST(GroupTable, DocExampleDropsNullByField) {
  // events {user:a,n:2} {user:b,n:10} {user:a,n:9} {n:1}
  // | stats count sum(n) values(n) max(n) by user
  GroupTable t({{AggFunc::Count, 0, false}, {AggFunc::Sum, 0, true}, {AggFunc::Values, 0, true},
                {AggFunc::Max, 0, true}},
               1);
  t.add({Value::string("a")}, {Value(), Value::string("2"), Value::string("2"), Value::string("2")}, 1, 1);
  t.add({Value::string("b")}, {Value(), Value::string("10"), Value::string("10"), Value::string("10")}, 2, 2);
  t.add({Value::string("a")}, {Value(), Value::string("9"), Value::string("9"), Value::string("9")}, 3, 3);
  t.add({Value()}, {Value(), Value::string("1"), Value::string("1"), Value::string("1")}, 4, 4);
  auto rows = t.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].keys, std::vector<std::string>{"a"});
  EXPECT_EQ(rows[0].values[0], Value::number(2));
  EXPECT_EQ(rows[0].values[1], Value::number(11));
  EXPECT_EQ(rows[0].values[2], Value::make_multi({"2", "9"}));
  EXPECT_EQ(rows[0].values[3], Value::number(9));
  EXPECT_EQ(rows[1].keys, std::vector<std::string>{"b"});
  EXPECT_EQ(rows[1].values[1], Value::number(10));
}

TEST(GroupTable, ManyGroupsAndKeysWithSeparatorBytesStayDistinct) {
  // Thousands of groups (the index grows many times) through the pointer
  // path the engines use; key texts that a separator-joined key would
  // confuse ("a\x1fb"+"c" vs "a"+"b\x1fc", embedded NULs) stay apart.
  GroupTable t({{AggFunc::Count, 0, false}, {AggFunc::Sum, 0, true}}, 2);
  auto add = [&](const std::string& k1, const std::string& k2, double n) {
    Value a = Value::string(k1), b = Value::string(k2), none, v = Value::number(n);
    t.add(std::vector<const Value*>{&a, &b}, std::vector<const Value*>{&none, &v}, 0, 0);
  };
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 5000; ++i) add("k" + std::to_string(i % 100), std::to_string(i), i);
  add("a\x1f" "b", "c", 1);
  add("a", "b\x1f" "c", 2);
  add(std::string("x\0", 2), "", 3);
  add("x", std::string("\0", 1), 4);
  EXPECT_EQ(t.group_count(), 5004u);
  const Accumulator* accs = t.find({"k7", "4207"});
  ASSERT_NE(accs, nullptr);
  EXPECT_EQ(accs[0].result(), Value::number(2));
  EXPECT_EQ(accs[1].result(), Value::number(2 * 4207));
  EXPECT_EQ(t.find({"k7", "4208"}), nullptr);
  ASSERT_NE(t.find({"a", "b\x1f" "c"}), nullptr);
  EXPECT_EQ(t.find({"a", "b\x1f" "c"})[1].result(), Value::number(2));
  auto rows = t.take_rows();
  ASSERT_EQ(rows.size(), 5004u);
  EXPECT_EQ(t.group_count(), 0u);
  // Sorted: "a" < "a\x1fb" < "k0" ...; numbers first within a key.
  EXPECT_EQ(rows[0].keys, (std::vector<std::string>{"a", "b\x1f" "c"}));
  EXPECT_EQ(rows[1].keys, (std::vector<std::string>{"a\x1f" "b", "c"}));
  EXPECT_EQ(rows[2].keys, (std::vector<std::string>{"k0", "0"}));
  EXPECT_EQ(rows[3].keys, (std::vector<std::string>{"k0", "100"}));
  EXPECT_EQ(rows[2].values[0], Value::number(2));
}

TEST(GroupTable, MultivalueKeyFansOut) {
  GroupTable t({{AggFunc::Count, 0, false}}, 1);
  t.add({Value::make_multi({"x", "y", "x"})}, {Value()}, 0, 0);
  auto rows = t.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].values[0], Value::number(2));  // repeated value counts repeatedly
  EXPECT_EQ(rows[1].values[0], Value::number(1));
  GroupTable d({{AggFunc::Count, 0, false}}, 1, std::nullopt, /*dedup_splitvals=*/true);
  d.add({Value::make_multi({"x", "y", "x"})}, {Value()}, 0, 0);
  EXPECT_EQ(d.rows()[0].values[0], Value::number(1));
}

TEST(GroupTable, FillnullKeepsRowsWithNullKeys) {
  GroupTable t({{AggFunc::Count, 0, false}}, 2, std::string("null"));
  t.add({Value::string("h"), Value()}, {Value()}, 0, 0);
  auto rows = t.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].keys, (std::vector<std::string>{"h", "null"}));
}

TEST(GroupTable, NoByFieldsGivesOneRowEvenWhenEmpty) {
  GroupTable t({{AggFunc::Count, 0, false}, {AggFunc::Max, 0, true}}, 0);
  auto rows = t.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].values[0], Value::number(0));
  EXPECT_TRUE(rows[0].values[1].is_null());
}

TEST(GroupTable, OutputSortedNumbersFirstThenStrings) {
  GroupTable t({{AggFunc::Count, 0, false}}, 1);
  for (const char* k : {"b", "10", "9", "A", "a"}) t.add({Value::string(k)}, {Value()}, 0, 0);
  std::vector<std::string> order;
  for (auto& r : t.rows()) order.push_back(r.keys[0]);
  EXPECT_EQ(order, (std::vector<std::string>{"9", "10", "A", "a", "b"}));
}

TEST(GroupTable, CountOnlyTablesKeepCountsNotAccumulators) {
  // `stats count by k` (and `count as a count as b`) stores one counter per
  // group; results, find() and eventstats-style lookups are as with full
  // accumulators, in less memory.
  GroupTable counts({{AggFunc::Count, 0, false}, {AggFunc::Count, 0, false}}, 1);
  GroupTable mixed({{AggFunc::Count, 0, false}, {AggFunc::Max, 0, true}}, 1);
  for (int i = 0; i < 3000; ++i) {
    const Value k = Value::string("k" + std::to_string(i % 1000)), none, n = Value::number(i);
    counts.add(std::vector<const Value*>{&k}, std::vector<const Value*>{&none, &none}, 0, 0);
    mixed.add(std::vector<const Value*>{&k}, std::vector<const Value*>{&none, &n}, 0, 0);
  }
  EXPECT_LT(counts.memory_bytes(), mixed.memory_bytes());
  const Accumulator* a = counts.find({"k7"});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a[0].result(), Value::number(3));
  EXPECT_EQ(a[1].result(), Value::number(3));
  EXPECT_EQ(counts.find({"k1000"}), nullptr);
  auto cr = counts.rows(), mr = mixed.rows();
  ASSERT_EQ(cr.size(), 1000u);
  ASSERT_EQ(cr.size(), mr.size());
  for (size_t i = 0; i < cr.size(); ++i) {
    EXPECT_EQ(cr[i].keys, mr[i].keys);
    EXPECT_EQ(cr[i].values[0], mr[i].values[0]);
    EXPECT_EQ(cr[i].values[1], mr[i].values[0]);
  }
  counts.clear();
  EXPECT_EQ(counts.group_count(), 0u);
  const Value k = Value::string("again"), none;
  counts.add(std::vector<const Value*>{&k}, std::vector<const Value*>{&none, &none}, 0, 0);
  EXPECT_EQ(counts.rows().at(0).values[0], Value::number(1));
}

TEST(GroupTable, GroupingIsCaseSensitive) {
  GroupTable t({{AggFunc::Count, 0, false}}, 1);
  t.add({Value::string("Admin")}, {Value()}, 0, 0);
  t.add({Value::string("admin")}, {Value()}, 0, 0);
  EXPECT_EQ(t.rows().size(), 2u);
}

}  // namespace
}  // namespace rulejit::rt

namespace rulejit::rt {
namespace {

// The byte encoding used to sort groups orders pairs of key lists exactly
// like compare_sort_text applied field by field (numbers first, numerically;
// equal numbers by text; strings bytewise; prefixes first; NUL bytes kept).
TEST(GroupTable, SortKeyEncodingAgreesWithTheComparison) {
  const std::vector<std::string> atoms = {"",   "0",    "-0",  "00",   "1",    "1.0", "1e3", "-2.5", " 7",  "10",
                                          "9",  "abc",  "ab",  "abd",  "B",    "a",   "nan", "inf",  "-1e308", "1e-308",
                                          std::string("a\0b", 3), std::string("a\0", 2), std::string("\0", 1), "\xff", "z z"};
  auto cmp_fields = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (size_t i = 0; i < a.size(); ++i)
      if (int c = compare_sort_text(a[i], b[i])) return c;
    return 0;
  };
  auto encode = [](const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) append_sort_key(out, k);
    return out;
  };
  auto sign = [](int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); };
  for (const auto& a1 : atoms)
    for (const auto& a2 : atoms)
      for (const auto& b1 : atoms)
        for (const auto& b2 : {atoms[0], atoms[4], atoms[11], atoms[20]}) {
          std::vector<std::string> a = {a1, a2}, b = {b1, b2};
          ASSERT_EQ(sign(encode(a).compare(encode(b))), cmp_fields(a, b))
              << ::testing::PrintToString(a) << " vs " << ::testing::PrintToString(b);
        }
}

TEST(GroupTable, AddCountByKeyTextsEqualsAddByValues) {
  // The JIT's path for `stats count by ...` (texts, no Values) fills the
  // same groups as the Value path; tables with other aggregations refuse it.
  GroupTable by_text({{AggFunc::Count, 0, false}}, 2);
  GroupTable by_value({{AggFunc::Count, 0, false}}, 2);
  GroupTable mixed({{AggFunc::Count, 0, false}, {AggFunc::Max, 0, true}}, 2);
  GroupTable dedup({{AggFunc::Count, 0, false}}, 2, std::nullopt, true);
  for (int i = 0; i < 50; ++i) {
    const std::string a = "a" + std::to_string(i % 7), b = i % 2 ? "" : "b";
    const std::string_view texts[] = {a, b};
    EXPECT_TRUE(by_text.add_count(texts));
    const Value va = Value::string(a), vb = Value::string(b), none;
    by_value.add(std::vector<const Value*>{&va, &vb}, std::vector<const Value*>{&none}, 0, 0);
  }
  const std::string_view one[] = {"x", "y"};
  const std::string_view too_few[] = {"x"};
  EXPECT_FALSE(mixed.add_count(one));
  EXPECT_FALSE(dedup.add_count(one));
  EXPECT_FALSE(by_text.add_count(too_few));
  EXPECT_EQ(mixed.group_count(), 0u);
  auto t = by_text.rows(), v = by_value.rows();
  ASSERT_EQ(t.size(), 14u);
  ASSERT_EQ(t.size(), v.size());
  for (size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(t[i].keys, v[i].keys);
    EXPECT_EQ(t[i].values, v[i].values);
  }
}

TEST(GroupTable, AddTextsWithSharedHashesEqualsAddByValues) {
  // The JIT's path for rules that aggregate every event: key texts with
  // hashes computed once for several tables. The same table fed by
  // add_texts, add (Values), add_count and find sees the same groups,
  // whichever path added a group first; merge and find agree with it.
  const std::vector<AggDef> aggs = {{AggFunc::Count, 0, false}, {AggFunc::Min, 0, true}, {AggFunc::Max, 0, true}};
  GroupTable by_text(aggs, 3), by_value(aggs, 3), mixed(aggs, 3);
  for (int i = 0; i < 300; ++i) {
    // Texts with separator-like bytes and prefixes of each other.
    const std::string a = "a" + std::to_string(i % 11), b = i % 3 ? std::string("b\0x", 3) : std::string(),
                      c = std::string(static_cast<size_t>(i % 5), 'c');
    const std::string_view texts[] = {a, b, c};
    const uint64_t hashes[] = {GroupTable::text_hash(a), GroupTable::text_hash(b), GroupTable::text_hash(c)};
    const Value va = Value::string(a), vb = Value::string(b), vc = Value::string(c), none,
                t = Value::number(i * 0.5 - 7);
    const std::vector<const Value*> inputs = {&none, &t, &t};
    by_text.add_texts(texts, hashes, inputs, 0, static_cast<uint64_t>(i));
    by_value.add(std::vector<const Value*>{&va, &vb, &vc}, inputs, 0, static_cast<uint64_t>(i));
    if (i % 2) mixed.add_texts(texts, hashes, inputs, 0, static_cast<uint64_t>(i));
    else mixed.add(std::vector<const Value*>{&va, &vb, &vc}, inputs, 0, static_cast<uint64_t>(i));
  }
  const auto v = by_value.rows();
  ASSERT_EQ(v.size(), by_text.group_count());
  for (const GroupTable* g : {&by_text, &mixed}) {
    const auto t = g->rows();
    ASSERT_EQ(t.size(), v.size());
    for (size_t i = 0; i < t.size(); ++i) {
      EXPECT_EQ(t[i].keys, v[i].keys);
      EXPECT_EQ(t[i].values, v[i].values);
    }
  }
  EXPECT_NE(by_text.find({"a1", std::string("b\0x", 3), "c"}), nullptr);
  EXPECT_EQ(by_text.find({"a1", std::string("b\0x", 3), "ccccc"}), nullptr);
  GroupTable twice(aggs, 3);
  ASSERT_TRUE(twice.merge(std::move(by_text)));
  ASSERT_TRUE(twice.merge(std::move(mixed)));
  EXPECT_EQ(twice.group_count(), v.size());  // the same groups: the hashes agree
}

TEST(Accumulator, NumbersCountAsTheirTextWould) {
  // A number goes into min/max/sum/avg/... directly, without its text: the
  // results equal those of the same values given as text (-0 as "0").
  const std::vector<double> xs = {3, -0.0, 0.1, 1e21, -2.5, 1.0 / 3, 9007199254740993.0, 1e-7};
  for (AggFunc f : {AggFunc::Min, AggFunc::Max, AggFunc::Sum, AggFunc::Avg, AggFunc::Range, AggFunc::Stdev,
                    AggFunc::Median, AggFunc::Perc, AggFunc::Values, AggFunc::Mode, AggFunc::DistinctCount}) {
    std::vector<Value> as_numbers, as_texts;
    for (double x : xs) {
      as_numbers.push_back(Value::number(x));
      as_texts.push_back(Value::string(format_number(x)));
    }
    EXPECT_EQ(run(f, as_numbers, 50), run(f, as_texts, 50)) << agg_func_name(f);
  }
  // Not finite: the text path ("inf" is no number for SPL; min/max keep it as a string).
  EXPECT_EQ(run(AggFunc::Max, {Value::number(1), Value::number(INFINITY)}), run(AggFunc::Max, nums({"1", "inf"})));
  EXPECT_EQ(run(AggFunc::Sum, {Value::number(1), Value::number(NAN)}), Value::number(1));
}

}  // namespace
}  // namespace rulejit::rt
