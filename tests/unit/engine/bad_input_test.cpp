// Hostile input end to end: every kind of bad line is counted and reported
// with its line number, skipped, and never stops the stream — under both
// executors, with identical counts and results.
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"

namespace rulejit {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;

std::string shell_event(int pid) {
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(pid) +
         R"(,"binary":"/bin/sh","pod":{"name":"web-1"}},"parent":{"binary":"/usr/sbin/runc"}},)"
         R"("node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
}

struct Outcome {
  std::vector<std::string> rows;
  rt::EngineStats stats;
  rt::ReadStats source;
};

Outcome run(const std::string& engine, const std::string& input) {
  PackSources s;
  s.rule_paths = {kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"};
  s.macro_dirs = {kRepo + "/rules/macros"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  BuildResult built = build_pack(s);
  Outcome out;
  rt::EngineOptions eo;
  eo.now = 1755200000;
  std::string err;
  auto eng = make_engine(engine, built.pack, eo,
                         [&](uint32_t, const ir::Plan& plan, const rt::Row& row) {
                           out.rows.push_back(rt::format_result_json("r", "", plan, row));
                         },
                         &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return out;
  rt::LineSourceOptions lo;
  lo.max_line_bytes = 4096;
  auto src = rt::LineSource::from_memory(input, "bad.ndjson", lo);
  rt::Line line;
  while (src.next(line)) eng->push(line);
  eng->finish();
  out.stats = eng->stats();
  out.source = src.stats();
  return out;
}

TEST(BadInput, EveryKindIsCountedReportedAndSkippedUnderBothExecutors) {
  std::string deep = "{\"process_exec\":" + std::string(100, '[') + std::string(100, ']') + "}";
  std::string input = shell_event(1) + "\n" +                       // 1 ok
                      "{\"process_exec\":{\"process\":\n" +           // 2 truncated
                      "\xff\xfe{}\n" +                                // 3 invalid UTF-8
                      "[1,2,3]\n" +                                   // 4 not an object
                      deep + "\n" +                                   // 5 too deep
                      "{\"a\":1} trailing\n" +                        // 6 trailing text
                      "\n" +                                          // 7 empty: skipped silently
                      "{\"x\":\"" + std::string(5000, 'y') + "\"}\n" +  // 8 over-long
                      shell_event(2) + "\n";                          // 9 ok: the stream goes on
  Outcome interp = run("interp", input);
  Outcome jit = run("jit", input);
  for (const Outcome* o : {&interp, &jit}) {
    EXPECT_EQ(o->rows.size(), 2u);  // both good events counted, by pid
    EXPECT_EQ(o->stats.events, 2u);
    const rt::ReadStats& r = o->stats.read;
    EXPECT_EQ(r.count(rt::ErrorKind::Truncated), 1u);
    EXPECT_EQ(r.count(rt::ErrorKind::InvalidUtf8), 1u);
    EXPECT_EQ(r.count(rt::ErrorKind::NotAnObject), 1u);
    EXPECT_EQ(r.count(rt::ErrorKind::TooDeep), 1u);
    EXPECT_EQ(r.count(rt::ErrorKind::TrailingContent), 1u);
    EXPECT_EQ(o->source.over_long_lines(), 1u);
    EXPECT_EQ(o->source.empty_lines, 1u);
    std::vector<uint64_t> lines;
    for (const auto& p : r.problems) lines.push_back(p.line);
    EXPECT_EQ(lines, (std::vector<uint64_t>{2, 3, 4, 5, 6}));
  }
  EXPECT_EQ(interp.rows, jit.rows);
}

}  // namespace
}  // namespace rulejit
