// Helpers for the end-to-end engine tests: a bundled rule run over NDJSON
// text under one executor, collecting result rows and counters.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"

namespace rulejit::engine_test {

inline const std::string kRepo = RULEJIT_SOURCE_DIR;

inline std::string slurp_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A process_exec event of /bin/sh with this pid (a Shell Execution match).
inline std::string shell_event(int pid) {
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(pid) +
         R"(,"binary":"/bin/sh","pod":{"name":"web-1"}},"parent":{"binary":"/usr/sbin/runc"}},)"
         R"("node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
}

// The pack of `rules` with the bundled macros and field maps.
inline std::shared_ptr<ir::Pack> pack_of(const std::vector<std::string>& rules) {
  PackSources s;
  s.rule_paths = rules;
  s.macro_dirs = {kRepo + "/rules/macros"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  return build_pack(s).pack;
}

// The field map of Tetragon process_exec events in `pack`, or nullptr.
inline const ir::FieldMapProgram* exec_fieldmap(const ir::Pack& pack) {
  for (const auto& fm : pack.fieldmaps)
    if (fm.match_key == "process_exec") return &fm;
  return nullptr;
}

// The JIT's views of the process_exec field map for `rules`: the field of
// each view, in view order, and how many are eager (read by the first pass).
struct ExecViews {
  std::vector<std::string> names;
  uint32_t eager = 0;
};
inline ExecViews exec_views(const std::vector<std::string>& rules) {
  auto pack = pack_of(rules);
  std::string err;
  auto native = jit::compile_native_pack(*pack, jit::CompileOptions{}, &err);
  EXPECT_TRUE(native) << err;
  ExecViews v;
  for (size_t f = 0; native && f < pack->fieldmaps.size(); ++f) {
    if (pack->fieldmaps[f].match_key != "process_exec") continue;
    const auto& code = native->fieldmaps()[f];
    for (ir::SlotId d : code.view_slots) v.names.push_back(pack->fieldmaps[f].derive.slots[d]);
    v.eager = code.eager_views;
  }
  return v;
}

struct Outcome {
  std::vector<std::string> rows;
  rt::EngineStats stats;
  rt::ReadStats source;
};

// Runs the bundled Shell Execution rule (or `rules`) over `input` under `engine`.
inline Outcome run(const std::string& engine, const std::string& input,
                   std::vector<std::string> rules = {kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"},
                   bool validate_every_line = false, size_t max_line_bytes = 4096) {
  PackSources s;
  s.rule_paths = std::move(rules);
  s.macro_dirs = {kRepo + "/rules/macros"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  BuildResult built = build_pack(s);
  Outcome out;
  rt::EngineOptions eo;
  eo.prefilter = rt::EngineOptions::Prefilter::On;  // exercised on every test pack (exact, so rows are equal)
  eo.now = 1755200000;
  eo.validate_every_line = validate_every_line;
  std::string err;
  auto eng = make_engine(engine, built.pack, eo,
                         [&](uint32_t, const ir::Plan& plan, const rt::Row& row) {
                           out.rows.push_back(rt::format_result_json("r", "", plan, row));
                         },
                         &err);
  EXPECT_TRUE(eng) << err;
  if (!eng) return out;
  rt::LineSourceOptions lo;
  lo.max_line_bytes = max_line_bytes;
  auto src = rt::LineSource::from_memory(input, "bad.ndjson", lo);
  rt::Line line;
  while (src.next(line)) eng->push(line);
  eng->finish();
  out.stats = eng->stats();
  out.source = src.stats();
  return out;
}

}  // namespace rulejit::engine_test
