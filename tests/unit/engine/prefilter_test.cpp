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
  // An eval first, then a regex: no literal.
  const auto* tools = literals_of(*pack, plan, "Cisco Isovalent - Reverse Shell Command Line", "tetragon_process_exec");
  ASSERT_TRUE(tools);
  EXPECT_TRUE(tools->always);
}

// A rule over plain JSON (tests/golden/fieldmaps): fields are copies.
struct JsonRun {
  std::vector<std::string> rows;
  rt::EngineStats stats;
};
JsonRun run_json(const std::string& engine, const std::string& search, const std::string& input) {
  const auto dir = std::filesystem::temp_directory_path() / ("rulejit-prefilter-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "r.yml") << "name: r\nid: r\nsearch: '" << search << "'\n";
  PackSources s;
  s.rule_paths = {(dir / "r.yml").string()};
  s.fieldmap_dirs = {kRepo + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(s);
  std::filesystem::remove_all(dir);
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
                                           "\\\"", "4444", "sh", "bash", "/bin/", "x", ""};
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
                             "sourcetype=_json (x=4444 OR y=bash) | table id", "sourcetype=_json x IN (\"-k\", \"url\") | table id"}) {
    const JsonRun interp = run_json("interp", search, input);
    const JsonRun jit = run_json("jit", search, input);
    EXPECT_EQ(jit.rows, interp.rows) << search;
  }
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
