// scaleout/window_merger.h without NATS: the partial states of two "workers"
// merge into the rows of one engine over all events; a window waits for
// every worker's watermark (or its timeout); duplicates merge once; corrupt
// and foreign partials are rejected and change nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "runtime/stream/partial_state.h"
#include "scaleout/window_merger.h"

namespace rulejit::scaleout {
namespace {

const std::string kData = std::string(RULEJIT_SOURCE_DIR) + "/tests/unit/capi/data";
constexpr double T0 = 1700000040;  // windows of 60 s: [T0, T0+60) is window T0/60
constexpr double kSpan = 60;
const int64_t kW0 = static_cast<int64_t>(T0 / kSpan);

std::string event(double t, const std::string& user, const std::string& action) {
  return R"({"_time":")" + std::to_string(t) + R"(","user":")" + user + R"(","action":")" + action + R"("})";
}

struct Fixture : ::testing::Test {
  std::shared_ptr<ir::Pack> pack;
  rt::SinkEngineFactory maker;
  std::vector<std::string> lines;  // what the merger emitted

  void SetUp() override {
    PackSources s;
    s.rule_paths = {kData + "/rules/count_by_user.yml"};
    s.fieldmap_dirs = {kData + "/fieldmaps"};
    pack = build_pack(s).pack;
    ASSERT_EQ(pack->rules.size(), 1u);
    rt::EngineOptions eo;
    eo.now = T0;
    std::string err;
    maker = engine_maker("interp", pack, nullptr, eo, &err);
    ASSERT_TRUE(maker) << err;
  }

  WindowMerger merger(size_t workers, double timeout = 0) {
    return WindowMerger(
        pack, maker, [this](const std::string& line, const std::string&) { lines.push_back(line); }, kSpan, workers,
        timeout);
  }

  // A partial message of these events, numbered from `seq`.
  std::string partial(const std::string& worker, int64_t window, const std::vector<std::string>& events,
                      uint64_t seq, const std::string& id) {
    std::string err;
    auto e = maker([](uint32_t, const ir::Plan&, const rt::Row&) {}, &err);
    EXPECT_TRUE(e) << err;
    std::vector<uint64_t> seqs;
    for (const auto& ev : events) {
      seqs.push_back(seq);
      e->set_sequence(seq++);
      e->push_text(ev);
    }
    PartialHeader h{worker, window, kSpan, pack_fingerprint(*pack), id, seq_ranges(seqs)};
    return encode_partial(h, rt::serialize_rule_states(e->take_rule_states()));
  }

  // The rows of one engine over all events (window kW0).
  std::vector<std::string> reference(const std::vector<std::string>& events) {
    std::vector<std::string> rows;
    std::string err;
    auto e = maker(
        [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
          const auto& pr = pack->rules[rule];
          rows.push_back(rt::format_result_json(pr.name, pr.id, plan, row,
                                                {{"_window_start", kW0 * kSpan}, {"_window_end", (kW0 + 1) * kSpan}}));
        },
        &err);
    for (const auto& ev : events) e->push_text(ev);
    e->finish();
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  static std::string mark(const std::string& worker, double watermark, bool done = false) {
    return encode_mark(Mark{worker, watermark, done, 0, 0});
  }
};

using ScaleoutMerger = Fixture;

TEST_F(ScaleoutMerger, TwoWorkersMergeLikeOneEngine) {
  std::vector<std::string> a = {event(T0 + 1, "alice", "login"), event(T0 + 2, "bob", "read")};
  std::vector<std::string> b = {event(T0 + 3, "alice", "write"), event(T0 + 4, "carol", "login")};
  WindowMerger m = merger(2);
  EXPECT_EQ(m.add_partial(partial("w1", kW0, a, 0, "p1")), WindowMerger::Verdict::Merged);
  m.add_mark(mark("w1", T0 + 60), 0);
  m.flush_ready(0);
  EXPECT_TRUE(lines.empty()) << "w2 was never seen: the window must wait";
  EXPECT_EQ(m.add_partial(partial("w2", kW0, b, 2, "p2")), WindowMerger::Verdict::Merged);
  m.add_mark(mark("w2", T0 + 59), 0);
  m.flush_ready(0);
  EXPECT_TRUE(lines.empty()) << "w2's watermark has not passed the window's end";
  m.add_mark(mark("w2", T0 + 61), 0);
  EXPECT_EQ(m.flush_ready(0), 1u);
  std::vector<std::string> all = a;
  all.insert(all.end(), b.begin(), b.end());
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, reference(all));
  EXPECT_EQ(lines.size(), 3u);  // alice, bob, carol
  // A partial for the emitted window is late, not merged.
  EXPECT_EQ(m.add_partial(partial("w2", kW0, b, 9, "p3")), WindowMerger::Verdict::Late);
  EXPECT_EQ(m.counters().late, 1u);
}

TEST_F(ScaleoutMerger, DuplicateCorruptAndForeignPartialsDoNotCount) {
  std::vector<std::string> a = {event(T0 + 1, "alice", "login")};
  WindowMerger m = merger(1);
  std::string good = partial("w1", kW0, a, 0, "p1");
  EXPECT_EQ(m.add_partial(good), WindowMerger::Verdict::Merged);
  EXPECT_EQ(m.add_partial(good), WindowMerger::Verdict::Duplicate);
  // Damaged bytes: the checksum catches it.
  std::string corrupt = partial("w1", kW0, a, 5, "p2");
  corrupt[corrupt.size() - 3] ^= 0x55;
  std::string why;
  EXPECT_EQ(m.add_partial(corrupt, &why), WindowMerger::Verdict::Rejected);
  EXPECT_NE(why.find("p2"), std::string::npos) << why;
  // Another pack's fingerprint.
  std::string foreign = partial("w1", kW0, a, 6, "p3");
  foreign.replace(foreign.find(pack_fingerprint(*pack)), 16, "ffffffffffffffff");
  EXPECT_EQ(m.add_partial(foreign, &why), WindowMerger::Verdict::Rejected);
  EXPECT_NE(why.find("another pack"), std::string::npos) << why;
  // Not a partial at all.
  EXPECT_EQ(m.add_partial("hello"), WindowMerger::Verdict::Rejected);
  m.add_mark(mark("w1", 0, true), 0);
  EXPECT_TRUE(m.all_done(0));
  m.flush_ready(0);
  EXPECT_EQ(lines, reference(a)) << "only the good partial, once";
  EXPECT_EQ(m.counters().rejected, 3u);
  EXPECT_EQ(m.counters().duplicates, 1u);
  EXPECT_EQ(m.problems().size(), 3u);
}

TEST_F(ScaleoutMerger, SilentWorkerTimesOut) {
  WindowMerger m = merger(2, 5);
  EXPECT_EQ(m.add_partial(partial("w1", kW0, {event(T0 + 1, "alice", "login")}, 0, "p1")),
            WindowMerger::Verdict::Merged);
  m.add_mark(mark("w1", T0 + 100), 0);
  m.add_mark(mark("w2", T0 + 10), 0);  // then silent
  m.flush_ready(4);
  EXPECT_TRUE(lines.empty());
  m.add_mark(mark("w1", T0 + 100), 5.5);
  EXPECT_EQ(m.flush_ready(5.5), 1u);  // w2 silent for 5.5 s > 5
  EXPECT_EQ(lines.size(), 1u);
  EXPECT_TRUE(m.workers().at("w2").timed_out);
  EXPECT_FALSE(m.all_done(5.5));
  m.add_mark(mark("w1", 0, true), 6);
  EXPECT_TRUE(m.all_done(6));
}

TEST_F(ScaleoutMerger, WorkerNeverSeenStopsBeingWaitedFor) {
  WindowMerger m = merger(3, 5);
  EXPECT_EQ(m.add_partial(partial("w1", kW0, {event(T0 + 1, "alice", "login")}, 0, "p1")),
            WindowMerger::Verdict::Merged);
  m.add_mark(mark("w1", 0, true), 1);
  m.add_mark(mark("w2", 0, true), 1);
  EXPECT_EQ(m.flush_ready(4), 0u) << "w3 may still come";
  EXPECT_FALSE(m.all_done(4));
  EXPECT_EQ(m.flush_ready(5.5), 1u);
  EXPECT_TRUE(m.all_done(5.5));
}

TEST_F(ScaleoutMerger, PerEventRowsOncePerId) {
  WindowMerger m = merger(1);
  m.add_row("row:7:0", "{\"a\":1}");
  m.add_row("row:7:0", "{\"a\":1}");
  m.add_row("row:8:0", "{\"a\":2}");
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"a\":2}"}));
  EXPECT_EQ(m.counters().duplicate_rows, 1u);
}

// A worker died after publishing p1 and before acking its events: they were
// redelivered and come back in a partial of redelivered events (another id,
// the same sequences): merged once. Sequences shared only in part are merged
// and reported as an overlap.
TEST_F(ScaleoutMerger, RepublishedEventsMergeOnce) {
  std::vector<std::string> a = {event(T0 + 1, "alice", "login"), event(T0 + 2, "bob", "read")};
  std::vector<std::string> b = {event(T0 + 3, "carol", "login")};
  WindowMerger m = merger(1);
  EXPECT_EQ(m.add_partial(partial("w1", kW0, a, 10, "w1:p1")), WindowMerger::Verdict::Merged);
  EXPECT_EQ(m.add_partial(partial("w2", kW0, a, 10, "redelivered:p1")), WindowMerger::Verdict::Duplicate);
  EXPECT_EQ(m.add_partial(partial("w2", kW0, {a[1]}, 11, "redelivered:p2")), WindowMerger::Verdict::Duplicate);
  EXPECT_EQ(m.add_partial(partial("w2", kW0, b, 12, "w2:p3")), WindowMerger::Verdict::Merged);
  EXPECT_EQ(m.counters().duplicates, 2u);
  EXPECT_EQ(m.counters().overlaps, 0u);
  // seq 12 (carol) was merged; 13 was not: merged, counted as an overlap.
  std::vector<std::string> problems;
  m.set_problem_sink([&](const std::string& p) { problems.push_back(p); });
  EXPECT_EQ(m.add_partial(partial("w3", kW0, {b[0], event(T0 + 4, "dave", "read")}, 12, "w3:p4")),
            WindowMerger::Verdict::Merged);
  EXPECT_EQ(m.counters().overlaps, 1u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("w3:p4"), std::string::npos) << problems[0];
  m.add_mark(mark("w1", 0, true), 0);
  m.flush_ready(0);
  std::vector<std::string> once = a;
  once.push_back(b[0]);
  once.push_back(b[0]);  // the overlap counts carol twice: reported, not hidden
  once.push_back(event(T0 + 4, "dave", "read"));
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, reference(once));
}

// A restarted merger: windows its previous run emitted are skipped (not
// late, not emitted again); later windows merge as usual; rows it printed
// are remembered, so their redelivered copies are dropped.
TEST_F(ScaleoutMerger, ResumeSkipsWhatWasWritten) {
  std::vector<std::string> a = {event(T0 + 1, "alice", "login")};
  std::vector<std::string> next = {event(T0 + 61, "bob", "login")};
  WindowMerger m = merger(1);
  m.resume((kW0 + 1) * kSpan);
  EXPECT_EQ(m.add_partial(partial("w1", kW0, a, 1, "p1")), WindowMerger::Verdict::BeforeRestart);
  EXPECT_EQ(m.add_partial(partial("w1", kW0 + 1, next, 2, "p2")), WindowMerger::Verdict::Merged);
  m.skip_row("row:1:0");
  m.add_row("row:1:0", "{\"a\":1}");
  m.add_mark(mark("w1", 0, true), 0);
  m.flush_ready(0);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("bob"), std::string::npos) << lines[0];
  EXPECT_EQ(m.counters().before_restart, 1u);
  EXPECT_EQ(m.counters().late, 0u);
  EXPECT_EQ(m.counters().duplicate_rows, 1u);
  EXPECT_EQ(m.counters().skipped_rows, 1u);
}

}  // namespace
}  // namespace rulejit::scaleout
