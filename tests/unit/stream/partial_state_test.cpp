// Sharded runs: engines given batches of one input (numbered by global line
// with set_sequence), their rule states taken, optionally written and read
// back (partial_state.h), and merged into one engine (merge_rule_states),
// must give exactly the rows of one engine over the whole input — under the
// interpreter and the JIT. Also: parse_rule_states on damaged bytes.
#include "runtime/stream/partial_state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "runtime/interp/plan_runner.h"

namespace rulejit::rt {
namespace {

const std::string kRepo = RULEJIT_SOURCE_DIR;

struct RuleDir {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("rulejit-partial-state-" + std::to_string(::getpid()));
  RuleDir() { std::filesystem::create_directories(dir); }
  ~RuleDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& search) const {
    std::ofstream(dir / (name + ".yml")) << "name: " << name << "\nid: " << name << "\nsearch: '" << search << "'\n";
    return (dir / (name + ".yml")).string();
  }
};

// Rules over generic JSON events (tests/golden/fieldmaps): every stats
// function with order-sensitive ties, buffered rows (dedup, head,
// streamstats see events newest-first), a join with a subsearch, and a
// counts-only table (the JIT's count_keys path).
std::shared_ptr<ir::Pack> test_pack(const RuleDir& d) {
  PackSources s;
  s.rule_paths = {
      d.write("stats_all",
              "sourcetype=_json kind=a | stats count values(n) dc(host) avg(n) stdev(n) var(n) sum(n) min(n) max(n) "
              "range(n) earliest(host) latest(host) first(n) last(n) list(tag) mode(host) perc90(n) median(n) "
              "earliest_time(host) by user"),
      d.write("by_kind", "sourcetype=_json | stats sum(n) avg(n) stdevp(n) sumsq(n) list(n) first(host) by kind"),
      d.write("dedup_rows", "sourcetype=_json | dedup host | table _time host user n"),
      d.write("head_rows", "sourcetype=_json kind=b | head 3"),
      d.write("stream_rows", "sourcetype=_json | streamstats count as c by host | table _time host c user"),
      d.write("joined",
              "sourcetype=_json kind=a | stats count by user | join user [search sourcetype=_json kind=b | stats "
              "max(n) as mx latest(host) as lh by user]"),
      d.write("counts", "sourcetype=_json | stats count by user host"),
  };
  s.fieldmap_dirs = {kRepo + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(s);
  EXPECT_TRUE(built.pack) << "pack did not build";
  return built.pack;
}

// Events with many ties on _time, decimals whose naive sums depend on order,
// huge and negative numbers, strings, multivalues, malformed lines.
std::vector<std::string> test_lines(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  static const char* const kNums[] = {"0.1", "0.2", "0.3", "1e16", "-1e16", "3", "-2.5", "\"abc\"", "7.125", "1e-7"};
  std::vector<std::string> lines;
  for (size_t i = 0; i < n; ++i) {
    if (rng() % 40 == 0) {
      lines.push_back("{\"kind\":\"a\", oops");  // malformed: still numbered
      continue;
    }
    std::string tag = rng() % 3 ? "\"t" + std::to_string(rng() % 4) + "\"" : "[\"m1\",\"m2\"]";
    lines.push_back("{\"_time\":" + std::to_string(1700000000 + i / 8) + ",\"kind\":\"" + (rng() % 3 ? "a" : "b") +
                    "\",\"user\":\"u" + std::to_string(rng() % 5) + "\",\"host\":\"h" + std::to_string(rng() % 7) +
                    "\",\"n\":" + kNums[rng() % 10] + ",\"tag\":" + tag + "}");
  }
  return lines;
}

struct Collected {
  std::vector<std::string> rows;
};

std::unique_ptr<Engine> engine(const std::string& exec, const std::shared_ptr<ir::Pack>& pack, Collected* out) {
  EngineOptions eo;
  eo.now = 1755200000;
  std::string err;
  auto e = make_engine(exec, pack, eo,
                       [out](uint32_t rule, const ir::Plan& plan, const Row& row) {
                         if (out) out->rows.push_back(std::to_string(rule) + " " + format_result_json("r", "", plan, row));
                       },
                       &err);
  EXPECT_TRUE(e) << err;
  return e;
}

std::vector<std::string> whole_run(const std::string& exec, const std::shared_ptr<ir::Pack>& pack,
                                   const std::vector<std::string>& lines) {
  Collected c;
  auto e = engine(exec, pack, &c);
  for (const auto& l : lines) e->push_text(l);
  e->finish();
  return c.rows;
}

struct Sharding {
  std::string worker_exec, main_exec;
  size_t workers, batch;
  bool through_bytes;  // states serialized and parsed before merging
};

// Batches of `batch` lines go to the workers round-robin; each batch starts
// with set_sequence(its first line's index). Then the workers' states merge
// into a fresh engine, which finishes.
std::vector<std::string> sharded_run(const Sharding& s, const std::shared_ptr<ir::Pack>& pack,
                                     const std::vector<std::string>& lines) {
  std::vector<std::unique_ptr<Engine>> workers;
  for (size_t w = 0; w < s.workers; ++w) workers.push_back(engine(s.worker_exec, pack, nullptr));
  for (size_t start = 0, b = 0; start < lines.size(); start += s.batch, ++b) {
    Engine& e = *workers[b % s.workers];
    e.set_sequence(start);
    for (size_t i = start; i < std::min(lines.size(), start + s.batch); ++i) e.push_text(lines[i]);
  }
  Collected c;
  auto main = engine(s.main_exec, pack, &c);
  for (auto& w : workers) {
    auto states = w->take_rule_states();
    if (s.through_bytes) {
      const std::string bytes = serialize_rule_states(states);
      std::string err;
      EXPECT_TRUE(parse_rule_states(bytes, &states, &err)) << err;
    }
    EXPECT_EQ(main->merge_rule_states(states), pack->rules.size());
    for (const auto& st : states) EXPECT_FALSE(st.state);  // all consumed
  }
  main->finish();
  return c.rows;
}

TEST(PartialState, ShardedEnginesMergeToOneEnginesRows) {
  RuleDir d;
  auto pack = test_pack(d);
  ASSERT_TRUE(pack);
  const auto lines = test_lines(1500, 3);
  const auto want = whole_run("interp", pack, lines);
  ASSERT_GT(want.size(), 40u);
  EXPECT_EQ(whole_run("jit", pack, lines), want);
  const Sharding cases[] = {
      {"interp", "interp", 2, 750, false},  // two halves
      {"interp", "interp", 3, 37, true},
      {"jit", "jit", 2, 750, false},
      {"jit", "jit", 4, 101, true},
      {"jit", "interp", 3, 1, true},  // one line per batch; the state moves between executors
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.worker_exec + "->" + c.main_exec + " workers=" + std::to_string(c.workers) +
                 " batch=" + std::to_string(c.batch) + (c.through_bytes ? " bytes" : ""));
    EXPECT_EQ(sharded_run(c, pack, lines), want);
  }
}

TEST(PartialState, MergeWhileRunningAndMalformedLinesAdvanceTheSequence) {
  RuleDir d;
  auto pack = test_pack(d);
  ASSERT_TRUE(pack);
  const auto lines = test_lines(400, 11);
  const auto want = whole_run("jit", pack, lines);
  // The second half runs first on another engine; its state merges into the
  // first engine in the middle of the first half (merge at any time). The
  // first engine numbers its lines by itself from 0: malformed lines count.
  Collected c;
  auto first = engine("jit", pack, &c);
  auto second = engine("interp", pack, nullptr);
  second->set_sequence(200);
  for (size_t i = 200; i < lines.size(); ++i) second->push_text(lines[i]);
  for (size_t i = 0; i < 100; ++i) first->push_text(lines[i]);
  auto states = second->take_rule_states();
  EXPECT_EQ(first->merge_rule_states(states), pack->rules.size());
  for (size_t i = 100; i < 200; ++i) first->push_text(lines[i]);
  first->finish();
  EXPECT_EQ(c.rows, want);
}

TEST(PartialState, RoundTripKeepsEveryStateAndMergesEqually) {
  RuleDir d;
  auto pack = test_pack(d);
  ASSERT_TRUE(pack);
  const auto lines = test_lines(300, 5);
  auto e = engine("interp", pack, nullptr);
  for (const auto& l : lines) e->push_text(l);
  auto states = e->take_rule_states();
  const std::string bytes = serialize_rule_states(states);
  std::vector<RuleState> back;
  std::string err;
  ASSERT_TRUE(parse_rule_states(bytes, &back, &err)) << err;
  ASSERT_EQ(back.size(), states.size());
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].rule_key, states[i].rule_key);
    EXPECT_EQ(back[i].plan_text, states[i].plan_text);
    ASSERT_EQ(!back[i].state, !states[i].state);
    EXPECT_EQ(back[i].state->seq, states[i].state->seq);
    ASSERT_EQ(back[i].state->buffered.size(), states[i].state->buffered.size());
    for (size_t r = 0; r < back[i].state->buffered.size(); ++r) {
      EXPECT_EQ(back[i].state->buffered[r].seq, states[i].state->buffered[r].seq);
      EXPECT_EQ(back[i].state->buffered[r].slots, states[i].state->buffered[r].slots);
    }
  }
  // The parsed states merge as the original ones do (exact sums may be
  // re-expanded into other, equal partials, so bytes are not compared).
  auto finish_with = [&](std::vector<RuleState>& st) {
    Collected c;
    auto target = engine("interp", pack, &c);
    EXPECT_EQ(target->merge_rule_states(st), pack->rules.size());
    target->finish();
    return c.rows;
  };
  std::vector<RuleState> again;  // a second round trip, before `back` is consumed
  ASSERT_TRUE(parse_rule_states(serialize_rule_states(back), &again, &err)) << err;
  const auto want = finish_with(states);
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(finish_with(back), want);
  EXPECT_EQ(finish_with(again), want);
}

TEST(PartialState, EveryValueKindRoundTrips) {
  auto st = std::make_shared<RunnerState>();
  st->seq = 77;
  Row row;
  row.seq = 5;
  row.slots = {Value(), Value::boolean(true), Value::number(-0.1), Value::string(std::string("a\0b", 3)),
               Value::make_multi({"x", "", "y"}), Value::number(1e300)};
  st->buffered.push_back(row);
  std::vector<RuleState> states{{"k", "plan", st}, {"empty", "p2", nullptr}};
  std::vector<RuleState> back;
  std::string err;
  ASSERT_TRUE(parse_rule_states(serialize_rule_states(states), &back, &err)) << err;
  ASSERT_EQ(back.size(), 2u);
  ASSERT_TRUE(back[0].state);
  EXPECT_EQ(back[0].state->seq, 77u);
  EXPECT_EQ(back[0].state->buffered.at(0).slots, row.slots);
  EXPECT_EQ(back[0].state->buffered.at(0).seq, 5u);
  EXPECT_FALSE(back[1].state);
  EXPECT_EQ(back[1].rule_key, "empty");
}

// A small real state: every truncation, every single flipped byte (checksum
// or structure), a wrong version and wrong magic fail cleanly.
TEST(PartialState, DamagedBytesFailWithAReason) {
  RuleDir d;
  auto pack = test_pack(d);
  ASSERT_TRUE(pack);
  auto e = engine("interp", pack, nullptr);
  for (const auto& l : test_lines(40, 9)) e->push_text(l);
  const std::string bytes = serialize_rule_states(e->take_rule_states());
  std::vector<RuleState> out;
  std::string err;
  ASSERT_TRUE(parse_rule_states(bytes, &out, &err)) << err;
  for (size_t len = 0; len < bytes.size(); ++len) {
    err.clear();
    EXPECT_FALSE(parse_rule_states(std::string_view(bytes).substr(0, len), &out, &err)) << len;
    EXPECT_FALSE(err.empty());
    EXPECT_TRUE(out.empty());
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x41);
    EXPECT_FALSE(parse_rule_states(bad, &out, &err)) << i;
  }
  std::string v2 = bytes;
  v2[4] = 2;
  EXPECT_FALSE(parse_rule_states(v2, &out, &err));
  EXPECT_NE(err.find("version 2"), std::string::npos) << err;
  EXPECT_FALSE(parse_rule_states("RJPX" + bytes.substr(4), &out, &err));
  EXPECT_NE(err.find("magic"), std::string::npos) << err;
}

// Bytes with a valid header and checksum but a hostile body: absurd counts
// and lengths fail without allocating them.
TEST(PartialState, HostileBodiesWithValidChecksumsFail) {
  auto frame = [](const std::string& body) {
    std::string out = "RJPS";
    auto put = [&](uint64_t v, int n) {
      for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    };
    put(kPartialStateVersion, 4);
    put(body.size(), 8);
    uint64_t h = 0xcbf29ce484222325ull;
    for (char c : body) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
    put(h, 8);
    return out + body;
  };
  auto u64 = [](uint64_t v) {
    std::string s;
    for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return s;
  };
  std::vector<RuleState> out;
  std::string err;
  EXPECT_TRUE(parse_rule_states(frame(u64(0)), &out, &err)) << err;
  EXPECT_FALSE(parse_rule_states(frame(u64(~0ull)), &out, &err));  // 2^64 rules
  EXPECT_FALSE(parse_rule_states(frame(u64(1) + u64(1ull << 40)), &out, &err));  // a 1 TB key
  // One rule, a state whose row claims 2^60 slots.
  const std::string rule = u64(1) + u64(1) + "k" + u64(1) + "p" + "\x01";
  EXPECT_FALSE(parse_rule_states(frame(rule + u64(3) + std::string("\x00", 1) + u64(1) + u64(0) + u64(1ull << 60)), &out, &err));
  // A multivalue of one value, an unknown value kind, trailing bytes.
  EXPECT_FALSE(parse_rule_states(frame(rule + u64(3) + std::string("\x00", 1) + u64(1) + u64(0) + u64(1) + "\x04" +
                                       u64(1) + u64(1) + "x"),
                                 &out, &err));
  EXPECT_FALSE(parse_rule_states(frame(rule + u64(3) + std::string("\x00", 1) + u64(1) + u64(0) + u64(1) + "\x09"),
                                 &out, &err));
  EXPECT_TRUE(parse_rule_states(frame(rule + u64(3) + std::string("\x00", 1) + u64(0)), &out, &err)) << err;
  EXPECT_FALSE(parse_rule_states(frame(rule + u64(3) + std::string("\x00", 1) + u64(0) + "z"), &out, &err));
  EXPECT_NE(err.find("after the last rule"), std::string::npos) << err;
}

// The fuzz seed (tests/fuzz/corpus/partial_state), a body of format version 1
// written by hand from the format description: it keeps parsing.
TEST(PartialState, HandWrittenVersionOneBodyParses) {
  std::ifstream in(kRepo + "/tests/fuzz/corpus/partial_state/two_rules_body", std::ios::binary);
  const std::string body((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(body.empty());
  std::string bytes = "RJPS";
  auto put = [&](uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put(1, 4);
  put(body.size(), 8);
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : body) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
  put(h, 8);
  std::vector<RuleState> states;
  std::string err;
  ASSERT_TRUE(parse_rule_states(bytes + body, &states, &err)) << err;
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].rule_key, "rule-1");
  EXPECT_FALSE(states[1].state);
  ASSERT_TRUE(states[0].state && states[0].state->table);
  EXPECT_EQ(states[0].state->seq, 20u);
  auto rows = states[0].state->table->rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].keys, std::vector<std::string>{"alice"});
  EXPECT_EQ(rows[0].values[0], Value::number(3));
  EXPECT_EQ(rows[0].values[1], Value::number(0.1 + 0.2));
  EXPECT_EQ(rows[0].values[2], Value::number(2.4));
  EXPECT_EQ(rows[0].values[3], Value::make_multi({"x", "y"}));
  EXPECT_EQ(rows[0].values[4], Value::string("m"));
  EXPECT_EQ(rows[0].values[5], Value::make_multi({"h1", "h2"}));
  ASSERT_EQ(states[0].state->buffered.size(), 1u);
  EXPECT_EQ(states[0].state->buffered[0].slots[2], Value::make_multi({"a", "b"}));
}

// A state that parses but does not fit the plan (another table definition,
// rows of another width) is not merged, and nothing changes.
TEST(PartialState, MisfitStatesAreLeftUnmerged) {
  RuleDir d;
  auto pack = test_pack(d);
  ASSERT_TRUE(pack);
  auto e = engine("interp", pack, nullptr);
  auto states = e->take_rule_states();
  for (auto& s : states) {
    if (s.state->table) s.state->table.emplace(std::vector<AggDef>{{ir::AggFunc::Sum, 0, true}}, 9);
    Row wrong;
    wrong.slots.resize(1000);
    s.state->buffered.push_back(wrong);
  }
  auto target = engine("interp", pack, nullptr);
  EXPECT_EQ(target->merge_rule_states(states), 0u);
  for (const auto& s : states) EXPECT_TRUE(s.state);
}

}  // namespace
}  // namespace rulejit::rt
