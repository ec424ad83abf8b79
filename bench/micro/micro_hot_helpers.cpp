// Google Benchmark microbenchmarks for the hot runtime helpers: search
// wildcard matching, IN-set membership, case-insensitive equality, strptime,
// and field extraction from a real Tetragon event.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "compiler/ir/expr.h"
#include "runtime/events/event_extractor.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/registry.h"
#include "runtime/interp/search_matcher.h"

namespace {

using namespace rulejit;

const std::string kValue = "/usr/local/bin/powershell-preview -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA";

void BM_GlobExact(benchmark::State& st) {
  rt::GlobPattern g("curl", false);
  for (auto _ : st) benchmark::DoNotOptimize(g.match("CURL"));
}
BENCHMARK(BM_GlobExact);

void BM_GlobSuffix(benchmark::State& st) {
  rt::GlobPattern g("*\\mshta.exe", false);
  for (auto _ : st) benchmark::DoNotOptimize(g.match(kValue));
}
BENCHMARK(BM_GlobSuffix);

void BM_GlobContains(benchmark::State& st) {
  rt::GlobPattern g("*-enc*", false);
  for (auto _ : st) benchmark::DoNotOptimize(g.match(kValue));
}
BENCHMARK(BM_GlobContains);

void BM_GlobGeneral(benchmark::State& st) {
  rt::GlobPattern g("*power*enc*bgb*", false);
  for (auto _ : st) benchmark::DoNotOptimize(g.match(kValue));
}
BENCHMARK(BM_GlobGeneral);

void BM_SetMembership(benchmark::State& st) {
  ir::Matcher m;
  m.kind = ir::Matcher::Kind::Set;
  m.items = {"bash", "csh", "dash", "eshell", "fish", "ion", "ksh", "rbash", "sh", "tcsh", "zsh"};
  rt::SearchMatcher sm(m);
  const char* names[] = {"sh", "python3", "BASH", "containerd-shim-runc-v2"};
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(sm.matches(names[i++ & 3]));
}
BENCHMARK(BM_SetMembership);

void BM_EqCi(benchmark::State& st) {
  std::string a = "cisco:isovalent:processExec", b = "cisco:isovalent:processexec";
  for (auto _ : st) benchmark::DoNotOptimize(rt::eq_ci(a, b));
}
BENCHMARK(BM_EqCi);

void BM_Strptime(benchmark::State& st) {
  const rt::FunctionInfo* fn = rt::find_function("strptime");
  rt::FunctionContext ctx;
  std::vector<rt::Value> args{rt::Value::string("2025-08-14T20:42:47.459945318Z"),
                              rt::Value::string("%Y-%m-%dT%H:%M:%S.%9Q")};
  for (auto _ : st) benchmark::DoNotOptimize(fn->impl(args, ctx));
}
BENCHMARK(BM_Strptime);

void BM_ExtractTetragonFields(benchmark::State& st) {
  std::ifstream in(std::string(RULEJIT_SOURCE_DIR) + "/rules/samples/tetragon-sample.ndjson");
  std::string line;
  while (std::getline(in, line) && line.find("\"process_exec\"") == std::string::npos) {
  }
  rt::FieldPathSet paths;
  for (const char* p : {"process_exec.process.binary", "process_exec.process.arguments", "process_exec.process.pid",
                        "process_exec.parent.binary", "process_exec.process.pod.name", "node_name", "cluster_name",
                        "time"})
    paths.add(p);
  paths.add_presence("process_exec");
  rt::EventExtractor ex;
  rt::EventFields fields;
  for (auto _ : st) benchmark::DoNotOptimize(ex.extract(line, paths, fields));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * line.size()));
}
BENCHMARK(BM_ExtractTetragonFields);

}  // namespace

BENCHMARK_MAIN();
