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
  // Every line checked: without it the JIT's raw-line prefilter does not
  // read line 2 (no rule's literal in it), counting it as an event.
  Outcome jit = run("jit", input, {kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"}, true);
  Outcome lazy = run("jit", input);
  EXPECT_EQ(lazy.rows, interp.rows);
  EXPECT_EQ(lazy.stats.prefiltered, 1u);
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

// The JIT's first pass reads an event only as far as the filters need
// (PrefixScanner). A line malformed beyond that point is reported only when
// a filter passes and the event is read in full, or with
// validate_every_line. Results never differ.
TEST(BadInput, JitFirstPassChecksWhatItReadsAndEverythingWhenAsked) {
  const std::string input = shell_event(1) + "\n" +
                            R"({"process_kprobe":{"function_name":"tcp_connect"}, oops)" "\n" +      // 2 routed, unread
                            R"({"process_exec":{"process":{"binary":"/bin/ls"}}, oops)" "\n" +       // 3 filter fails
                            R"({"process_exec":{"process":{"pid":5,"binary":"/bin/sh"}}, oops)" "\n" +  // 4 filter passes
                            shell_event(2) + "\n";
  const std::vector<std::string> rules = {kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"};
  Outcome interp = run("interp", input);
  Outcome lazy = run("jit", input, rules, false);
  Outcome strict = run("jit", input, rules, true);
  EXPECT_EQ(interp.rows.size(), 2u);
  EXPECT_EQ(lazy.rows, interp.rows);
  EXPECT_EQ(strict.rows, interp.rows);
  auto bad_lines = [](const Outcome& o) {
    std::vector<uint64_t> lines;
    for (const auto& p : o.stats.read.problems) lines.push_back(p.line);
    return lines;
  };
  EXPECT_EQ(bad_lines(interp), (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_EQ(bad_lines(strict), (std::vector<uint64_t>{2, 3, 4}));
  // Lines 2 and 3 are never read: line 2's data source has no rule, and
  // line 3 lacks every literal Shell Execution needs (the raw-line
  // prefilter). Line 4 passes the filter and its full read finds the junk.
  EXPECT_EQ(bad_lines(lazy), (std::vector<uint64_t>{4}));
  EXPECT_EQ(interp.stats.events, 2u);
  EXPECT_EQ(strict.stats.events, 2u);
  EXPECT_EQ(lazy.stats.events, 4u);  // lines 2 and 3 count as read
  EXPECT_EQ(lazy.stats.prefiltered, 2u);
  // Events routed to the rule: the good ones, plus line 3 for the lazy JIT;
  // line 4, rejected by the full read, never counts.
  EXPECT_EQ(interp.stats.rules[0].events_in, 2u);
  EXPECT_EQ(strict.stats.rules[0].events_in, 2u);
  EXPECT_EQ(lazy.stats.rules[0].events_in, 3u);
}

}  // namespace
}  // namespace rulejit
