// `stats count by <fields>` right after a rule's filters: the JIT counts the
// event from the views of its by-fields (gen_count_keys / rj_count_keys)
// instead of building a row. Results and rule statistics equal the
// interpreter's, and the key fields come from the full read.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine_test_util.h"

namespace rulejit {
namespace {

using namespace engine_test;

const std::string kShell = kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml";

TEST(CountKeys, KeyFieldsAreReadFromTheFullEventEvenWhenTheFilterReadThemFirst) {
  // Shell Execution filters on process_name (the eager view of
  // process.binary) and counts by it: the key needs a second, lazy view of
  // the same field, filled from the full read (the first pass stops early).
  const ExecViews v = exec_views({kShell});
  ASSERT_EQ(v.eager, 1u);
  ASSERT_FALSE(v.names.empty());
  EXPECT_EQ(v.names[0], "process_exec.process.binary");
  EXPECT_EQ(std::count(v.names.begin(), v.names.end(), "process_exec.process.binary"), 2);
  for (const char* key : {"process_exec.parent.binary", "process_exec.process.pid", "node_name", "cluster_name"})
    EXPECT_EQ(std::count(v.names.begin(), v.names.end(), key), 1) << key;
}

std::string exec_event(const std::string& process_fields, const std::string& tail) {
  return R"({"process_exec":{"process":{)" + process_fields + R"(},"parent":{"binary":"/usr/sbin/runc"}})" + tail +
         "}\n";
}

TEST(CountKeys, StatisticsAndRowsEqualTheInterpreters) {
  const std::string tail = R"(,"node_name":"n1","cluster_name":"c1")";
  std::string input;
  input += exec_event(R"("pid":1,"binary":"/bin/sh")", tail);                       // counted
  input += exec_event(R"("pid":1,"binary":"/bin/sh")", tail);                       // same group
  input += exec_event(R"("pid":2,"binary":"/bin/bash")", R"(,"node_name":"n1")");  // no cluster: dropped
  input += exec_event(R"("pid":3,"binary":"/bin/zsh")", tail + R"(,"cluster_name":"c2")");  // two clusters
  input += exec_event(R"("pid":4,"binary":"/bin/sh","binary":"/bin/ls")", tail);   // 2 x 2 groups
  input += exec_event(R"("pid":5,"binary":"/bin/dash")", tail + R"(,"x":[)");       // malformed: no event
  input += exec_event(R"("pid":6,"binary":"/bin/ls")", tail);                       // not a shell
  Outcome interp = run("interp", input, {kShell});
  Outcome jit = run("jit", input, {kShell});
  EXPECT_EQ(interp.rows.size(), 7u);  // pid 4: process_name and process_exec both sh or ls
  EXPECT_EQ(jit.rows, interp.rows);
  ASSERT_EQ(jit.stats.rules.size(), 1u);
  EXPECT_EQ(jit.stats.rules[0].events_in, interp.stats.rules[0].events_in);
  EXPECT_EQ(jit.stats.rules[0].matched, interp.stats.rules[0].matched);
  EXPECT_EQ(jit.stats.rules[0].results, interp.stats.rules[0].results);
  EXPECT_EQ(jit.stats.events, interp.stats.events);
}

}  // namespace
}  // namespace rulejit
