// `rulejit test`: runs the tests detections declare and reports PASS / FAIL /
// ERROR as text, JSON and JUnit XML, with exit status 0 only when all pass.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace {

using namespace cli_test;

// Two shell events and one of another binary, Tetragon-shaped.
const char* kEvents =
    R"({"process_exec":{"process":{"pid":10,"binary":"/bin/sh"}},"node_name":"n1","time":"2025-08-14T20:42:47Z"})" "\n"
    R"({"process_exec":{"process":{"pid":11,"binary":"/bin/sh"}},"node_name":"n1","time":"2025-08-14T20:42:48Z"})" "\n"
    R"({"process_exec":{"process":{"pid":12,"binary":"/usr/bin/id"}},"node_name":"n2","time":"2025-08-14T20:42:49Z"})" "\n";

// A detection (bundled macros and field maps) with one test of each outcome.
struct Fixture {
  ScratchDir dir{"rulejit-cmd-test-"};
  ScratchDir data{"rulejit-cmd-test-data-"};
  Fixture() {
    fs::create_directories(dir / "rules/tests");
    spit(dir / "rules/tests/events.ndjson", kEvents);
    // attack_data found through --data: full URL path, and by basename.
    fs::create_directories(data / "datasets/t1059");
    spit(data / "datasets/t1059/exec.log", kEvents);
    spit(data / "flat.log", kEvents);
    spit(dir / "rules/shells.yml",
         "name: Shells & <Friends>\n"
         "id: t-1\n"
         "type: TTP\n"
         "search: '`cisco_isovalent_process_exec` | stats count by process_name node_name'\n"
         "tests:\n"
         "- name: rows match\n"
         "  events: tests/events.ndjson\n"
         "  expect: |\n"
         "    {\"process_name\":\"id\",\"node_name\":\"n2\",\"count\":1}\n"
         "    {\"process_name\": \"sh\", \"node_name\": \"n1\", \"count\": 2}\n"
         "- name: rows differ \"quoted\" & <b>\n"
         "  events: tests/events.ndjson\n"
         "  expect:\n"
         "  - '{\"process_name\":\"sh\",\"node_name\":\"n1\",\"count\":3}'\n"
         "  - '{\"process_name\":\"id\",\"node_name\":\"n2\",\"count\":1}'\n"
         "- name: count differs\n"
         "  events: |\n" +
             std::string("    ") + std::string(kEvents).substr(0, std::string(kEvents).find('\n')) +
             "\n"
             "  expect_count: 2\n"
             "- name: url mapped to data dir\n"
             "  attack_data:\n"
             "  - data: https://media.example.com/attack_data/master/datasets/t1059/exec.log\n"
             "    source: tetragon\n"
             "    sourcetype: cisco:isovalent:processExec\n"
             "- name: basename fallback\n"
             "  attack_data:\n"
             "  - data: https://example.com/some/where/flat.log\n"
             "    sourcetype: cisco:isovalent:processExec\n"
             "- name: data missing\n"
             "  attack_data:\n"
             "  - data: https://example.com/a/b/missing.log\n"
             "    sourcetype: cisco:isovalent:processExec\n"
             "- name: unknown sourcetype\n"
             "  attack_data:\n"
             "  - data: https://example.com/flat.log\n"
             "    sourcetype: xmlwineventlog\n");
  }
  std::string args(const std::string& more = "") const {
    return "test '" + (dir / "rules/shells.yml").string() + "' --data '" + data.str() + "' " + more;
  }
};

// The text line of one test: "<STATUS>  <rule> :: <test>  (N ms)".
bool has_line(const std::string& out, const std::string& status, const std::string& test) {
  return out.find(status + "  Shells & <Friends> :: " + test + "  (") != std::string::npos;
}

TEST(CmdTest, ReportsPassFailAndErrorPerTestWithTotalsAndExit1) {
  Fixture f;
  Result r = rulejit(f.args());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(has_line(r.out, "PASS ", "rows match")) << r.out;
  EXPECT_TRUE(has_line(r.out, "FAIL ", "rows differ \"quoted\" & <b>")) << r.out;
  EXPECT_TRUE(has_line(r.out, "FAIL ", "count differs")) << r.out;
  EXPECT_TRUE(has_line(r.out, "PASS ", "url mapped to data dir")) << r.out;
  EXPECT_TRUE(has_line(r.out, "PASS ", "basename fallback")) << r.out;
  EXPECT_TRUE(has_line(r.out, "ERROR", "data missing")) << r.out;
  EXPECT_TRUE(has_line(r.out, "ERROR", "unknown sourcetype")) << r.out;
  EXPECT_NE(r.out.find("7 tests: 3 passed, 2 failed, 2 errors"), std::string::npos) << r.out;
}

TEST(CmdTest, FailureShowsASortedRowDiff) {
  Fixture f;
  Result r = rulejit(f.args());
  EXPECT_NE(r.out.find("rows differ: expected 2, got 2 (1 missing -, 1 unexpected +)"), std::string::npos) << r.out;
  // Only the differing row on each side; the equal row is not listed.
  EXPECT_NE(r.out.find(R"(- {"process_name":"sh","node_name":"n1","count":3})"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"(+ {"process_name":"sh","node_name":"n1","count":2})"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(R"(- {"process_name":"id")"), std::string::npos) << r.out;
  // expect_count: the count and the rows that came.
  EXPECT_NE(r.out.find("expected 2 rows, got 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"(+ {"process_name":"sh","node_name":"n1","count":1})"), std::string::npos) << r.out;
}

TEST(CmdTest, MissingDataIsAnErrorNamingWhatWasLookedFor) {
  Fixture f;
  Result r = rulejit(f.args());
  const std::string want = "data file not found for https://example.com/a/b/missing.log: looked for a/b/missing.log "
                           "(and its shorter path suffixes, down to missing.log) under " +
                           f.data.str() + ", " + (f.dir / "rules").string() + ", " + f.dir.str();
  EXPECT_NE(r.out.find(want), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no field map reads sourcetype xmlwineventlog"), std::string::npos) << r.out;
}

TEST(CmdTest, AllPassingExitsZeroUnderBothExecutors) {
  ScratchDir dir("rulejit-cmd-test-pass-");
  spit(dir / "ok.yml",
       "name: Only Shells\nid: t-2\ntype: TTP\n"
       "search: '`cisco_isovalent_process_exec` process_name=sh | table process_name'\n"
       "tests:\n- name: inline rows\n  events: |\n    " +
           std::string(kEvents).substr(0, std::string(kEvents).find('\n')) +
           "\n  expect: '{\"process_name\":\"sh\"}'\n");
  Result r = rulejit("test '" + dir.str() + "' --engine both");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS   Only Shells :: inline rows"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 test: 1 passed, 0 failed, 0 errors"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("interp+jit"), std::string::npos) << r.out;
}

TEST(CmdTest, JsonReportHasEveryTestAndTheTotals) {
  Fixture f;
  Result r = rulejit(f.args("--format json"));
  EXPECT_EQ(r.status, 1) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(simdjson::padded_string(r.out)).get(doc), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(int64_t(doc["total"]), 7);
  EXPECT_EQ(int64_t(doc["passed"]), 3);
  EXPECT_EQ(int64_t(doc["failed"]), 2);
  EXPECT_EQ(int64_t(doc["errors"]), 2);
  std::vector<std::string> statuses;
  for (simdjson::dom::element t : doc["tests"].get_array()) {
    statuses.emplace_back(std::string_view(t["status"]));
    EXPECT_EQ(std::string_view(t["rule"]), "Shells & <Friends>");
    EXPECT_EQ(std::string_view(t["engine"]), "jit");
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"pass", "fail", "fail", "pass", "pass", "error", "error"}));
  simdjson::dom::element first = doc["tests"].at(0);
  EXPECT_EQ(int64_t(first["rows"]), 2);
  EXPECT_EQ(std::string_view(doc["tests"].at(1)["test"]), "rows differ \"quoted\" & <b>");
}

// A small XML 1.0 well-formedness check: one root, balanced tags, quoted
// attributes, no raw '<' or bare '&' in text or attribute values.
bool well_formed_xml(const std::string& x, std::string* why) {
  size_t i = x.rfind("?>", 100);
  if (x.rfind("<?xml ", 0) != 0 || i == std::string::npos) return *why = "no XML declaration", false;
  i += 2;
  std::vector<std::string> stack;
  int roots = 0;
  auto check_text = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
      if (x[k] == '&') {
        size_t semi = x.find(';', k);
        std::string ent = x.substr(k, semi == std::string::npos ? 0 : semi - k + 1);
        static const std::set<std::string> ok = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;", "&#9;", "&#13;"};
        if (!ok.count(ent)) return false;
      }
    return true;
  };
  while (i < x.size()) {
    size_t lt = x.find('<', i);
    if (lt == std::string::npos) {
      if (x.find_first_not_of(" \n", i) != std::string::npos) return *why = "text after the root", false;
      break;
    }
    if (!check_text(i, lt)) return *why = "bad entity in text", false;
    size_t gt = lt + 1;
    char quote = 0;
    for (; gt < x.size(); ++gt) {
      if (quote) {
        if (x[gt] == quote) quote = 0;
        else if (x[gt] == '<') return *why = "'<' inside an attribute", false;
      } else if (x[gt] == '"' || x[gt] == '\'') {
        quote = x[gt];
      } else if (x[gt] == '>') {
        break;
      }
    }
    if (gt >= x.size()) return *why = "unterminated tag", false;
    std::string tag = x.substr(lt + 1, gt - lt - 1);
    if (!check_text(lt, gt)) return *why = "bad entity in attribute: " + tag, false;
    bool closing = tag[0] == '/', empty = tag.back() == '/';
    std::string name = tag.substr(closing, tag.find_first_of(" /", closing) - closing);
    if (closing) {
      if (stack.empty() || stack.back() != name) return *why = "mismatched </" + name + ">", false;
      stack.pop_back();
    } else {
      if (stack.empty() && ++roots > 1) return *why = "two roots", false;
      if (!empty) stack.push_back(name);
    }
    i = gt + 1;
  }
  if (!stack.empty()) return *why = "unclosed <" + stack.back() + ">", false;
  return true;
}

TEST(CmdTest, JunitXmlIsWellFormedWithCountsNamesAndFailures) {
  Fixture f;
  ScratchDir out("rulejit-cmd-test-junit-");
  const std::string xml_path = (out / "report.xml").string();
  Result r = rulejit(f.args("--junit '" + xml_path + "'"));
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  std::string xml = slurp(xml_path);
  std::string why;
  EXPECT_TRUE(well_formed_xml(xml, &why)) << why << "\n" << xml;
  EXPECT_NE(xml.find(R"(<testsuites name="rulejit test" tests="7" failures="2" errors="2")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="Shells &amp; &lt;Friends&gt;" tests="7" failures="2" errors="2")"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(name="rows differ &quot;quoted&quot; &amp; &lt;b&gt;")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<testcase classname="Shells &amp; &lt;Friends&gt;" name="rows match")"), std::string::npos)
      << xml;
  size_t failures = 0, errors = 0;
  for (size_t p = 0; (p = xml.find("<failure ", p)) != std::string::npos; ++p) ++failures;
  for (size_t p = 0; (p = xml.find("<error ", p)) != std::string::npos; ++p) ++errors;
  EXPECT_EQ(failures, 2u);
  EXPECT_EQ(errors, 2u);
  // The row diff is in the failure's text, escaped.
  EXPECT_NE(xml.find(R"(- {&quot;process_name&quot;:&quot;sh&quot;,&quot;node_name&quot;:&quot;n1&quot;,&quot;count&quot;:3})"),
            std::string::npos)
      << xml;
  // Written atomically: no temporary file left beside it.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(out.path)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
}

TEST(CmdTest, UnwritableJunitFileExits4) {
  Fixture f;
  Result r = rulejit(f.args("--junit '" + (f.dir / "no/such/dir/report.xml").string() + "'"));
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("rulejit test: --junit:"), std::string::npos) << r.err;
}

TEST(CmdTest, NoTestsFoundExits3WithAMessage) {
  ScratchDir dir("rulejit-cmd-test-none-");
  spit(dir / "plain.yml", "name: Plain\nid: p\ntype: TTP\nsearch: '`cisco_isovalent_process_exec`'\n");
  Result r = rulejit("test '" + dir.str() + "'");
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("no tests found: none of the 1 detection under the given paths declares `tests:`"),
            std::string::npos)
      << r.err;
}

TEST(CmdTest, MissingPathExits2) {
  Result r = rulejit("test /no/such/rules");
  EXPECT_EQ(r.status, 2) << r.out << r.err;
}

TEST(CmdTest, RuleThatDoesNotCompileAndMalformedTestsAreErrors) {
  ScratchDir dir("rulejit-cmd-test-bad-");
  spit(dir / "bad.yml",
       "name: Bad\nid: b\ntype: TTP\nsearch: '`cisco_isovalent_process_exec` | stats count by'\n"
       "tests:\n- name: t\n  events: '{\"a\":1}'\n");
  spit(dir / "odd.yml",
       "name: Odd\nid: o\ntype: TTP\nsearch: '`cisco_isovalent_process_exec`'\n"
       "tests:\n- name: neither\n  expect_count: 1\n"
       "- name: events file missing\n  events: nowhere.ndjson\n");
  Result r = rulejit("test '" + dir.str() + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("ERROR  Bad :: t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the rule does not compile"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("odd.yml:6: a test needs `attack_data` (security_content) or `events`"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("events file not found: " + (dir / "nowhere.ndjson").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 tests: 0 passed, 0 failed, 3 errors"), std::string::npos) << r.out;
}

// Every bundled detection declares a test, and all pass under both executors,
// with the JUnit report CI would read.
TEST(CmdTest, BundledRulesAllPass) {
  ScratchDir out("rulejit-bundled-junit-");
  const std::string xml = (out / "report.xml").string();
  Result r = rulejit("test rules/isovalent --engine both --junit '" + xml + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const std::string report = slurp(xml);
  EXPECT_NE(report.find("<testsuite"), std::string::npos) << report;
  EXPECT_EQ(report.find("<failure"), std::string::npos) << report;
  std::set<std::string> rules_passed;
  size_t pos = 0;
  while ((pos = r.out.find("PASS   ", pos)) != std::string::npos) {
    pos += 7;
    rules_passed.insert(r.out.substr(pos, r.out.find(" :: ", pos) - pos));
  }
  size_t detections = 0;
  for (const auto& e : fs::directory_iterator(kRepo + "/rules/isovalent")) {
    if (e.path().extension() != ".yml") continue;
    ++detections;
    std::string text = slurp(e.path());
    std::string name = text.substr(6, text.find('\n') - 6);  // "name: ..." is the first line
    EXPECT_TRUE(rules_passed.count(name)) << name << "\n" << r.out;
  }
  EXPECT_EQ(detections, 18u);
  EXPECT_EQ(rules_passed.size(), 18u) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ERROR"), std::string::npos) << r.out;
}

}  // namespace
