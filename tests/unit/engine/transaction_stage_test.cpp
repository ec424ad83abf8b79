// The transaction row stage on hand-built rows (what golden cases cannot
// show: _raw joining, multivalue keys, ties), and its IR round trip.
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/ir/serialize.h"
#include "engine_test_util.h"
#include "runtime/interp/transaction_stage.h"

namespace rulejit {
namespace {

using rt::Row;
using rt::Value;

// Slots: 0 _time, 1 _raw, 2 key, 3 other, 4 duration, 5 eventcount.
Row row(double t, Value key, std::string raw, Value other = Value()) {
  Row r;
  r.slots = {Value::number(t), Value::string(std::move(raw)), std::move(key), std::move(other), Value(), Value()};
  return r;
}

ir::TransactionStage stage() {
  ir::TransactionStage st;
  st.keys = {2};
  st.duration = 4;
  st.eventcount = 5;
  return st;
}

TEST(TransactionStage, RawIsMembersOldestFirstAndTimeIsTheOldest) {
  std::vector<Row> rows;
  rows.push_back(row(20, Value::string("k"), "second", Value::number(7)));
  rows.push_back(row(10, Value::string("k"), "first", Value::number(7)));
  rows.push_back(row(30, Value::string("k"), "third"));
  rt::run_transaction(stage(), rows, 0, 1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].slots[1].to_text(), "first\nsecond\nthird");
  EXPECT_EQ(rows[0].slots[0].to_text(), "10");
  EXPECT_TRUE(rows[0].slots[3].is_number());  // one distinct value keeps its value
  EXPECT_EQ(rows[0].slots[4].to_text(), "20");
  EXPECT_EQ(rows[0].slots[5].to_text(), "3");
}

TEST(TransactionStage, MultivalueKeysGroupByTheirWholeValueList) {
  std::vector<Row> rows;
  rows.push_back(row(1, Value::make_multi({"a", "b"}), "1"));
  rows.push_back(row(2, Value::make_multi({"a", "b"}), "2"));
  rows.push_back(row(3, Value::string("a"), "3"));
  rows.push_back(row(4, Value(), "4"));  // no key: dropped (policy)
  rt::run_transaction(stage(), rows, 0, 1);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].slots[2].to_text(), "a");  // newest first
  EXPECT_EQ(rows[0].slots[5].to_text(), "1");
  EXPECT_EQ(rows[1].slots[2].texts(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[1].slots[5].to_text(), "2");
}

TEST(TransactionStage, ExclusiveSpanWouldSplitSoThePolicyIsPinned) {
  // A gap of exactly maxpause joins (policy::kTransactionLimitsInclusive).
  auto st = stage();
  st.maxpause = 5;
  std::vector<Row> rows;
  rows.push_back(row(0, Value::string("k"), "a"));
  rows.push_back(row(5, Value::string("k"), "b"));
  rows.push_back(row(11, Value::string("k"), "c"));
  rt::run_transaction(st, rows, 0, 1);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].slots[5].to_text(), "1");
  EXPECT_EQ(rows[1].slots[5].to_text(), "2");
}

TEST(TransactionStage, SurvivesThePackArtifactRoundTrip) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rulejit-txn-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "t.yml") << "name: T\nid: t\nsearch: 'sourcetype=cisco:isovalent:processExec "
                                  "| transaction process_name maxpause=5m maxevents=4 | where eventcount>1'\n";
  auto pack = engine_test::pack_of({(dir / "t.yml").string()});
  fs::remove_all(dir);
  ASSERT_EQ(pack->rules.size(), 1u);
  std::string err;
  auto copy = ir::deserialize_pack(ir::serialize_pack(*pack), &err);
  ASSERT_TRUE(copy) << err;
  EXPECT_EQ(ir::print_plan(*copy->rules[0].plan), ir::print_plan(*pack->rules[0].plan));
  EXPECT_NE(ir::print_plan(*copy->rules[0].plan).find("maxpause=300 maxevents=4"), std::string::npos);
}

}  // namespace
}  // namespace rulejit
