// End-to-end properties of TetragonGenerator output, checked by an
// independent parser (stream_checker.h).
#include "bench/generator/tetragon_generator.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "stream_checker.h"

namespace rulejit::bench {
namespace {

using testing::StreamChecker;

std::string generate(const GeneratorOptions& o, size_t n) {
  TetragonGenerator g(o);
  std::string all, line;
  for (size_t i = 0; i < n; ++i) {
    g.next(line);
    all += line;
    all += '\n';
  }
  return all;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

GeneratorOptions attack_heavy(uint64_t seed) {
  GeneratorOptions o;
  o.seed = seed;
  for (size_t i = 1; i < kBehaviorCount; ++i) o.rates[i] = 0.004;
  return o;
}

TEST(Generator, SameSeedSameBytesDifferentSeedDifferentBytes) {
  GeneratorOptions o;
  o.seed = 7;
  const std::string a = generate(o, 1500);
  const std::string b = generate(o, 1500);
  EXPECT_EQ(a, b);
  o.seed = 8;
  const std::string c = generate(o, 1500);
  EXPECT_NE(a, c);
}

TEST(Generator, CommaSpaceChangesOnlyFormatting) {
  GeneratorOptions o = attack_heavy(3);
  TetragonGenerator plain(o);
  o.comma_space = true;
  TetragonGenerator spaced(o);
  std::string l1, l2;
  StreamChecker c;
  for (int i = 0; i < 800; ++i) {
    plain.next(l1);
    spaced.next(l2);
    c.check_line(l2);
    EXPECT_GT(l2.size(), l1.size());
    EXPECT_EQ(l1.find(", \""), std::string::npos);
  }
  EXPECT_TRUE(c.errors.empty()) << join(c.errors);
  EXPECT_TRUE(c.saw_comma_space);
  EXPECT_EQ(plain.truth().behaviors, spaced.truth().behaviors);
  EXPECT_EQ(plain.truth().by_type, spaced.truth().by_type);
}

// Every line parses and follows the protojson / Tetragon rules; identifiers
// are consistent; behavior counters equal the independent signature counts.
TEST(Generator, StreamIsValidAndTruthMatchesSignatures) {
  const GeneratorOptions o = attack_heavy(11);
  TetragonGenerator g(o);
  StreamChecker c;
  std::string line;
  for (int i = 0; i < 12000; ++i) {
    g.next(line);
    ASSERT_EQ(line.find('\n'), std::string::npos);
    c.check_line(line);
  }
  ASSERT_TRUE(c.errors.empty()) << join(c.errors);
  const auto& t = g.truth();
  EXPECT_EQ(t.events, 12000U);
  EXPECT_EQ(t.by_type, c.types);
  for (size_t i = 1; i < kBehaviorCount; ++i) {
    const auto b = static_cast<Behavior>(i);
    EXPECT_EQ(t.behaviors[i], c.signatures[i]) << behavior_name(b) << ": " << behavior_signature(b);
    EXPECT_GT(t.behaviors[i], 0U) << behavior_name(b) << " never occurred";
  }
  const auto det = [&](Detection d) { return t.detections[static_cast<size_t>(d)].events; };
  EXPECT_EQ(det(Detection::ShellExecution), c.shell_detection_events);
  EXPECT_EQ(det(Detection::CurlInsecureFlags), c.curl_detection_events);
  EXPECT_EQ(det(Detection::CronJobCreation), c.cron_detection_events);
  EXPECT_EQ(det(Detection::NsenterUsageInPod), c.nsenter_detection_events);
  EXPECT_EQ(det(Detection::PodsRunningOffensiveTools), c.offsec_detection_events);
  EXPECT_GT(det(Detection::LateProcessExecution), 0U);
  EXPECT_GT(t.detections[static_cast<size_t>(Detection::KprobeSpike)].rows, 0U);
  EXPECT_GT(t.detections[static_cast<size_t>(Detection::PotentialEscapeToHost)].rows, 0U);
  EXPECT_GT(t.detections[static_cast<size_t>(Detection::CloudMetadataDestinationOnly)].rows, 0U);
  // All five event types and every timestamp width show up.
  for (auto n : c.types) EXPECT_GT(n, 0U);
  EXPECT_TRUE(c.fraction_digits.count(9) && c.fraction_digits.count(6) && c.fraction_digits.count(3));
  EXPECT_TRUE(c.saw_cluster_name && c.saw_ancestors && c.saw_node_labels && c.saw_in_init_tree);
  EXPECT_TRUE(c.saw_refcnt_in_exec);  // Oss2022 shape
}

TEST(Generator, ExecSizesAreRealistic) {
  GeneratorOptions o;  // defaults: mixed profiles, background only at low attack rates
  o.seed = 5;
  TetragonGenerator g(o);
  StreamChecker c;
  std::string line;
  for (int i = 0; i < 8000; ++i) {
    g.next(line);
    c.check_line(line);
  }
  ASSERT_TRUE(c.errors.empty()) << join(c.errors);
  ASSERT_GT(c.exec_sizes.size(), 3000U);
  const double mean =
      std::accumulate(c.exec_sizes.begin(), c.exec_sizes.end(), 0.0) / static_cast<double>(c.exec_sizes.size());
  EXPECT_GT(mean, 1700.0);
  EXPECT_LT(mean, 2900.0);
  const size_t smallest = *std::min_element(c.exec_sizes.begin(), c.exec_sizes.end());
  const size_t largest = *std::max_element(c.exec_sizes.begin(), c.exec_sizes.end());
  EXPECT_LT(smallest, 1000U);  // host processes without a pod
  EXPECT_GT(largest, 6000U);   // long Java / kubelet command lines with ancestors
  EXPECT_LT(largest, 16000U);
  // Exec probes are a large share of pod execs; execs dominate the stream.
  EXPECT_GT(c.types[0], c.types[1]);
}

TEST(Generator, NoClusterNameMeansNoClusterRows) {
  GeneratorOptions o = attack_heavy(2);
  o.cluster_name = false;
  TetragonGenerator g(o);
  StreamChecker c;
  std::string line;
  for (int i = 0; i < 3000; ++i) {
    g.next(line);
    EXPECT_EQ(line.find("\"cluster_name\""), std::string::npos);
    c.check_line(line);
  }
  EXPECT_TRUE(c.errors.empty()) << join(c.errors);
  const auto& t = g.truth();
  EXPECT_GT(t.behaviors[static_cast<size_t>(Behavior::ShellInContainer)], 0U);
  EXPECT_EQ(t.detections[static_cast<size_t>(Detection::ShellExecution)].rows, 0U);
  EXPECT_EQ(t.detections[static_cast<size_t>(Detection::CurlInsecureFlags)].rows, 0U);
  // late_process_execution uses `table`, which keeps rows without cluster_name.
  EXPECT_GT(t.detections[static_cast<size_t>(Detection::LateProcessExecution)].rows, 0U);
}

TEST(Generator, SingleProfileShapes) {
  for (auto prof : {Profile::Oss2022, Profile::Oss2024, Profile::Ent2025}) {
    GeneratorOptions o = attack_heavy(4);
    o.profile_weights = {0, 0, 0};
    o.profile_weights[static_cast<size_t>(prof)] = 1;
    o.clusters = 1;
    o.nodes = 3;
    TetragonGenerator g(o);
    StreamChecker c;
    std::string line;
    for (int i = 0; i < 2000; ++i) {
      g.next(line);
      c.check_line(line);
    }
    EXPECT_TRUE(c.errors.empty()) << profile_name(prof) << "\n" << join(c.errors);
    const bool ent = prof == Profile::Ent2025;
    EXPECT_EQ(c.saw_ancestors, ent) << profile_name(prof);
    EXPECT_EQ(c.saw_in_init_tree, ent) << profile_name(prof);
    EXPECT_EQ(c.saw_node_labels, ent) << profile_name(prof);
    EXPECT_EQ(c.types[3] > 0, ent) << "process_connect only in Enterprise";
    EXPECT_EQ(c.saw_refcnt_in_exec, prof == Profile::Oss2022);
    if (prof == Profile::Oss2022) {
      EXPECT_FALSE(c.fraction_digits.count(9)) << "2022 builds write millisecond times";
      EXPECT_FALSE(c.fraction_digits.count(6));
    } else {
      EXPECT_TRUE(c.fraction_digits.count(9));
    }
  }
}

TEST(Generator, StopsAtTargetBytes) {
  GeneratorOptions o;
  o.target_bytes = 200000;
  TetragonGenerator g(o);
  std::string line;
  size_t bytes = 0, longest = 0;
  while (!g.finished()) {
    g.next(line);
    bytes += line.size() + 1;
    longest = std::max(longest, line.size() + 1);
  }
  EXPECT_EQ(g.truth().bytes, bytes);
  EXPECT_GE(bytes, 200000U);
  EXPECT_LT(bytes, 200000U + longest + 1);
}

TEST(Truth, CurlRegexAgreesWithPcre2) {
  StreamChecker c;  // holds the real PCRE2 pattern
  const char* cases[] = {"/usr/bin/curl -k https://x",
                         "/usr/bin/curl -sSk https://x",
                         "/usr/bin/curl --insecure https://x",
                         "/usr/bin/curl --proxy-insecure https://x",
                         "/usr/bin/curl --doh-insecure https://x",
                         "/usr/bin/curl --keepalive-time 5 https://x",
                         "/usr/bin/curl -K cfg",
                         "/usr/bin/curl -s https://x",
                         "/usr/bin/curl --no-keepalive https://x",
                         "/usr/bin/curl -o /tmp/kfile https://x",
                         "/usr/bin/curl https://example.com/path-k",
                         "/usr/bin/curl -H \"X-Api-Key: k-1\" https://x",
                         "/usr/bin/curl --INSECURE x",
                         "/opt/my-kit/curl -s",
                         "-k",
                         "x-k",
                         "--cookie a=b",
                         "caf\xC3\xA9-k"};
  for (const char* s : cases) {
    // StreamChecker's regex is private; compare through a one-line stream.
    std::string proc(s);
    const bool mine = curl_insecure_regex_matches(proc);
    int err = 0;
    PCRE2_SIZE off = 0;
    auto* re = pcre2_compile(
        reinterpret_cast<PCRE2_SPTR>("(?i)(?<!\\w)-(?:[a-z]*k[a-z]*|-(insecure|proxy-insecure|doh-insecure))"),
        PCRE2_ZERO_TERMINATED, 0, &err, &off, nullptr);
    ASSERT_NE(re, nullptr);
    auto* md = pcre2_match_data_create_from_pattern(re, nullptr);
    const bool pcre = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(proc.data()), proc.size(), 0, 0, md, nullptr) >= 0;
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    EXPECT_EQ(mine, pcre) << s;
  }
  EXPECT_TRUE(curl_insecure_regex_matches("curl --keepalive-time 3"));  // the regex's surprise
  EXPECT_FALSE(curl_insecure_regex_matches("curl --no-keepalive"));
}

TEST(Truth, NamesRoundTrip) {
  for (size_t i = 0; i < kBehaviorCount; ++i) {
    Behavior b;
    ASSERT_TRUE(behavior_from_name(behavior_name(static_cast<Behavior>(i)), b));
    EXPECT_EQ(static_cast<size_t>(b), i);
  }
  Behavior b;
  EXPECT_FALSE(behavior_from_name("no_such_behavior", b));
  Profile p;
  EXPECT_TRUE(profile_from_name("ent2025", p));
  EXPECT_EQ(p, Profile::Ent2025);
  EXPECT_FALSE(profile_from_name("ent2026", p));
}

}  // namespace
}  // namespace rulejit::bench

namespace rulejit::bench {
namespace {

// The checker itself must catch violations, or the tests above prove nothing.
TEST(StreamCheckerSelfTest, RejectsBrokenLines) {
  // exec_id = base64("n:5:7")
  const std::string good =
      R"({"process_exec":{"process":{"exec_id":"bjo1Ojc=","pid":7,"uid":0,"binary":"/bin/x","flags":"execve",)"
      R"("start_time":"2025-01-01T00:00:00.123Z","auid":1,"parent_exec_id":"bjo1Ojc="}},"node_name":"n"})";
  {
    testing::StreamChecker c;
    c.check_line(good);
    EXPECT_TRUE(c.errors.empty()) << join(c.errors);
  }
  const std::pair<std::string, std::string> bad[] = {
      {"\"pid\":7", "\"pid\":8"},                                        // exec_id pid mismatch
      {"\"flags\":\"execve\"", "\"flags\":\"\""},                        // zero-value string
      {".123Z", ".123000Z"},                                             // untrimmed fraction
      {"\"uid\":0,", ""},                                                // missing wrapper field
      {"\"auid\":1", "\"auid\":1,\"refcnt\":0"},                         // zero-value number
      {"\"node_name\":\"n\"", "\"node_name\":\"n\",\"cluster_name\":\"\""},  // empty string
      {"\"uid\":0,\"binary\":\"/bin/x\"", "\"binary\":\"/bin/x\",\"uid\":0"},  // proto order
  };
  for (const auto& [from, to] : bad) {
    std::string line = good;
    line.replace(line.find(from), from.size(), to);
    testing::StreamChecker c;
    c.check_line(line);
    EXPECT_FALSE(c.errors.empty()) << "not rejected: " << line;
  }
}

}  // namespace
}  // namespace rulejit::bench

namespace rulejit::bench {
namespace {

TEST(Generator, RegularInjectionStartsEveryBehavior) {
  GeneratorOptions o;
  o.seed = 21;
  o.regular_injection = true;
  o.activity = 0.2;
  for (size_t i = 1; i < kBehaviorCount; ++i) o.rates[i] = 0.02;
  TetragonGenerator g(o);
  testing::StreamChecker c;
  std::string line;
  for (int i = 0; i < 5000; ++i) {
    g.next(line);
    c.check_line(line);
  }
  ASSERT_TRUE(c.errors.empty()) << join(c.errors);
  const auto& t = g.truth();
  for (size_t i = 1; i < kBehaviorCount; ++i) {
    EXPECT_EQ(t.behaviors[i], c.signatures[i]) << behavior_name(static_cast<Behavior>(i));
    EXPECT_GE(t.behaviors[i], 3U) << behavior_name(static_cast<Behavior>(i));
  }
}

}  // namespace
}  // namespace rulejit::bench
