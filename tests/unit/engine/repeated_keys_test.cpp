// Repeated JSON keys (issue 13, item 4): both executors give the same rows
// and count each event's warning once, and a key repeated thousands of times
// costs bounded work (kMaxValuesPerField values, the rest counted).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "engine_test_util.h"
#include "runtime/events/event_fields.h"

namespace rulejit::engine_test {
namespace {

const std::string kShell = kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml";

// A shell exec event whose process object holds `binary` `repeats` times.
std::string repeated_binary_event(int repeats) {
  std::string binaries;
  for (int i = 0; i < repeats; ++i)
    binaries += i % 2 == 0 ? std::string(R"("binary":"/bin/sh",)") : R"("binary":"/bin/x)" + std::to_string(i) + R"(",)";
  return R"({"process_exec":{"process":{"pid":1,)" + binaries +
         R"("pod":{"name":"web-1"}},"parent":{"binary":"/usr/sbin/runc"}},)"
         R"("node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})" "\n";
}

TEST(RepeatedKeys, AKeyRepeatedThousandsOfTimesIsCappedCountedAndEqualInBothExecutors) {
  const std::string input = repeated_binary_event(3000) + shell_event(7) + "\n";
  const Outcome interp = run("interp", input, {kShell}, false, 1 << 20);
  const Outcome jit = run("jit", input, {kShell}, false, 1 << 20);
  EXPECT_EQ(jit.rows, interp.rows);
  // Shell Execution groups by process_name and process_exec, both from the
  // binary: the capped values' cross product (Splunk's multivalue fan-out)
  // plus the plain event's group; uncapped it would be millions of rows.
  EXPECT_GE(interp.rows.size(), 2u);
  EXPECT_LE(interp.rows.size(), rt::kMaxValuesPerField * rt::kMaxValuesPerField + 1);
  for (const Outcome* o : {&interp, &jit}) {
    EXPECT_EQ(o->stats.read.count(rt::ErrorKind::ValuesCapped), 1u);
    EXPECT_EQ(o->stats.events, 2u);
    EXPECT_EQ(o->stats.read.skipped_lines(), 0u);  // kept, with a warning
  }
}

TEST(RepeatedKeys, EachEventsDuplicateKeyIsCountedOnceUnderBothExecutors) {
  // A matching event (read twice by the JIT: first pass and full read) with
  // its process object twice, the harmless copy first.
  const std::string event =
      R"({"process_exec":{"process":{"pid":1,"binary":"/usr/bin/true"},"process":{"pid":2,"binary":"/bin/sh",)"
      R"("pod":{"name":"web-1"}},"parent":{"binary":"/usr/sbin/runc"}},)"
      R"("node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})" "\n";
  const Outcome interp = run("interp", event + event);
  const Outcome jit = run("jit", event + event);
  EXPECT_EQ(jit.rows, interp.rows);
  EXPECT_FALSE(interp.rows.empty());
  EXPECT_EQ(interp.stats.read.count(rt::ErrorKind::DuplicateKey), 2u);
  EXPECT_EQ(jit.stats.read.count(rt::ErrorKind::DuplicateKey), 2u);
}

}  // namespace
}  // namespace rulejit::engine_test

namespace rulejit::engine_test {
namespace {

// Every bundled rule over the bundled sample with keys repeated at places
// the JIT's first pass stops before or after: the process object twice (a
// harmless copy first or last), the binary twice inside it, a dotted
// spelling, and the whole process_exec object again at the end of the line.
TEST(RepeatedKeys, AnyPositionOfARepeatGivesTheInterpretersRows) {
  const std::string sample = slurp_file(kRepo + "/rules/samples/tetragon-sample.ndjson");
  const std::string harmless = R"("process":{"binary":"/usr/bin/true","arguments":"x","pid":1},)";
  const std::string shell = R"("process":{"binary":"/bin/sh","arguments":"-c id","pid":2,"pod":{"name":"p"}},)";
  std::string input;
  size_t n = 0;
  for (size_t at = 0; at < sample.size();) {
    size_t end = sample.find('\n', at);
    if (end == std::string::npos) end = sample.size();
    std::string line = sample.substr(at, end - at);
    at = end + 1;
    const size_t open = line.find(R"({"process_exec":{)");
    if (open != 0) continue;
    const size_t body = std::string_view(R"({"process_exec":{)").size();
    const size_t parent = line.find(R"("parent":{)");
    switch (n++ % 5) {
      case 0: line.insert(body, harmless); break;  // before the real one
      case 1: if (parent != std::string::npos) line.insert(parent, shell); break;  // after it
      case 2: line.insert(line.find(R"("binary":")") , R"("binary":"/bin/bash",)"); break;
      case 3: if (parent != std::string::npos) line.insert(parent, R"("process.binary":"/usr/bin/nsenter",)"); break;
      case 4: line.insert(line.size() - 1, R"(,"process_exec":{"process":{"binary":"/usr/bin/nc","arguments":"-e /bin/sh"}})"); break;
    }
    input += line + "\n";
  }
  ASSERT_GT(n, 100u);
  std::vector<std::string> rules;
  for (const auto& e : std::filesystem::directory_iterator(kRepo + "/rules/isovalent"))
    if (e.path().extension() == ".yml") rules.push_back(e.path().string());
  const Outcome interp = run("interp", input, rules, false, 1 << 20);
  const Outcome jit = run("jit", input, rules, false, 1 << 20);
  const Outcome strict = run("jit", input, rules, true, 1 << 20);
  EXPECT_GT(interp.rows.size(), 100u);
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(jit.rows), sorted(interp.rows));
  EXPECT_EQ(sorted(strict.rows), sorted(interp.rows));
  // Every line validated: each event's warning once, as the interpreter.
  // Without that, a line the raw-line prefilter rules out for every rule is
  // not read, so its repeat is not reported (README: reported only if a
  // filter passes).
  EXPECT_EQ(strict.stats.read.count(rt::ErrorKind::DuplicateKey), interp.stats.read.count(rt::ErrorKind::DuplicateKey));
  EXPECT_LE(jit.stats.read.count(rt::ErrorKind::DuplicateKey), interp.stats.read.count(rt::ErrorKind::DuplicateKey));
  EXPECT_EQ(jit.stats.read.count(rt::ErrorKind::DuplicateKey) + jit.stats.prefiltered >=
                interp.stats.read.count(rt::ErrorKind::DuplicateKey),
            true);
}

}  // namespace
}  // namespace rulejit::engine_test
