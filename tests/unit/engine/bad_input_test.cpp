// Hostile input end to end: every kind of bad line is counted and reported
// with its line number, skipped, and never stops the stream — under both
// executors, with identical counts and results.
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace rulejit {
namespace {

using namespace engine_test;

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
