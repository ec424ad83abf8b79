// rulejit bench: throughput of a pack under each executor, and of the
// hand-written baseline, on the same in-memory input in one run; compile
// time cold and cached; per-rule matches and time share. Ratios, not
// absolute numbers, are what to compare on a noisy machine.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/baseline/shell_execution_baseline.h"
#include "bench/generator/tetragon_generator.h"
#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "runtime/core/output_file.h"
#include "runtime/engine/result_format.h"
#include "runtime/events/event_extractor.h"
#include "runtime/stream/parallel_engine.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/subcommands.h"
#include "tools/rulejit/sweep_plot.h"

namespace rulejit::cli {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  PackOptions pack;
  std::string input;
  std::string generate = "256M";
  uint64_t seed = 42;
  std::vector<std::string> engines{"interp", "jit"};
  bool shares = true;
  bool once = false;
  int repeat = 3;
  // --sweep: pack sizes to measure instead of the usual table ("all" = every rule).
  std::vector<std::string> sweep;
  std::string sweep_tsv;                // write the curve here
  std::string plot;                     // draw it here (SVG)
  std::vector<std::string> plot_with;   // earlier curves (TSV) drawn beside it
  std::string label;                    // added to this run's curve names
  size_t threads = 0;                   // > 1: also measure the JIT on this many threads (0 = cores)
};

double secs(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the whole process (all threads), in ms: start-up steps run on
// several threads, and on a machine shared with other builds their wall time
// says little on its own.
double process_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

uint64_t parse_size(const std::string& s) {
  double v = std::stod(s);
  char u = s.empty() ? 0 : static_cast<char>(std::toupper(static_cast<unsigned char>(s.back())));
  if (u == 'K') v *= 1024;
  if (u == 'M') v *= 1024 * 1024;
  if (u == 'G') v *= 1024.0 * 1024 * 1024;
  return static_cast<uint64_t>(v);
}

struct RunResult {
  double seconds = 0;
  uint64_t events = 0;
  uint64_t results = 0;
  rt::EngineStats stats;
};

// Pushes every line of `data` through `eng` and finishes it, timed.
void time_engine(rt::Engine& eng, std::string_view data, RunResult& r) {
  auto src = rt::LineSource::from_padded_memory(data, "<bench>");
  rt::Line line;
  auto t0 = Clock::now();
  while (src.next(line)) eng.push(line);
  eng.finish();
  r.seconds = secs(t0);
  r.stats = eng.stats();
  r.events = r.stats.events;
}

RunResult run_engine(const std::string& engine, std::shared_ptr<const ir::Pack> pack, std::string_view data,
                     const std::string& cache_dir, bool validate_every_line = false) {
  RunResult r;
  rt::EngineOptions eo;
  eo.now = 1755200000;
  eo.code_cache_dir = cache_dir;
  eo.validate_every_line = validate_every_line;
  std::string err;
  auto eng = make_engine(engine, pack, eo, [&](uint32_t, const ir::Plan&, const rt::Row&) { ++r.results; }, &err);
  if (!eng) throw std::runtime_error(err);
  time_engine(*eng, data, r);
  return r;
}

// The same on `threads` worker threads (runtime/stream/parallel_engine.h),
// the native code prepared once. `rows` gets every result row's JSON, for
// comparing with one thread.
RunResult run_threads(const std::string& engine, std::shared_ptr<const ir::Pack> pack, std::string_view data,
                      size_t threads, std::vector<std::string>* rows) {
  RunResult r;
  rt::EngineOptions eo;
  eo.now = 1755200000;
  std::string err;
  rt::SinkEngineFactory maker = engine_maker(engine, pack, nullptr, eo, &err);
  if (!maker) throw std::runtime_error(err);
  auto eng = rt::make_parallel_engine(
      pack, rt::ParallelOptions{threads}, maker,
      [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
        ++r.results;
        if (rows) rows->push_back(rt::format_result_json(pack->rules[rule].name, "", plan, row));
      },
      &err);
  if (!eng) throw std::runtime_error(err);
  time_engine(*eng, data, r);
  return r;
}

// The pack with one rule only, compiled again from its detection file.
std::shared_ptr<ir::Pack> only_rule(const PackSources& sources, const ir::Pack& full, size_t rule) {
  PackSources one = sources;
  one.rule_paths = {full.rules[rule].file};
  return build_pack(one).pack;
}

// Sizes of the sweep, ascending, each in [1, available]; "all" = available.
std::vector<size_t> sweep_sizes(const std::vector<std::string>& spec, size_t available) {
  std::vector<size_t> out;
  for (const auto& s : spec) {
    if (s == "all") {
      out.push_back(available);
      continue;
    }
    size_t used = 0;
    unsigned long long n = 0;
    try {
      n = std::stoull(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || n == 0) throw CLI::ValidationError("--sweep", "'" + s + "' is not a rule count or 'all'");
    if (n <= available) out.push_back(static_cast<size_t>(n));
    else std::fprintf(stderr, "rulejit bench: --sweep %llu skipped: the pack has %zu rules\n", n, available);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The pack-size curve: the first N rules of the pack (Shell Execution first,
// the baseline's own rule, then the pack's order), rebuilt from their files,
// for each N of --sweep, each executor on the same input.
int run_sweep(const BenchOptions& o, const ir::Pack& pack, std::string_view input, size_t bytes) {
  std::vector<std::string> files;
  bool shell_first = false;
  for (const auto& r : pack.rules)
    if (!r.hidden && std::find(files.begin(), files.end(), r.file) == files.end()) {
      if (r.name == "Cisco Isovalent - Shell Execution") {
        files.insert(files.begin(), r.file);
        shell_first = true;
      } else {
        files.push_back(r.file);
      }
    }
  // Then in the order of the --rules arguments (the pack itself is sorted by
  // path): `--rules rules/isovalent --rules CORPUS` puts the bundled rules first.
  const std::vector<std::string> roots = o.pack.sources().rule_paths;
  auto root_of = [&](const std::string& file) {
    for (size_t i = 0; i < roots.size(); ++i)
      if (file.compare(0, roots[i].size(), roots[i]) == 0) return i;
    return roots.size();
  };
  std::stable_sort(files.begin() + (shell_first ? 1 : 0), files.end(),
                   [&](const std::string& a, const std::string& b) { return root_of(a) < root_of(b); });
  const std::vector<size_t> sizes = sweep_sizes(o.sweep, files.size());
  if (sizes.empty()) {
    std::fprintf(stderr, "rulejit bench: no --sweep size fits a pack of %zu rules\n", files.size());
    return 2;
  }
  std::vector<SweepCurve> earlier;
  for (const auto& path : o.plot_with) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string err;
    if (!in || !sweep_from_tsv(ss.str(), earlier, &err)) {
      std::fprintf(stderr, "rulejit bench: --plot-with %s: %s\n", path.c_str(), in ? err.c_str() : "cannot read");
      return 2;
    }
  }
  double base_s = 0;
  uint64_t lines = 0;
  for (int i = 0; i < std::max(1, o.repeat); ++i) {
    auto tb = Clock::now();
    lines = bench::run_shell_execution_baseline(input).lines;
    const double s = secs(tb);
    if (i == 0 || s < base_s) base_s = s;
  }
  const double base_eps = double(lines) / base_s;
  std::printf("baseline (hand-written Shell Execution): %.3f s, %.0f events/s, %.1f MB/s\n\n", base_s, base_eps,
              double(bytes) / 1e6 / base_s);
  std::printf("%6s %-8s %10s %10s %12s %10s %9s\n", "rules", "executor", "front ms", "seconds", "events/s", "MB/s",
              "vs base");
  std::vector<SweepCurve> curves;
  for (const auto& e : o.engines) curves.push_back({o.label.empty() ? e : e + " (" + o.label + ")", {}});
  for (size_t n : sizes) {
    PackSources src = o.pack.sources();
    src.rule_paths.assign(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(n));
    auto tf = Clock::now();
    auto sub = build_pack(src).pack;
    const double front_ms = secs(tf) * 1000;
    for (size_t e = 0; e < o.engines.size(); ++e) {
      RunResult best;
      for (int i = 0; i < std::max(1, o.repeat); ++i) {
        RunResult r = run_engine(o.engines[e], sub, input, "");
        if (i == 0 || r.seconds < best.seconds) best = r;
      }
      SweepPoint p{n, double(best.events) / best.seconds, double(bytes) / 1e6 / best.seconds, base_s / best.seconds};
      curves[e].points.push_back(p);
      std::printf("%6zu %-8s %10.1f %10.3f %12.0f %10.1f %8.3fx\n", n, o.engines[e].c_str(), front_ms, best.seconds,
                  p.events_per_s, p.mb_per_s, p.vs_baseline);
      std::fflush(stdout);
    }
  }
  for (const auto& c : curves) {
    if (c.points.size() < 2) continue;
    const auto& a = c.points.front();
    const auto& b = c.points.back();
    std::printf("%s: %zu -> %zu rules costs %.1fx the time per event\n", c.label.c_str(), a.rules, b.rules,
                a.events_per_s / b.events_per_s);
  }
  if (!o.sweep_tsv.empty()) {
    std::string err;
    if (!rt::write_file_atomically(o.sweep_tsv, sweep_to_tsv(curves), &err)) {
      std::fprintf(stderr, "rulejit bench: %s\n", err.c_str());
      return 4;
    }
  }
  if (!o.plot.empty()) {
    std::vector<SweepCurve> all = earlier;
    all.insert(all.end(), curves.begin(), curves.end());
    const std::string title = fmt::format("rulejit: events/s against pack size ({:.0f} MB of NDJSON, one core)",
                                          double(bytes) / 1e6);
    std::string err;
    if (!rt::write_file_atomically(o.plot, sweep_svg(all, base_eps, title), &err)) {
      std::fprintf(stderr, "rulejit bench: %s\n", err.c_str());
      return 4;
    }
    std::printf("plot: %s\n", o.plot.c_str());
  }
  return 0;
}

int run_bench(const BenchOptions& o) {
  // ---- input, in memory (with simdjson padding)
  std::string data;
  auto tg = Clock::now();
  if (!o.input.empty()) {
    std::ifstream in(o.input, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "rulejit bench: cannot read %s\n", o.input.c_str());
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    data = ss.str();
  } else {
    bench::GeneratorOptions go;
    go.seed = o.seed;
    go.target_bytes = parse_size(o.generate);
    bench::TetragonGenerator gen(go);
    std::string line;
    data.reserve(go.target_bytes + (1 << 20));
    while (!gen.finished()) {
      gen.next(line);
      data += line;
      data += '\n';
    }
  }
  double gen_s = secs(tg);
  size_t bytes = data.size();
  data.append(64, ' ');
  std::string_view input(data.data(), bytes);
  std::printf("input: %s, %.1f MB%s (%.2f s)\n", o.input.empty() ? "generated Tetragon NDJSON" : o.input.c_str(),
              double(bytes) / 1e6, o.input.empty() ? fmt::format(", seed {}", o.seed).c_str() : "", gen_s);

  // ---- compile
  auto tc = Clock::now();
  const double front_cpu0 = process_cpu_ms();
  BuildResult built = build_pack(o.pack.sources());
  double front_ms = secs(tc) * 1000;
  const double front_cpu = process_cpu_ms() - front_cpu0;
  for (const auto& r : built.rules)
    if (r.state != RuleState::Ok && r.first_error()) std::fputs(format_diagnostic(*r.first_error()).c_str(), stderr);
  const ir::Pack& pack = *built.pack;
  std::printf("pack: %zu rules, front end %.1f ms, cpu %.1f ms (macro and lookup definitions %.1f, detections %.1f, link %.1f)\n",
              pack.rules.size(), front_ms, front_cpu, built.times.definitions_ms, built.times.rules_ms,
              built.times.link_ms);
  if (!o.sweep.empty()) return run_sweep(o, pack, input, bytes);
  if (o.once) {
    // One run per executor and nothing else: for counting instructions under
    // valgrind (bench/count-instructions.sh), where each extra measurement
    // would cost minutes.
    for (const auto& e : o.engines) {
      const RunResult r = run_engine(e, built.pack, input, "");
      std::printf("%s: %llu events, %llu result rows\n", e.c_str(), static_cast<unsigned long long>(r.events),
                  static_cast<unsigned long long>(r.results));
    }
    return 0;
  }
  fs::path cache = fs::temp_directory_path() / ("rulejit-bench-cache-" + std::to_string(::getpid()));
  fs::remove_all(cache);
  for (const char* label : {"cold", "cached"}) {
    jit::CompileOptions co;
    co.cache_dir = cache.string();
    std::string err;
    auto t0 = Clock::now();
    const double cpu0 = process_cpu_ms();
    auto np = jit::compile_native_pack(pack, co, &err);
    double ms = secs(t0) * 1000;
    const double cpu = process_cpu_ms() - cpu0;
    if (!np) {
      std::fprintf(stderr, "rulejit bench: JIT compile failed: %s\n", err.c_str());
      return 1;
    }
    std::printf("jit compile %-6s %7.1f ms, cpu %7.1f ms (codegen %.1f ms, %s)\n", label, ms, cpu, np->stats().codegen_ms,
                np->stats().pack_entry_hit ? "whole pack from cache"
                : np->stats().cache_hit    ? "objects from cache"
                                           : "optimized + compiled");
  }
  fs::remove_all(cache);

  // ---- throughput, same input, one run
  struct Row {
    std::string name;
    double seconds;
    uint64_t events;
  };
  std::vector<Row> rows;
  bench::BaselineResult base;
  double base_s = 0;
  for (int i = 0; i < std::max(1, o.repeat); ++i) {
    auto tb = Clock::now();
    base = bench::run_shell_execution_baseline(input);
    double s = secs(tb);
    if (i == 0 || s < base_s) base_s = s;
  }
  rows.push_back({"baseline (hand-written Shell Execution)", base_s, base.lines});
  std::vector<RunResult> runs;
  for (const auto& e : o.engines) {
    RunResult best;
    for (int i = 0; i < std::max(1, o.repeat); ++i) {
      RunResult r = run_engine(e, built.pack, input, "");
      if (i == 0 || r.seconds < best.seconds) best = r;
    }
    rows.push_back({"rulejit " + e + " (whole pack)", best.seconds, best.events});
    runs.push_back(best);
  }
  // The JIT when its first pass must index every line in full, as the
  // interpreter does (every malformed line reported): the price of the
  // prefix scan's shortcut, shown next to it.
  if (std::find(o.engines.begin(), o.engines.end(), "jit") != o.engines.end()) {
    RunResult best;
    for (int i = 0; i < std::max(1, o.repeat); ++i) {
      RunResult r = run_engine("jit", built.pack, input, "", true);
      if (i == 0 || r.seconds < best.seconds) best = r;
    }
    rows.push_back({"rulejit jit, every line validated (whole pack)", best.seconds, best.events});
  }
  // All cores: the JIT on worker threads, and whether its rows equal one
  // thread's (sorted: per-event rows keep input order, groups their order).
  const size_t threads = resolve_threads(o.threads);
  double threads_s = 0, one_thread_s = 0;
  bool threads_same = true;
  if (threads > 1 && std::find(o.engines.begin(), o.engines.end(), "jit") != o.engines.end()) {
    // Timed runs only count rows; one more run of each compares them.
    std::vector<std::string> one, many;
    run_threads("jit", built.pack, input, 1, &one);
    run_threads("jit", built.pack, input, threads, &many);
    threads_same = one == many;
    for (int i = 0; i < std::max(1, o.repeat); ++i) {
      RunResult a = run_threads("jit", built.pack, input, 1, nullptr);
      RunResult b = run_threads("jit", built.pack, input, threads, nullptr);
      if (i == 0 || a.seconds < one_thread_s) one_thread_s = a.seconds;
      if (i == 0 || b.seconds < threads_s) threads_s = b.seconds;
      if (i == 0) {
        rows.push_back({"rulejit jit, 1 thread via the parallel runner", a.seconds, a.events});
        rows.push_back({fmt::format("rulejit jit, {} threads (whole pack)", threads), b.seconds, b.events});
      }
    }
    rows[rows.size() - 2].seconds = one_thread_s;
    rows.back().seconds = threads_s;
  }
  // The same detection as the baseline, alone, for an apples-to-apples ratio.
  size_t shell_rule = pack.rules.size();
  for (size_t i = 0; i < pack.rules.size(); ++i)
    if (pack.rules[i].name == "Cisco Isovalent - Shell Execution") shell_rule = i;
  std::vector<double> shell_secs;
  if (shell_rule < pack.rules.size()) {
    auto solo = only_rule(o.pack.sources(), pack, shell_rule);
    for (const auto& e : o.engines) {
      RunResult r;
      for (int i = 0; i < std::max(1, o.repeat); ++i) {
        RunResult x = run_engine(e, solo, input, "");
        if (i == 0 || x.seconds < r.seconds) r = x;
      }
      rows.push_back({"rulejit " + e + " (Shell Execution only)", r.seconds, r.events});
      shell_secs.push_back(r.seconds);
      if (r.results != base.counts.size())
        std::printf("WARNING: %s found %llu Shell Execution rows, the baseline %zu\n", e.c_str(),
                    static_cast<unsigned long long>(r.results), base.counts.size());
    }
  }
  // Where the time goes: reading lines alone, then lines + JSON extraction of
  // every field the pack reads (no rules), on the same input.
  {
    auto t0 = Clock::now();
    auto src = rt::LineSource::from_padded_memory(input, "<bench>");
    rt::Line line;
    uint64_t n = 0;
    while (src.next(line)) ++n;
    rows.push_back({"  (reading lines only)", secs(t0), n});
    t0 = Clock::now();
    n = bench::run_parse_floor(input);
    rows.push_back({"  (lines + simdjson stage 1: the parsing floor)", secs(t0), n});
    rt::FieldPathSet paths;
    for (const auto& f : pack.fieldmaps) {
      paths.add_presence(f.match_key);
      for (ir::SlotId s : f.raw_slots) paths.add(f.derive.slots[s]);
    }
    rt::EventExtractor ex;
    rt::EventFields fields;
    t0 = Clock::now();
    auto src2 = rt::LineSource::from_padded_memory(input, "<bench>");
    n = 0;
    while (src2.next(line)) n += ex.extract(line, paths, fields).ok();
    rows.push_back({"  (lines + extracting every field the pack reads)", secs(t0), n});
  }
  std::printf("\n%-50s %10s %12s %10s %9s\n", "executor", "seconds", "events/s", "MB/s", "vs base");
  for (const auto& r : rows)
    std::printf("%-50s %10.3f %12.0f %10.1f %8.2fx\n", r.name.c_str(), r.seconds, double(r.events) / r.seconds,
                double(bytes) / 1e6 / r.seconds, base_s / r.seconds);
  // The ratios, by executor name (--engines may list them in any order).
  auto index_of = [&](const char* name) {
    return static_cast<size_t>(std::find(o.engines.begin(), o.engines.end(), name) - o.engines.begin());
  };
  const size_t ji = index_of("jit"), ii = index_of("interp");
  std::printf("\n");
  if (ji < runs.size() && ii < runs.size())
    std::printf("jit / interp throughput, whole pack: %.2fx\n", runs[ii].seconds / runs[ji].seconds);
  if (ji < runs.size()) std::printf("jit / baseline MB/s, whole pack: %.0f%%\n", 100.0 * base_s / runs[ji].seconds);
  if (ji < shell_secs.size())
    std::printf("jit / baseline MB/s, Shell Execution only: %.0f%%\n", 100.0 * base_s / shell_secs[ji]);
  if (threads_s > 0)
    std::printf("jit %zu threads / 1 thread events/s, whole pack: %.2fx (result rows %s)\n", threads,
                one_thread_s / threads_s, threads_same ? "identical" : "DIFFERENT");

  // ---- per rule: matches, and time share from solo runs on a slice
  std::printf("\n%-56s", "rule");
  for (const auto& e : o.engines) std::printf(" %9s %8s", (e + " hits").c_str(), "share");
  std::printf("\n");
  std::vector<std::vector<double>> solo(o.engines.size());
  if (o.shares) {
    std::string_view slice = input.substr(0, std::min<size_t>(input.size(), 64u << 20));
    slice = slice.substr(0, slice.rfind('\n') + 1);
    for (size_t e = 0; e < o.engines.size(); ++e)
      for (size_t r = 0; r < pack.rules.size(); ++r)
        solo[e].push_back(pack.rules[r].hidden
                              ? 0.0
                              : run_engine(o.engines[e], only_rule(o.pack.sources(), pack, r), slice, "").seconds);
  }
  for (size_t r = 0; r < pack.rules.size(); ++r) {
    if (pack.rules[r].hidden) continue;
    std::printf("%-56s", pack.rules[r].name.substr(0, 56).c_str());
    for (size_t e = 0; e < runs.size(); ++e) {
      double total = 0;
      for (double s : solo[e]) total += s;
      const auto hits = static_cast<unsigned long long>(runs[e].stats.rules[r].matched);
      if (o.shares && total > 0) std::printf(" %9llu %7.1f%%", hits, 100.0 * solo[e][r] / total);
      else std::printf(" %9llu %8s", hits, "-");  // --no-shares: not measured
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace

void register_bench(CLI::App& app) {
  auto opts = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Measure a pack's throughput under each executor against a hand-written baseline");
  opts->pack.add_to(*cmd, false);
  cmd->add_option("-i,--input", opts->input, "NDJSON file to run over (read into memory first)");
  cmd->add_option("--generate", opts->generate, "Without --input: generate this much Tetragon NDJSON (e.g. 256M)");
  cmd->add_option("--seed", opts->seed, "Generator seed");
  cmd->add_option("--engines", opts->engines, "Executors to measure")->delimiter(',');
  cmd->add_option("--repeat", opts->repeat, "Runs of each measurement; the fastest is reported (default 3)");
  cmd->add_flag("--once", opts->once,
                "Run each executor once and print only its event and row counts (for bench/count-instructions.sh)");
  cmd->add_flag("!--no-shares", opts->shares, "Skip the per-rule time shares (solo runs on a 64 MB slice)");
  cmd->add_option("--sweep", opts->sweep,
                  "Pack-size curve instead of the table: the first N rules for each N (e.g. 1,4,18,100,all)")
      ->delimiter(',');
  cmd->add_option("--sweep-tsv", opts->sweep_tsv, "With --sweep: write the curve as TSV (for --plot-with later)");
  cmd->add_option("--plot", opts->plot, "With --sweep: draw events/s against rule count as an SVG file");
  cmd->add_option("--plot-with", opts->plot_with, "With --plot: also draw the curves of an earlier --sweep-tsv file");
  cmd->add_option("--threads", opts->threads,
                  "Also measure the JIT on this many worker threads against one (default 0: one per core; 1: "
                  "skip), checking that the result rows are identical");
  cmd->add_option("--label", opts->label, "With --sweep: add this to the curve names (e.g. after)");
  cmd->footer(
      "Everything runs on the same in-memory input in one process, so ratios are comparable even on a\n"
      "noisy machine. The baseline is bench/baseline/shell_execution_baseline.cpp (simdjson On-Demand).");
  cmd->callback([opts] { throw CLI::RuntimeError(run_bench(*opts)); });
}

}  // namespace rulejit::cli
