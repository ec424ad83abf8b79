// Detections with long boolean expressions (bench/bigexpr/big_expr.h):
//  - every shape gives the rows of its terms one by one (the union of what
//    each OR-ed term keeps, the intersection for AND-ed ones), as computed by
//    the interpreter on single-term rules, which lowering never merges; and
//    the JIT gives the interpreter's rows. Events mix case differences,
//    wildcard hits, missing fields, multivalue fields and numbers.
//  - the big-expression paths are taken: one set / glob-list / in() test
//    per field, and generated code whose size does not grow with the
//    expression once it is past the compile budget (code_budget.h).
// No timings: sizes stand for them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "bench/bigexpr/big_expr.h"
#include "compiler/codegen/code_budget.h"
#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "tests/unit/differential/random_spl.h"
#include "tests/unit/engine/engine_test_util.h"

namespace rulejit::bigexpr {
namespace {
namespace fs = std::filesystem;

const std::string kRepo = RULEJIT_SOURCE_DIR;
// Events carry arrays in a and b (the multivalue fields a{} and b{}),
// single values in c and d.
const std::vector<std::string> kEventFields = {"a", "b", "c", "d"};

// A scratch folder of detection files, removed at the end.
struct RuleDir {
  fs::path dir;
  explicit RuleDir(const std::string& tag) {
    dir = fs::temp_directory_path() / ("rulejit-bigexpr-" + std::to_string(::getpid()) + "-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~RuleDir() { fs::remove_all(dir); }
  void add(const std::string& name, const std::string& search) const {
    std::ofstream(dir / (name + ".yml")) << detection_yaml(name, search);
  }
};

std::shared_ptr<ir::Pack> build(const fs::path& dir) {
  PackSources src;
  src.rule_paths = {dir.string()};
  src.macro_dirs = {kRepo + "/rules/macros"};
  src.fieldmap_dirs = {kRepo + "/tests/golden/fieldmaps"};
  BuildResult built = build_pack(src);
  for (const auto& r : built.rules)
    EXPECT_EQ(r.state, RuleState::Ok) << r.name << ": " << (r.first_error() ? r.first_error()->message : "");
  return built.pack;
}

// Result rows per rule under one executor.
std::map<std::string, std::vector<std::string>> run(const std::string& engine, const std::shared_ptr<ir::Pack>& pack,
                                                    const std::vector<std::string>& events) {
  std::map<std::string, std::vector<std::string>> rows;
  rt::EngineOptions eo;
  eo.now = 1700000000;
  std::string err;
  auto eng = make_engine(engine, pack, eo,
                         [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
                           const auto& r = pack->rules[rule];
                           rows[r.name].push_back(rt::format_result_json(r.name, r.id, plan, row));
                         },
                         &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return rows;
  for (const auto& e : events) eng->push_text(e);
  eng->finish();
  return rows;
}

std::set<std::string> ids(const std::vector<std::string>& rows) {
  std::set<std::string> out;
  for (const auto& r : rows) {
    const auto at = r.find("\"id\":\"");
    if (at != std::string::npos) out.insert(r.substr(at + 6, r.find('"', at + 6) - at - 6));
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// One JSON value near term i: exact, other case, wildcard hits (contains,
// prefix, suffix), the paired value of Nested, empty, unrelated, a number.
std::string value_near(difftest::Random& r, int n) {
  const int i = static_cast<int>(r.below(static_cast<size_t>(n) + 3));
  const std::string v = value_of(i);
  switch (r.below(9)) {
    case 0: case 1: return "\"" + v + "\"";
    case 2: return "\"" + upper(v) + "\"";
    case 3: return "\"pre" + v + "post\"";
    case 4: return "\"" + v + "tail\"";
    case 5: return "\"head" + v + "\"";
    case 6: return "\"w" + std::to_string(i) + "\"";
    case 7: return r.chance(50) ? "\"\"" : "\"zzz\"";
    default: return std::to_string(i);
  }
}

// `"name":value`, or `"name":[v1, ...]` (one to three values) for an array
// field, or nothing (missing field).
void add_field(difftest::Random& r, int n, const std::string& name, bool array, std::string& json) {
  if (r.chance(20)) return;
  json += ",\"" + name + "\":";
  if (!array) {
    json += value_near(r, n);
    return;
  }
  json += "[" + value_near(r, n);
  for (size_t k = r.below(3); k > 0; --k) json += "," + value_near(r, n);
  json += "]";
}

std::vector<std::string> events_for(Shape shape, int n, uint64_t seed) {
  difftest::Random r(seed);
  std::vector<std::string> out;
  for (int e = 0; e < 300; ++e) {
    std::string json = "{\"id\":\"" + std::to_string(e) + "\"";
    for (const auto& f : kEventFields) add_field(r, n, f, f == "a" || f == "b", json);
    if (shape == Shape::Distinct || shape == Shape::DistinctNot) {
      for (int k = 0; k < 3; ++k)
        add_field(r, n, "a_" + std::to_string(r.below(static_cast<size_t>(n) + 2)), false, json);
      // A field with the value its own term tests (or another case of it).
      const int i = static_cast<int>(r.below(static_cast<size_t>(n) * 3));
      if (i < n) json += ",\"a_" + std::to_string(i) + "\":\"" + (r.chance(50) ? value_of(i) : upper(value_of(i))) + "\"";
    }
    // A pair of Nested's test, or a near miss.
    if (shape == Shape::Nested && r.chance(30)) {
      const int i = static_cast<int>(r.below(static_cast<size_t>(n)));
      json += ",\"e\":{\"a\":\"" + value_of(i) + "\",\"b\":\"w" + std::to_string(i + (r.chance(50) ? 0 : 1)) + "\"}";
    }
    out.push_back(json + "}");
  }
  return out;
}

// The fields each shape tests: multivalue a{} and b{} first; Nested's pairs
// live in e.a / e.b (correlated values, see events_for).
std::vector<std::string> fields_for(Shape shape) {
  if (shape == Shape::Nested) return {"e.a", "e.b"};
  if (shape == Shape::Distinct || shape == Shape::DistinctNot) return {"a"};
  if (is_where(shape)) return {"'a{}'", "'b{}'", "c", "d"};  // eval quotes such names
  return {"a{}", "b{}", "c", "d"};
}

TEST(BigExpressions, RowsAreThoseOfTheTermsOneByOneUnderBothExecutors) {
  size_t kept_total = 0;
  for (const auto& info : shapes()) {
    // 20: 40 field tests in Nested, past one function's share (code_budget.h).
    for (int n : {5, 20, 40, 300}) {
      SCOPED_TRACE(std::string(info.name) + " N=" + std::to_string(n));
      const auto fields = fields_for(info.shape);
      RuleDir dir(std::string(info.name) + "-" + std::to_string(n));
      const std::string prefix = "sourcetype=_json", suffix = "| table id";
      dir.add("big", big_search(info.shape, n, fields, prefix, suffix));
      for (int i = 0; i < n; ++i)
        dir.add("term" + std::to_string(i), make_search(is_where(info.shape), term(info.shape, i, fields), prefix, suffix));
      auto pack = build(dir.dir);
      ASSERT_TRUE(pack);
      const auto events = events_for(info.shape, n, static_cast<uint64_t>(n) * 31 + info.name[0]);
      auto interp = run("interp", pack, events);
      // The terms one by one: OR-ed terms keep what any keeps, AND-ed ones
      // what all keep.
      std::set<std::string> expected;
      if (conjunction(info.shape))
        for (const auto& e : events) expected.insert(e.substr(7, e.find('"', 7) - 7));
      for (int i = 0; i < n; ++i) {
        auto t = ids(interp["term" + std::to_string(i)]);
        if (conjunction(info.shape)) {
          std::set<std::string> both;
          std::set_intersection(expected.begin(), expected.end(), t.begin(), t.end(), std::inserter(both, both.end()));
          expected = std::move(both);
        } else {
          expected.insert(t.begin(), t.end());
        }
      }
      EXPECT_EQ(ids(interp["big"]), expected);
      // The JIT compiles only the big rule (the term rules would be a pack
      // of 300 rules: not what this test is about).
      RuleDir big_only(std::string(info.name) + "-" + std::to_string(n) + "-big");
      big_only.add("big", big_search(info.shape, n, fields, prefix, suffix));
      auto jit_pack = build(big_only.dir);
      EXPECT_EQ(run("jit", jit_pack, events)["big"], run("interp", jit_pack, events)["big"]);
      EXPECT_EQ(run("jit", jit_pack, events)["big"], interp["big"]);
      kept_total += expected.size();
      // Something is kept and something dropped, or the test shows nothing.
      EXPECT_GT(expected.size(), 0u);
      EXPECT_LT(expected.size(), events.size());
    }
  }
  std::printf("big expressions: %zu rows kept in all\n", kept_total);
}

// The plan of one detection with this search (over `_json` events).
std::string plan_text(const std::string& search) {
  RuleDir dir("plan");
  dir.add("r", search);
  auto pack = build(dir.dir);
  return pack && !pack->rules.empty() ? ir::print_plan(*pack->rules[0].plan) : "";
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(BigExpressions, ValuesOfOneFieldAreOneTest) {
  const std::string pre = "sourcetype=_json";
  // 2,000 OR-ed values of a: one set test.
  std::string eq = plan_text(big_search(Shape::Eq, 2000, {"a"}, pre, ""));
  EXPECT_EQ(count(eq, "(match %"), 2u) << eq.substr(0, 300);  // sourcetype and the set
  EXPECT_EQ(count(eq, "set["), 1u);
  // Fields in turn: one set per field.
  std::string mixed = plan_text(big_search(Shape::Mixed, 2000, {"a", "b", "c", "d"}, pre, ""));
  EXPECT_EQ(count(mixed, "set["), 4u);
  EXPECT_EQ(count(mixed, "(match %"), 5u);
  // Wildcards: one glob list.
  std::string wild = plan_text(big_search(Shape::Wildcard, 2000, {"a"}, pre, ""));
  EXPECT_EQ(count(wild, "globs["), 1u);
  EXPECT_EQ(count(wild, "(match %"), 2u);
  // Exclusions: a=* AND NOT (one set).
  std::string ne = plan_text(big_search(Shape::Ne, 2000, {"a"}, pre, ""));
  EXPECT_NE(ne.find("(exists %1:a) (not (match %1:a set["), std::string::npos) << ne.substr(0, 300);
  EXPECT_EQ(count(ne, "(match %"), 2u);
  std::string nots = plan_text(big_search(Shape::Not, 2000, {"a"}, pre, ""));
  EXPECT_EQ(count(nots, "(not (match %1:a set["), 1u);
  EXPECT_EQ(count(nots, "(exists"), 0u);  // NOT a=v keeps events without a
  // where: one in() per field, in one flat OR.
  std::string where = plan_text(big_search(Shape::Where, 2000, {"a", "b", "c", "d"}, pre, ""));
  EXPECT_EQ(count(where, "(in "), 4u) << where.substr(0, 300);
  EXPECT_EQ(count(where, "(=="), 0u);
  // An operand that can fail keeps the where's terms one by one (regrouped,
  // an error could be skipped or added).
  std::string failing = plan_text(pre + " | where a=\"x\" OR tonumber(b)>1 OR a=\"y\"");
  EXPECT_EQ(count(failing, "(in "), 0u) << failing;
}

// The LLVM IR of one detection with this search.
std::string llvm_ir(const std::string& search) {
  RuleDir dir("llvm");
  dir.add("r", search);
  auto pack = build(dir.dir);
  if (!pack) return "";
  jit::CompileOptions co;
  co.keep_ir = true;
  std::string err;
  auto native = jit::compile_native_pack(*pack, co, &err);
  EXPECT_TRUE(native) << err;
  return native ? native->llvm_ir() : "";
}

TEST(BigExpressions, GeneratedCodeStopsGrowingPastTheBudget) {
  const std::string pre = "sourcetype=_json";
  // Within the budget but past one function's share: parts of their own.
  const int pairs = static_cast<int>(jit::kMaxCompiledTerms / 2);
  std::string mid = llvm_ir(big_search(Shape::Nested, pairs, {"a", "b"}, pre, ""));
  EXPECT_NE(mid.find("rj_part_"), std::string::npos);
  EXPECT_EQ(mid.find("rj_stage"), std::string::npos);
  // Past the budget: the interpreter's filter, and code of the same size
  // whatever the expression's length.
  std::string big = llvm_ir(big_search(Shape::Nested, 2000, {"a", "b"}, pre, ""));
  std::string bigger = llvm_ir(big_search(Shape::Nested, 5000, {"a", "b"}, pre, ""));
  EXPECT_NE(big.find("rj_stage"), std::string::npos);
  EXPECT_EQ(big.size(), bigger.size());
  EXPECT_LT(big.size(), mid.size());
  std::string where_like = llvm_ir(big_search(Shape::WhereLike, 2000, {"a"}, pre, ""));
  EXPECT_NE(where_like.find("rj_stage"), std::string::npos);
  EXPECT_EQ(where_like.find("rj_op_like"), std::string::npos);
  // Merged lists are small whatever their length.
  std::string eq = llvm_ir(big_search(Shape::Eq, 5000, {"a"}, pre, ""));
  EXPECT_LT(eq.size(), mid.size());
}

// Tetragon events (the bundled sample) through the bundled field maps:
// basename views, fields derived by a helper (process), lazy views, inline
// parts and interpreted stages, under both executors.
TEST(BigExpressions, TetragonSampleAgreesUnderBothExecutors) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  const Pairs names = {{"bash", "runc"}, {"sh", "runc"},  {"curl", "bash"},
                       {"wget", "sh"},   {"curl", "sh"},  {"redis-cli", "runc"}};
  // Raw fields (no basename): a view the JIT must fetch itself when lazy.
  const Pairs paths = {{"/bin/sh", "/home/kubernetes/bin/runc"}, {"/bin/bash", "/usr/local/sbin/runc"},
                       {"/usr/bin/curl", "/bin/bash"},           {"/usr/bin/wget", "/bin/sh"}};
  auto pairs = [&](int n, const Pairs& real, const std::string& f, const std::string& g) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      // Real pairs, the same names crossed (near misses), invented ones.
      const auto& p = real[static_cast<size_t>(i) % real.size()];
      const auto& q = real[static_cast<size_t>(i / 2) % real.size()];
      const std::string a = i % 3 == 2 ? value_of(i) : p.first, b = i % 3 == 1 ? q.second : p.second;
      out += (i ? " OR " : "") + ("(" + f + "=\"") + (i % 4 == 0 ? upper(a) : a) + "\" AND " + g + "=\"" + b + "\")";
    }
    return out;
  };
  auto name_pairs = [&](int n) { return pairs(n, names, "process_name", "parent_process_name"); };
  auto path_pairs = [&](int n) { return pairs(n, paths, "process_path", "parent_process_path"); };
  auto words = [&](int n, const std::string& form) {
    const std::vector<std::string> w = {"curl", "ping", "http", "-c", "redis"};
    std::string out;
    for (int i = 0; i < n; ++i) {
      std::string v = i < 5 ? w[static_cast<size_t>(i)] : value_of(i);
      std::string t = form;
      t.replace(t.find('@'), 1, v);
      out += (i ? " OR " : "") + t;
    }
    return out;
  };
  const std::string exec = "`cisco_isovalent_process_exec` ";
  const std::string table = " | table process_name parent_process_name process pod_name";
  const std::vector<std::string> searches = {
      exec + "(" + name_pairs(6) + ")" + table,
      exec + "(" + name_pairs(20) + ")" + table,   // inline, in parts
      exec + "(" + name_pairs(300) + ")" + table,  // interpreted
      // After pod_name=*, the pairs' fields are fetched when needed (lazy views).
      exec + "pod_name=* (" + name_pairs(20) + ")" + table,
      exec + "pod_name=* (" + path_pairs(20) + ")" + table,
      exec + "pod_name=* (" + path_pairs(300) + ")" + table,
      exec + "(" + words(5, "process=\"*@*\"") + ")" + table,   // a short glob list, inline
      exec + "(" + words(300, "process=\"*@*\"") + ")" + table,  // a long one
      exec + "| where " + words(10, "like(process, \"%@%\")") + table,
      exec + "| where " + words(300, "like(process, \"%@%\")") + table,
      exec + "| where process_name=\"sh\" OR " + words(300, "process_name=\"@\"") + " OR parent_process_name=\"bash\"" + table,
  };
  std::string sample;
  {
    std::ifstream in(kRepo + "/rules/samples/tetragon-sample.ndjson");
    sample.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (size_t k = 0; k < searches.size(); ++k) {
    SCOPED_TRACE("search " + std::to_string(k));
    RuleDir dir("tetragon-" + std::to_string(k));
    dir.add("r", searches[k]);
    const std::vector<std::string> rules = {(dir.dir / "r.yml").string()};
    auto interp = engine_test::run("interp", sample, rules);
    auto jit = engine_test::run("jit", sample, rules);
    EXPECT_EQ(jit.rows, interp.rows);
    ASSERT_EQ(jit.stats.rules.size(), 1u);
    ASSERT_EQ(interp.stats.rules.size(), 1u);
    EXPECT_EQ(jit.stats.rules[0].matched, interp.stats.rules[0].matched);
    EXPECT_EQ(jit.stats.rules[0].eval_errors, interp.stats.rules[0].eval_errors);
    EXPECT_GT(interp.rows.size(), 0u);
  }
}

}  // namespace
}  // namespace rulejit::bigexpr
