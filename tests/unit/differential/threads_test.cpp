// Threads: a pack run by rt::ParallelEngine on N = 2..8 workers gives, rule by
// rule, exactly the rows of one engine over the same events, in the same
// order: every mergeable aggregation, order-dependent functions with ties on
// _time, buffered row stages (dedup, head, sort, streamstats, eventstats),
// per-event rows, and random rules. Tiny batches spread each stream over
// every worker.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "runtime/events/line_source.h"
#include "runtime/stream/parallel_engine.h"
#include "runtime/stream/windowed_engine.h"
#include "tests/unit/differential/random_spl.h"

namespace rulejit::difftest {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;

using Rows = std::map<std::string, std::vector<std::string>>;  // rule -> rows in order

std::shared_ptr<ir::Pack> build(const fs::path& dir, std::vector<std::string>* failed) {
  PackSources src;
  src.rule_paths = {dir.string()};
  src.macro_dirs = {kRepo + "/rules/macros"};
  src.fieldmap_dirs = {kRepo + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(src);
  for (const auto& r : built.rules)
    if (r.state != RuleState::Ok) failed->push_back(r.name + ": " + (r.first_error() ? r.first_error()->message : ""));
  return built.pack;
}

Rows run(const std::string& engine, const std::shared_ptr<ir::Pack>& pack, const std::string& ndjson,
         size_t threads, size_t batch_bytes, rt::LineSourceOptions read = {}) {
  rt::EngineOptions eo;
  eo.now = 1700000000;
  std::string err;
  rt::SinkEngineFactory maker = engine_maker(engine, pack, nullptr, eo, &err);
  EXPECT_TRUE(maker) << err;
  Rows rows;
  if (!maker) return rows;
  auto eng = rt::make_parallel_engine(
      pack, rt::ParallelOptions{threads, batch_bytes}, maker,
      [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
        const auto& pr = pack->rules[rule];
        rows[pr.name].push_back(rt::format_result_json(pr.name, pr.id, plan, row));
      },
      &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return rows;
  auto source = rt::LineSource::from_memory(ndjson, "<memory>", read);
  rt::Line line;
  while (source.next(line)) eng->push(line);
  eng->finish();
  // The workers' counters add up to one engine's.
  const rt::EngineStats st = eng->stats();
  uint64_t matched = 0;
  for (const auto& rs : st.rules) matched += rs.matched;
  rows["(counters)"].push_back(std::to_string(st.events) + " events, " + std::to_string(st.read.total_problems()) +
                               " problems, " + std::to_string(matched) + " matched");
  return rows;
}

void write_rule(const fs::path& dir, const std::string& name, const std::string& search) {
  std::string escaped;
  for (char c : search) escaped += c == '\'' ? std::string("''") : std::string(1, c);
  std::ofstream(dir / (name + ".yml")) << "name: " << name << "\nid: " << name << "\nsearch: '" << escaped << "'\n";
}

fs::path fresh_dir(const std::string& tag) {
  fs::path dir = fs::temp_directory_path() / ("rulejit-threads-" + std::to_string(::getpid()) + "-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Events with few distinct times (ties), numbers that are not exact in
// binary, strings, multivalues and missing fields.
std::string tie_heavy_events(Random& r, int count) {
  static const std::vector<std::string> kWords = {"sh", "bash", "curl", "Zed", "10", "2.5", "-3", "abc", ""};
  std::string out;
  for (int i = 0; i < count; ++i) {
    std::string e = "{\"_time\":\"" + std::to_string(1700000000 + r.below(12)) + (r.chance(30) ? ".25" : "") + "\"";
    e += ",\"id\":\"" + std::to_string(i) + "\"";
    e += ",\"k\":\"" + std::string(1, static_cast<char>('a' + r.below(5))) + "\"";
    if (!r.chance(10)) {
      switch (r.below(4)) {
        case 0: e += ",\"n\":" + std::to_string(static_cast<int>(r.below(1000)) - 300); break;
        case 1: e += ",\"n\":0." + std::to_string(r.below(10)) + "1"; break;
        case 2: e += ",\"n\":1e16"; break;
        default: e += ",\"n\":\"" + r.pick(kWords) + "\""; break;
      }
    }
    if (!r.chance(10)) e += ",\"w\":\"" + r.pick(kWords) + "\"";
    if (r.chance(30)) e += ",\"m\":[\"" + r.pick(kWords) + "\",\"" + r.pick(kWords) + "\"]";
    out += e + "}\n";
    if (r.chance(3)) out += "{not json\n";  // malformed lines are counted, not fatal
  }
  return out;
}

TEST(Threads, EveryMergeableAggregationEqualsOneEngine) {
  fs::path dir = fresh_dir("aggs");
  write_rule(dir, "all_aggs",
             "sourcetype=_json | stats count count(n) as cn sum(n) as s avg(n) as a min(n) as mi max(n) as ma "
             "range(n) as r stdev(n) as sd var(n) as v values(w) as vw list(w) as lw dc(w) as dw mode(w) as mw "
             "earliest(w) as ew latest(w) as lw2 first(w) as fw last(w) as la median(n) as md perc90(n) as p90 "
             "by k");
  write_rule(dir, "no_by", "sourcetype=_json | stats count sum(n) as s avg(n) as a stdev(n) as sd list(id) as ids");
  write_rule(dir, "count_only", "sourcetype=_json | stats count by k w");
  write_rule(dir, "multivalue_by", "sourcetype=_json | eval mm=mvappend(k, w, k) | stats count values(id) as ids by mm");
  write_rule(dir, "per_event", "sourcetype=_json k=a | eval x=n*2 | table _time id k x");
  write_rule(dir, "dedup", "sourcetype=_json | dedup k | table _time id k");
  write_rule(dir, "head", "sourcetype=_json | head 7 | table _time id");
  write_rule(dir, "sort", "sourcetype=_json | sort - n | head 9 | table id n");
  write_rule(dir, "streamstats", "sourcetype=_json | streamstats count as c by k | table id k c");
  write_rule(dir, "eventstats", "sourcetype=_json | eventstats count as c by k | where c > 3 | table id k c");
  write_rule(dir, "stats_then_rows", "sourcetype=_json | stats count by k | where count > 2 | sort - count");
  std::vector<std::string> failed;
  auto pack = build(dir, &failed);
  EXPECT_TRUE(failed.empty()) << failed.front();
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    Random r(seed);
    const std::string events = tie_heavy_events(r, 400);
    for (const char* engine : {"interp", "jit"}) {
      const Rows one = run(engine, pack, events, 1, 1 << 20);
      std::string names;
      for (const auto& [rule, rows] : one) names += rule + " ";
      ASSERT_EQ(one.size(), 12u) << names;  // 11 rules and the counters
      for (size_t threads : {2, 3, 8}) {
        const Rows many = run(engine, pack, events, threads, 150 + 97 * seed);
        for (const auto& [rule, rows] : one)
          EXPECT_EQ(many.count(rule) ? many.at(rule) : std::vector<std::string>{}, rows)
              << engine << " threads=" << threads << " seed=" << seed << " rule " << rule;
      }
    }
  }
  fs::remove_all(dir);
}

// Batches keep lines in the reader's buffers (Line::keep) instead of copying
// them: with chunks far smaller than a batch the reader moves on to other
// buffers while workers still read the held ones. Lines crossing chunk ends,
// CRLF, empty lines, a line longer than a chunk and a last line without
// '\n' give one engine's rows.
TEST(Threads, KeptLinesAcrossSmallChunksEqualOneEngine) {
  fs::path dir = fresh_dir("chunks");
  write_rule(dir, "per_event", "sourcetype=_json k=a | table _time id k w");
  write_rule(dir, "counts", "sourcetype=_json | stats count list(id) as ids latest(w) as lw by k");
  std::vector<std::string> failed;
  auto pack = build(dir, &failed);
  EXPECT_TRUE(failed.empty()) << failed.front();
  Random r(41);
  std::string events = tie_heavy_events(r, 300);
  std::string shaped;
  size_t n = 0;
  for (size_t pos = 0; pos < events.size();) {
    const size_t end = events.find('\n', pos);
    std::string line = events.substr(pos, end - pos);
    pos = end + 1;
    if (++n % 37 == 0) line.insert(line.size() - 1, ",\"pad\":\"" + std::string(900, 'p') + "\"");  // > a chunk
    shaped += line + (n % 5 == 0 ? "\r\n" : "\n");
    if (n % 11 == 0) shaped += "\n \t\n";
  }
  shaped += "{\"_time\":\"1700000003\",\"id\":\"end\",\"k\":\"a\",\"w\":\"sh\"}";  // no '\n'
  const Rows one = run("jit", pack, shaped, 1, 1 << 20);
  ASSERT_EQ(one.at("per_event").back().find("\"end\"") != std::string::npos, true);
  for (size_t chunk : {64, 300, 4096})
    for (size_t threads : {2, 3}) {
      const Rows many = run("jit", pack, shaped, threads, 1500, rt::LineSourceOptions{.chunk_bytes = chunk});
      EXPECT_EQ(many, one) << "chunk=" << chunk << " threads=" << threads;
    }
  fs::remove_all(dir);
}

TEST(Threads, RandomRulesEqualOneEngine) {
  for (uint64_t seed = 21; seed <= 26; ++seed) {
    Random r(seed);
    fs::path dir = fresh_dir("random-" + std::to_string(seed));
    for (int i = 0; i < 25; ++i) write_rule(dir, "rule" + std::to_string(i), random_search(r));
    std::vector<std::string> failed;
    auto pack = build(dir, &failed);
    std::string events;
    for (int i = 0; i < 200; ++i) events += random_event(r, i) + "\n";
    const Rows one = run("jit", pack, events, 1, 1 << 20);
    for (size_t threads : {2, 5}) {
      const Rows many = run("jit", pack, events, threads, 300);
      EXPECT_EQ(many, one) << "threads=" << threads << " seed=" << seed;
    }
    fs::remove_all(dir);
  }
}

// Windows on worker threads: every row (per-event and aggregated) with its
// window, in the order one thread gives, across late, untimed and
// out-of-order events and several windows open at once.
std::vector<std::string> run_windowed(const std::shared_ptr<ir::Pack>& pack, const std::string& ndjson,
                                      size_t threads, size_t batch_bytes) {
  rt::EngineOptions eo;
  eo.now = 1700000000;
  std::string err;
  rt::SinkEngineFactory maker = engine_maker("jit", pack, nullptr, eo, &err);
  EXPECT_TRUE(maker) << err;
  std::vector<std::string> rows;
  std::unique_ptr<rt::WindowedEngine> windows;
  rt::ResultSink sink = [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    const rt::Window w = windows->current_window();
    rows.push_back(std::to_string(w.start) + " " + pack->rules[rule].name + " " +
                   rt::format_result_json("", "", plan, row));
  };
  rt::EngineFactory factory = [&](std::string* error) {
    return rt::make_parallel_engine(pack, rt::ParallelOptions{threads, batch_bytes}, maker, sink, error);
  };
  auto first = factory(&err);
  EXPECT_TRUE(first) << err;
  windows = std::make_unique<rt::WindowedEngine>(pack, rt::WindowOptions{4, 3, 1700000000}, factory, std::move(first));
  auto source = rt::LineSource::from_memory(ndjson);
  rt::Line line;
  while (source.next(line)) EXPECT_TRUE(windows->push(line, "", &err)) << err;
  windows->finish();
  rows.push_back("late " + std::to_string(windows->late_events()) + " untimed " +
                 std::to_string(windows->untimed_events()) + " closed " + std::to_string(windows->windows_closed()));
  return rows;
}

TEST(Threads, WindowsEqualOneThread) {
  fs::path dir = fresh_dir("windows");
  write_rule(dir, "per_event", "sourcetype=_json k=a | table _time id k");
  write_rule(dir, "counts", "sourcetype=_json | stats count list(id) as ids earliest(w) as ew by k");
  write_rule(dir, "dedup", "sourcetype=_json | dedup k | table id k");
  std::vector<std::string> failed;
  auto pack = build(dir, &failed);
  EXPECT_TRUE(failed.empty()) << failed.front();
  for (uint64_t seed = 31; seed <= 33; ++seed) {
    Random r(seed);
    // Times drift forward with jitter: windows of 4 s, lateness 3 s, so
    // events fall into several open windows and some arrive late.
    std::string events;
    double t = 1700000000;
    for (int i = 0; i < 600; ++i) {
      t += static_cast<double>(r.below(100)) / 100.0;
      const double jitter = static_cast<double>(r.below(800)) / 100.0;
      std::string e = "{\"id\":\"" + std::to_string(i) + "\",\"k\":\"" + std::string(1, static_cast<char>('a' + r.below(3))) +
                      "\",\"w\":\"" + std::to_string(r.below(4)) + "\"";
      if (!r.chance(5)) e += ",\"_time\":\"" + std::to_string(t - jitter) + "\"";
      events += e + "}\n";
    }
    const auto one = run_windowed(pack, events, 1, 1 << 20);
    for (size_t threads : {2, 4}) EXPECT_EQ(run_windowed(pack, events, threads, 200), one) << "threads=" << threads;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rulejit::difftest
