// Google Benchmark microbenchmarks for the hot runtime helpers: search
// wildcard matching, IN-set membership, case-insensitive equality, strptime,
// and field extraction from a real Tetragon event.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "compiler/ir/expr.h"
#include "runtime/events/event_extractor.h"
#include "runtime/events/prefix_scan.h"
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

// A process_exec event of the bundled sample and the fields the seed pack's
// rules read from it.
struct ExecEvent {
  std::string line, padded;
  rt::Line padded_line;
  rt::FieldPathSet paths;
  int binary = -1;
  ExecEvent() {
    std::ifstream in(std::string(RULEJIT_SOURCE_DIR) + "/rules/samples/tetragon-sample.ndjson");
    while (std::getline(in, line) && line.find("\"process_exec\"") == std::string::npos) {
    }
    for (const char* p : {"process_exec.process.binary", "process_exec.process.arguments", "process_exec.process.pid",
                          "process_exec.parent.binary", "process_exec.process.pod.name", "node_name", "cluster_name",
                          "time"})
      paths.add(p);
    paths.add_presence("process_exec");
    binary = paths.find("process_exec.process.binary");
    padded_line = rt::padded_line(padded, line, "bench");
  }
};

// Every demanded field: simdjson stage 1 over the line, then the On-Demand walk.
void BM_ExtractTetragonFields(benchmark::State& st) {
  ExecEvent ev;
  rt::EventExtractor ex;
  rt::EventFields fields;
  for (auto _ : st) benchmark::DoNotOptimize(ex.extract(ev.line, ev.paths, fields));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * ev.line.size()));
}
BENCHMARK(BM_ExtractTetragonFields);

// The JIT's first pass over the same event: read up to process.binary, then
// stop; exact reader (stage 1 + walk with early stop) against PrefixScanner.
rt::EarlyStop stop_after_binary(const ExecEvent& ev) {
  rt::EarlyStop stop;
  rt::EarlyStop::Group g;
  g.key = "process_exec";
  g.wait_for(ev.binary);
  stop.groups.push_back(g);
  return stop;
}

void BM_FirstPassExact(benchmark::State& st) {
  ExecEvent ev;
  const rt::EarlyStop stop = stop_after_binary(ev);
  rt::EventExtractor ex;
  rt::EventFields fields;
  for (auto _ : st) benchmark::DoNotOptimize(ex.extract(ev.padded_line, ev.paths, fields, &stop));
}
BENCHMARK(BM_FirstPassExact);

void BM_FirstPassPrefixScan(benchmark::State& st) {
  ExecEvent ev;
  const rt::EarlyStop stop = stop_after_binary(ev);
  rt::PrefixScanner scanner;
  rt::EventFields fields;
  for (auto _ : st) benchmark::DoNotOptimize(scanner.scan(ev.padded_line, ev.paths, stop, fields));
}
BENCHMARK(BM_FirstPassPrefixScan);

// A prefix scan of the whole event: the group waits for `names` (in
// `paths`), some of them after the process_exec object, so it reads to the end.
void run_prefix_scan_to_end(benchmark::State& st, const ExecEvent& ev, const rt::FieldPathSet& paths,
                            std::initializer_list<const char*> names) {
  rt::EarlyStop stop;
  rt::EarlyStop::Group g;
  g.key = "process_exec";
  for (const char* n : names) g.wait_for(paths.find(n));
  stop.groups.push_back(g);
  rt::PrefixScanner scanner;
  rt::EventFields fields;
  bool ok = true;
  for (auto _ : st) ok &= scanner.scan(ev.padded_line, paths, stop, fields);
  if (!ok || fields.values(paths.find(*names.begin())).size() != 1) st.SkipWithError("declined or not found");
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * ev.line.size()));
}

// The prefix scanner made to read every demanded field: whether it could
// replace simdjson for the full read of a matched event (2026-12-06, with
// block skipping: 694 ns here against 760-834 ns for BM_ExtractTetragonFields;
// it stays simdjson because only the exact reader rejects every malformed line).
void BM_FullReadPrefixScan(benchmark::State& st) {
  ExecEvent ev;
  run_prefix_scan_to_end(st, ev, ev.paths,
                         {"process_exec.process.binary", "process_exec.process.arguments", "process_exec.process.pid",
                          "process_exec.parent.binary", "process_exec.process.pod.name", "node_name", "cluster_name",
                          "time"});
}
BENCHMARK(BM_FullReadPrefixScan);

// Only cluster_name, the last top-level key: the scanner skips the
// process_exec object whole (find_container_end) without descending into it.
void BM_PrefixScanSkipToLastTopLevelKey(benchmark::State& st) {
  ExecEvent ev;
  rt::FieldPathSet paths;
  paths.add_presence("process_exec");
  paths.add("cluster_name");
  run_prefix_scan_to_end(st, ev, paths, {"cluster_name"});
}
BENCHMARK(BM_PrefixScanSkipToLastTopLevelKey);

}  // namespace

BENCHMARK_MAIN();

