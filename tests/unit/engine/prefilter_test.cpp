// The raw-line prefilter (compiler/pack/prefilter_plan.h, runtime/engine/
// line_prefilter.h): the literals it derives, and that the JIT with it gives
// the interpreter's rows on lines built to trip it (escapes, case, numbers,
// constants, values elsewhere in the line).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "compiler/pack/prefilter_plan.h"
#include "engine_test_util.h"
#include "runtime/engine/line_prefilter.h"

namespace rulejit::engine_test {
namespace {

const std::string kIso = kRepo + "/rules/isovalent/";

const BindingLiterals* literals_of(const ir::Pack& pack, const PrefilterPlan& plan, const std::string& rule,
                                   const std::string& fieldmap) {
  for (size_t b = 0; b < pack.bindings.size(); ++b)
    if (pack.rules[pack.bindings[b].rule].name == rule && pack.fieldmaps[pack.bindings[b].fieldmap].name == fieldmap)
      return &plan.bindings[b];
  return nullptr;
}

bool has(const BindingLiterals& l, const std::string& lit) {
  return std::find(l.any_of.begin(), l.any_of.end(), lit) != l.any_of.end();
}

TEST(PrefilterPlan, LiteralsFollowTheFieldsShape) {
  auto pack = pack_of({kIso + "cisco_isovalent___shell_execution.yml", kIso + "cisco_isovalent___curl_execution_with_insecure_flags.yml",
                       kIso + "cisco_isovalent___base64_encoded_command_line_in_pod.yml",
                       kIso + "cisco_isovalent___reverse_shell_command_line.yml"});
  const PrefilterPlan plan = plan_prefilter(*pack);
  // process_name = basename(binary): the whole value ends a string, after a
  // '/' or the opening quote.
  const auto* shell = literals_of(*pack, plan, "Cisco Isovalent - Shell Execution", "tetragon_process_exec");
  ASSERT_TRUE(shell);
  EXPECT_FALSE(shell->always);
  EXPECT_TRUE(has(*shell, "/bash\"") && has(*shell, "\"bash\"") && has(*shell, "/sh\"")) << shell->any_of.size();
  // process = binary + " " + arguments: parts of a glob, no quotes, no spaces.
  const auto* b64 = literals_of(*pack, plan, "Cisco Isovalent - Base64 Encoded Command Line In Pod", "tetragon_process_exec");
  ASSERT_TRUE(b64);
  EXPECT_TRUE(has(*b64, "base64") && has(*b64, "openssl")) << b64->why;
  // An eval of urldecode(process), then a regex: the regex's literals, '%'
  // (any byte), `\b` kept, and the UTF-8 of KELVIN SIGN / LONG S ('k', 's').
  const auto* rev = literals_of(*pack, plan, "Cisco Isovalent - Reverse Shell Command Line", "tetragon_process_exec");
  ASSERT_TRUE(rev);
  EXPECT_FALSE(rev->always);
  EXPECT_TRUE(has(*rev, "%") && has(*rev, "/dev/") && has(*rev, "mkfifo") && has(*rev, "\xE2\x84\xAA") &&
              has(*rev, "\xC5\xBF"))
      << print_prefilter(*pack, plan);
  EXPECT_FALSE(has(*rev, "+"));  // no literal with a space (process is split at spaces)
  ASSERT_EQ(rev->word.size(), rev->any_of.size());
  for (size_t i = 0; i < rev->any_of.size(); ++i)
    if (rev->any_of[i] == "nc") {
      EXPECT_EQ(rev->word[i], rt::kWordStart | rt::kWordEnd);
    }
}

TEST(PrefilterPlan, LookupOutputNeedsAKey) {
  PackSources sources;
  sources.rule_paths = {kIso + "cisco_isovalent___offensive_tool_execution_in_pod.yml"};
  sources.macro_dirs = {kRepo + "/rules/macros"};
  sources.lookup_dirs = {kRepo + "/rules/lookups"};
  sources.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  auto pack = build_pack(sources).pack;
  ASSERT_TRUE(pack);
  const PrefilterPlan plan = plan_prefilter(*pack);
  const auto* tools = literals_of(*pack, plan, "Cisco Isovalent - Offensive Tool Execution In Pod", "tetragon_process_exec");
  ASSERT_TRUE(tools);
  EXPECT_FALSE(tools->always);
  EXPECT_EQ(tools->why, "tool_category");
  // process_name (a basename) equals a key: the value ends the string;
  // script_name (a rex capture from process) holds it anywhere.
  EXPECT_TRUE(has(*tools, "\"nmap\"") && has(*tools, "/nmap\"") && has(*tools, "nmap") && has(*tools, "linpeas.sh"))
      << print_prefilter(*pack, plan);
  for (size_t i = 0; i < tools->any_of.size(); ++i)
    if (tools->any_of[i] == "/nmap\"") {
      EXPECT_EQ(tools->word[i], rt::kValueEnd);
    }
}

// A rule over plain JSON (tests/golden/fieldmaps): fields are copies.
struct JsonRun {
  std::vector<std::string> rows;
  rt::EngineStats stats;
};
// A lookup `t` (columns k, v; `definition` adds to its YAML) for the rule.
struct TestLookup {
  std::string definition;
  std::string csv = "k,v\nnmap,recon\nLinPeas.sh,enum\ncdk,escape\n";
};

BuildResult build_json(const std::string& search, const TestLookup* lookup = nullptr) {
  const auto dir = std::filesystem::temp_directory_path() / ("rulejit-prefilter-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "lookups");
  std::ofstream(dir / "r.yml") << "name: r\nid: r\nsearch: '" << search << "'\n";
  PackSources s;
  s.rule_paths = {(dir / "r.yml").string()};
  s.fieldmap_dirs = {kRepo + "/tests/golden/fieldmaps"};
  if (lookup) {
    std::ofstream(dir / "lookups" / "t.yml") << "name: t\nfilename: t.csv\ncase_sensitive_match: \'false\'\n"
                                             << lookup->definition;
    std::ofstream(dir / "lookups" / "t.csv") << lookup->csv;
    s.lookup_dirs = {(dir / "lookups").string()};
  }
  BuildResult built = build_pack(s);
  std::filesystem::remove_all(dir);
  return built;
}

// The one binding's literals of a rule over plain JSON.
BindingLiterals json_literals(const std::string& search, const TestLookup* lookup = nullptr) {
  BuildResult built = build_json(search, lookup);
  EXPECT_TRUE(built.pack && built.pack->bindings.size() == 1) << search;
  if (!built.pack || built.pack->bindings.empty()) return {};
  return plan_prefilter(*built.pack).bindings[0];
}

JsonRun run_json(const std::string& engine, const std::string& search, const std::string& input,
                 const TestLookup* lookup = nullptr) {
  BuildResult built = build_json(search, lookup);
  JsonRun out;
  EXPECT_EQ(built.pack->rules.size(), 1u) << search;
  std::string err;
  rt::EngineOptions eo;
  eo.prefilter = rt::EngineOptions::Prefilter::On;  // exercised on every test pack (exact, so rows are equal)
  auto eng = make_engine(engine, built.pack, eo,
                         [&](uint32_t, const ir::Plan& plan, const rt::Row& row) {
                           out.rows.push_back(rt::format_result_json("r", "", plan, row));
                         },
                         &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return out;
  auto src = rt::LineSource::from_memory(input, "p.ndjson");
  rt::Line line;
  while (src.next(line)) eng->push(line);
  eng->finish();
  out.stats = eng->stats();
  return out;
}

TEST(Prefilter, TrickyLinesGiveTheInterpretersRows) {
  const std::string input =
      R"({"id":1,"x":"curl"})" "\n"
      R"({"id":2,"x":"CURL"})" "\n"               // case
      R"({"id":3,"x":"cu\u0072l"})" "\n"          // an escape spells the value
      R"({"id":4,"x":"curl","y":"curl"})" "\n"
      R"({"id":5,"y":"curl","x":"wget"})" "\n"    // the literal elsewhere in the line
      R"({"id":6,"x":4444})" "\n"                 // a number: no quotes in the line
      R"({"id":7,"x":"4444"})" "\n"
      R"({"id":8,"x":true})" "\n"
      R"({"id":9,"x":["a","curl"]})" "\n"         // a multivalue
      R"({"id":10,"x":"x\/curl"})" "\n"           // an escaped slash
      R"({"id":11,"x":"/usr/bin/curl"})" "\n";
  for (const char* search : {"sourcetype=_json x=curl | table id", "sourcetype=_json x=4444 | table id",
                             "sourcetype=_json x=TRUE | table id", "sourcetype=_json x=*curl | table id",
                             "sourcetype=_json x=cu* | table id", "sourcetype=_json x IN (curl, wget) | table id",
                             "sourcetype=_json curl | table id", "sourcetype=_json x=\"*/curl\" | table id"}) {
    const JsonRun interp = run_json("interp", search, input);
    const JsonRun jit = run_json("jit", search, input);
    EXPECT_EQ(jit.rows, interp.rows) << search;
    EXPECT_FALSE(interp.rows.empty()) << search;
  }
}

// Random values around a literal: with and without it, in other fields,
// escaped, upper-cased, with unicode; the JIT (prefiltered) and the
// interpreter must agree on every line.
TEST(Prefilter, RandomizedLinesAgreeWithTheInterpreter) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"curl", "CuRl", "cu\\u0072l", "url", "c", "-k", " ", "/", "\\/", "é",
                                           "\\\"", "4444", "sh", "bash", "/bin/", "x", "",
                                           // regex, urldecode and lookup rules
                                           "nc", "NC", "%6E", "%20", "+", "\\t", "\\n", "_", "-e", "/dev/tcp",
                                           "\xE2\x84\xAA", "\xC5\xBF", "kill", "socat", "nmap", "linpeas.sh", ".sh", "\\u006e"};
  auto value = [&] {
    std::string v;
    for (int n = static_cast<int>(rng() % 4); n >= 0; --n) v += pieces[rng() % pieces.size()];
    return v;
  };
  std::string input;
  for (int i = 0; i < 400; ++i)
    input += "{\"id\":" + std::to_string(i) + ",\"x\":\"" + value() + "\",\"y\":\"" + value() + "\"}\n";
  for (const char* search : {"sourcetype=_json x=curl | table id", "sourcetype=_json x=*curl* | table id",
                             "sourcetype=_json x=\"*/bin/sh\" | table id", "sourcetype=_json x=c* y=*sh | table id",
                             "sourcetype=_json (x=4444 OR y=bash) | table id", "sourcetype=_json x IN (\"-k\", \"url\") | table id",
                             "sourcetype=_json | eval d=urldecode(x) | regex d=\"(?i)\\bnc\\b\\s-e|/dev/tcp\" | table id",
                             "sourcetype=_json | eval d=urldecode(y) | regex d=\"(?i)nc -e|sh$\" | table id",
                             "sourcetype=_json | regex x=\"(?i)\\bkill\\b|socat\" | table id"}) {
    const JsonRun interp = run_json("interp", search, input);
    const JsonRun jit = run_json("jit", search, input);
    EXPECT_EQ(jit.rows, interp.rows) << search;
  }
  const TestLookup plain;
  for (const char* search :
       {"sourcetype=_json | lookup t k AS x OUTPUT v | where isnotnull(v) | table id v",
        "sourcetype=_json | rex field=y \"(?<s>[\\w.-]+\\.sh)\" | lookup t k AS x OUTPUT v | lookup t k AS s OUTPUTNEW v "
        "| where isnotnull(v) | table id v"}) {
    const JsonRun interp = run_json("interp", search, input, &plain);
    const JsonRun jit = run_json("jit", search, input, &plain);
    EXPECT_EQ(jit.rows, interp.rows) << search;
  }
}

TEST(PrefilterPlan, LookupShapes) {
  const TestLookup plain;
  // Each key as the field's value (a copy: the whole string).
  BindingLiterals l = json_literals("sourcetype=_json | lookup t k AS x OUTPUT v | where isnotnull(v) | table id", &plain);
  EXPECT_FALSE(l.always);
  EXPECT_TRUE(has(l, "\"nmap\"") && has(l, "\"linpeas.sh\"") && has(l, "\"cdk\"")) << l.why;
  // OUTPUTNEW after OUTPUT: either lookup's keys.
  l = json_literals("sourcetype=_json | lookup t k AS x OUTPUT v | lookup t k AS y OUTPUTNEW v | search v=* | table id",
                    &plain);
  EXPECT_FALSE(l.always);
  EXPECT_EQ(l.any_of.size(), 3u);  // the same literals for x and y
  // A value before OUTPUTNEW that no literal stands for: none.
  l = json_literals("sourcetype=_json | eval v=\"z\" | lookup t k AS x OUTPUTNEW v | where isnotnull(v) | table id",
                    &plain);
  EXPECT_TRUE(l.always);
  // The output is also an event field when it is read before the lookup writes it.
  l = json_literals("sourcetype=_json | lookup t k AS x OUTPUTNEW v | where isnotnull(v) | table id", &plain);
  EXPECT_TRUE(l.always);
  // A default for misses, wildcard keys, an input from lower(): none.
  const TestLookup with_default{"min_matches: 1\ndefault_match: none\n"};
  EXPECT_TRUE(json_literals("sourcetype=_json | lookup t k AS x OUTPUT v | where isnotnull(v) | table id", &with_default).always);
  const TestLookup wildcard{"match_type: WILDCARD(k)\n"};
  EXPECT_TRUE(json_literals("sourcetype=_json | lookup t k AS x OUTPUT v | where isnotnull(v) | table id", &wildcard).always);
  EXPECT_TRUE(json_literals("sourcetype=_json | eval y=lower(x) | lookup t k AS y OUTPUT v | where isnotnull(v) | table id",
                            &plain)
                  .always);
  // A rex capture: the key anywhere in the line.
  l = json_literals("sourcetype=_json | rex field=x \"(?<s>\\S+)\" | lookup t k AS s OUTPUT v | where isnotnull(v) | table id",
                    &plain);
  EXPECT_FALSE(l.always);
  // The capture, or s's own event value (rex keeps it on no match): both
  // hold the key somewhere.
  EXPECT_TRUE(has(l, "nmap") && has(l, "cdk")) << l.why;
  // An empty key matches an empty value: no literal.
  const TestLookup empty_key{"", "k,v\nnmap,recon\n,blank\n"};
  EXPECT_TRUE(json_literals("sourcetype=_json | lookup t k AS x OUTPUT v | where isnotnull(v) | table id", &empty_key).always);
}

TEST(PrefilterPlan, RegexShapes) {
  // A regex on an event field: its literals as substrings.
  BindingLiterals l = json_literals("sourcetype=_json | regex x=\"(?i)curl|wget\" | table id");
  EXPECT_FALSE(l.always);
  EXPECT_EQ(l.any_of, (std::vector<std::string>{"curl", "wget"}));
  // Through urldecode: '%' and, for a literal with a space, '+'.
  l = json_literals("sourcetype=_json | eval d=urldecode(x) | regex d=\"a b|cd\" | table id");
  EXPECT_TRUE(has(l, "a b") && has(l, "cd") && has(l, "%") && has(l, "+")) << l.why;
  // A regex on something an eval computed otherwise: none.
  EXPECT_TRUE(json_literals("sourcetype=_json | eval d=lower(x) | regex d=\"curl\" | table id").always);
  // The same field written twice in one eval: none.
  EXPECT_TRUE(json_literals("sourcetype=_json | eval d=x, d=urldecode(d) | regex d=\"curl\" | table id").always);
  // A filter after stats sees rows, not events: not used.
  EXPECT_TRUE(json_literals("sourcetype=_json | stats count by x | search x=curl").always);
}

// Lines built to trip the derived literals: escapes, case, unicode,
// %-encoding, '+', a word boundary spelled by a JSON escape.
TEST(Prefilter, RegexAndLookupLinesGiveTheInterpretersRows) {
  const std::string input =
      R"({"id":1,"x":"nc -e /bin/sh"})" "\n"
      R"({"id":2,"x":"NC"})" "\n"
      R"({"id":3,"x":"%6Ec"})" "\n"                 // urldecode spells nc
      R"({"id":4,"x":"xnc"})" "\n"                  // no word boundary
      R"({"id":5,"x":"a\tnc"})" "\n"                // \t before: a boundary
      R"({"id":6,"x":"nc_1"})" "\n"
      R"({"id":7,"x":"/DEV/TCP/1.2.3.4/80"})" "\n"
      R"({"id":8,"x":"\u006ec"})" "\n"              // an escape spells nc
      R"({"id":9,"x":"a+b"})" "\n"                   // '+' is a space after urldecode
      R"({"id":10,"x":"a b"})" "\n"
      R"({"id":11,"x":"kill","y":"\u212Aill"})" "\n"
      "{\"id\":12,\"x\":\"\xE2\x84\xAA" "ill\"}\n"       // KELVIN SIGN, raw UTF-8
      "{\"id\":13,\"x\":\"\xC5\xBF" "ocat\"}\n"           // LONG S
      R"({"id":14,"x":"socat"})" "\n"
      R"({"id":15,"x":"nmap","k":"x"})" "\n"
      R"({"id":16,"x":"/usr/bin/NMAP"})" "\n"
      R"({"id":17,"x":"run ./linpeas.sh now"})" "\n"
      R"({"id":18,"nmap":"x"})" "\n"                 // a key, not a value
      R"({"id":19,"x":"cdk"})" "\n";
  for (const char* search : {"sourcetype=_json | eval d=urldecode(x) | regex d=\"(?i)\\bnc\\b|/dev/tcp\" | table id",
                             "sourcetype=_json | eval d=urldecode(x) | regex d=\"a b\" | table id",
                             "sourcetype=_json | regex x=\"(?i)kill|socat\" | table id",
                             "sourcetype=_json | where match(x, \"(?i)\\bsocat\\b\") | table id"}) {
    const JsonRun interp = run_json("interp", search, input);
    const JsonRun jit = run_json("jit", search, input);
    EXPECT_EQ(jit.rows, interp.rows) << search;
    EXPECT_FALSE(interp.rows.empty()) << search;
  }
  const TestLookup plain;
  for (const char* search :
       {"sourcetype=_json | lookup t k AS x OUTPUT v | where isnotnull(v) | table id v",
        "sourcetype=_json | rex field=x \"\\s\\.?/?(?<s>[\\w.-]+\\.sh)\" | lookup t k AS s OUTPUT v | where isnotnull(v) | table id v"}) {
    const JsonRun interp = run_json("interp", search, input, &plain);
    const JsonRun jit = run_json("jit", search, input, &plain);
    EXPECT_EQ(jit.rows, interp.rows) << search;
    EXPECT_FALSE(interp.rows.empty()) << search;
  }
}

// The bundled pack in auto mode: every exec rule has literals now, so an
// exec event no rule can match is not read (the prefilter engages for the
// data source), and the rows are those of the prefilter off.
TEST(Prefilter, BundledPackSkipsExecEventsNoRuleCanMatch) {
  PackSources sources;
  sources.rule_paths = {kRepo + "/rules/isovalent"};
  sources.macro_dirs = {kRepo + "/rules/macros"};
  sources.lookup_dirs = {kRepo + "/rules/lookups"};
  sources.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  BuildResult built = build_pack(sources);
  ASSERT_TRUE(built.pack);
  const std::string input = slurp_file(kRepo + "/rules/samples/tetragon-sample.ndjson");
  auto run_with = [&](rt::EngineOptions::Prefilter mode) {
    JsonRun out;
    rt::EngineOptions eo;
    eo.prefilter = mode;
    eo.now = 1755200000;
    std::string err;
    auto eng = make_engine("jit", built.pack, eo,
                           [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
                             out.rows.push_back(rt::format_result_json(built.pack->rules[rule].name, "", plan, row));
                           },
                           &err);
    EXPECT_TRUE(eng) << err;
    if (!eng) return out;
    auto src = rt::LineSource::from_memory(input, "sample.ndjson");
    rt::Line line;
    while (src.next(line)) eng->push(line);
    eng->finish();
    out.stats = eng->stats();
    return out;
  };
  const JsonRun automatic = run_with(rt::EngineOptions::Prefilter::Auto);
  const JsonRun off = run_with(rt::EngineOptions::Prefilter::Off);
  EXPECT_GT(automatic.stats.prefiltered, 100u);  // of 544 exec events
  EXPECT_EQ(off.stats.prefiltered, 0u);
  EXPECT_EQ(automatic.stats.events, off.stats.events);
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_FALSE(off.rows.empty());
  EXPECT_EQ(sorted(automatic.rows), sorted(off.rows));
}

TEST(LinePrefilter, WordAndValueEndChecks) {
  std::vector<rt::BindingLiterals> b(2);
  b[0].always = false;
  b[0].any_of = {"nc"};
  b[0].word = {rt::kWordStart | rt::kWordEnd};
  b[1].always = false;
  b[1].any_of = {"\"id\""};
  b[1].word = {rt::kValueEnd};
  std::string err;
  auto p = rt::LinePrefilter::build(b, &err);
  ASSERT_TRUE(p) << err;
  uint8_t c[2];
  auto scan = [&](std::string_view line) {
    p->scan(line, c);
    return std::vector<uint8_t>(c, c + 2);
  };
  using V = std::vector<uint8_t>;
  EXPECT_EQ(scan(R"({"x":"sync","id":1})"), (V{0, 0}));     // inside a word; "id" a key
  EXPECT_EQ(scan(R"({"x":"nc","y":"ID"})"), (V{1, 1}));
  EXPECT_EQ(scan(R"({"x":"a nc_ b", "id" : 1})"), (V{0, 0}));
  EXPECT_EQ(scan(R"({"x":"a	NC"})"), (V{1, 0}));            // 	 stands for a control character
  EXPECT_EQ(scan(R"({"x":"syncnc nc"})"), (V{1, 0}));        // a later match counts
  EXPECT_EQ(scan(R"({"a":"id" })"), (V{0, 1}));
  EXPECT_EQ(scan("nc"), (V{1, 0}));                           // the line's ends are boundaries
}

TEST(LinePrefilter, EscapesMakeEveryBindingACandidate) {
  std::vector<rt::BindingLiterals> b(3);
  b[0].always = false;
  b[0].any_of = {"\"curl\""};
  b[1].always = false;
  b[1].any_of = {"wget"};
  b[2].always = true;
  std::string err;
  auto p = rt::LinePrefilter::build(b, &err);
  ASSERT_TRUE(p) << err;
  uint8_t c[3];
  p->scan(R"({"x":"CURL"})", c);
  EXPECT_EQ(std::vector<uint8_t>(c, c + 3), (std::vector<uint8_t>{1, 0, 1}));
  p->scan(R"({"x":"nothing"})", c);
  EXPECT_EQ(std::vector<uint8_t>(c, c + 3), (std::vector<uint8_t>{0, 0, 1}));
  p->scan(R"({"x":"cu\u0072l"})", c);
  EXPECT_EQ(std::vector<uint8_t>(c, c + 3), (std::vector<uint8_t>{1, 1, 1}));
  p->scan(R"({"x":"a\/b"})", c);
  EXPECT_EQ(std::vector<uint8_t>(c, c + 3), (std::vector<uint8_t>{1, 1, 1}));
}

}  // namespace
}  // namespace rulejit::engine_test
