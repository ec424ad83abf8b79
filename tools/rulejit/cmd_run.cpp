// rulejit run: compile a pack and run it over NDJSON event streams; results
// on stdout (or --output), a summary and progress on stderr.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "runtime/engine/geoip_setup.h"
#include "runtime/functions/geoip.h"
#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/pack_artifact.h"
#include "compiler/spl/time_span.h"
#include "runtime/core/output_file.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/result_format.h"
#include "runtime/stream/parallel_engine.h"
#include "runtime/stream/windowed_engine.h"
#include "tools/rulejit/byte_size.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/run_input.h"
#include "tools/rulejit/run_nats.h"
#include "tools/rulejit/run_pack.h"
#include "tools/rulejit/run_signals.h"
#include "tools/rulejit/run_state.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {
namespace fs = std::filesystem;

struct RunOptions {
  PackOptions pack;
  std::string pack_file;
  std::vector<std::string> trusted_keys;  // public key files; non-empty: only packs signed by one of them
  std::vector<std::string> inputs;
  std::string output;
  std::string format = "ndjson";
  std::string engine = "jit";
  double now = 0;
  bool progress = true;
  bool quiet = false;
  bool cache = true;
  bool validate_lines = false;
  bool follow = false;  // keep reading files as they grow (tail -F)
  std::string state_dir;            // --state: checkpoints here ("" = none)
  std::string checkpoint_interval = "5s";
  bool fresh_state = false;         // discard a checkpoint instead of continuing it
  std::string prefilter = "auto";
  std::string window;    // span of event-time windows ("" = none)
  std::string lateness;  // allowed lateness of the watermark
  std::string geoip;  // MaxMind .mmdb for iplocation
  size_t threads = 0;  // worker threads (0 = one per core)
  std::string max_state;  // bound on aggregation state ("" = rt::kDefaultMaxState)
  RunNatsOptions nats;    // shown in --help; with --nats main() routes to `worker`
};

// Smallest --max-state: below it the engines' fixed size alone could pass it.
constexpr size_t kMinMaxState = size_t{1} << 20;

// Why --state cannot resume these inputs (empty when it can): positions
// are kept for plain files only.
std::string state_inputs_problem(const RunOptions& o, const std::vector<std::string>& inputs) {
  if (o.format == "table") return "needs --format ndjson (a table is written only at the end)";
  for (const auto& in : inputs) {
    if (in == "-") return "stdin cannot be resumed; give files";
    if (std::string why = rt::FollowSource::unfollowable(in); !why.empty()) return in + ": " + why;
    if (!o.follow && !fs::is_regular_file(in)) return in + ": no such file";
  }
  return {};
}

// Seconds of a --window / --allowed-lateness value: an SPL time span of a
// fixed-length unit (30s, 5m, 1h, 1d) or plain seconds.
std::optional<double> span_seconds(const std::string& text) {
  auto span = spl::parse_time_span(text);
  if (!span) return std::nullopt;
  if (span->unit == spl::TimeUnit::None) return span->amount;
  return span->seconds();
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  return fmt::format("{:.1f} {}", b, units[u]);
}

int run_run(const RunOptions& o) {
  auto t_start = std::chrono::steady_clock::now();
  // From the start: a signal while the pack compiles must not kill the run.
  run_signals::install(std::find(o.inputs.begin(), o.inputs.end(), "-") != o.inputs.end());
  rt::WindowOptions wo;
  // Untimed events before any timed one go to now's window: the wall clock
  // unless --now says otherwise (as now() does).
  wo.now = o.now > 0 ? o.now
                     : std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (!o.window.empty()) {
    auto s = span_seconds(o.window);
    if (!s || !(*s > 0) || !std::isfinite(*s)) {
      std::fprintf(stderr, "rulejit run: --window '%s' is not a positive span of fixed length (e.g. 30s, 5m, 1h)\n",
                   o.window.c_str());
      return 2;
    }
    wo.span = *s;
  }
  if (!o.lateness.empty()) {
    auto s = span_seconds(o.lateness);
    if (wo.span <= 0) {
      std::fputs("rulejit run: --allowed-lateness needs --window\n", stderr);
      return 2;
    }
    if (!s || !(*s >= 0) || !std::isfinite(*s)) {
      std::fprintf(stderr, "rulejit run: --allowed-lateness '%s' is not a span of fixed length (e.g. 0, 30s, 5m)\n",
                   o.lateness.c_str());
      return 2;
    }
    wo.lateness = *s;
  }
  wo.max_state = rt::kDefaultMaxState;
  if (!o.max_state.empty()) {
    auto b = parse_byte_size(o.max_state);
    if (!b || *b < kMinMaxState) {
      std::fprintf(stderr, "rulejit run: --max-state '%s' is not a size of at least 1M (e.g. 512M, 2G, or bytes)\n",
                   o.max_state.c_str());
      return 2;
    }
    wo.max_state = *b;
  }
  // The pack: an artifact from `rulejit compile`, or built from rule files.
  const RunPackSpec pack_spec{o.pack, o.pack_file, o.trusted_keys, o.geoip};
  int load_status = 0;
  std::optional<LoadedPack> loaded = load_run_pack(pack_spec, &load_status);
  if (!loaded) {
    if (load_status == 1) std::fputs("rulejit run: no rule compiled; nothing to run\n", stderr);
    return load_status;
  }
  LoadedPack& lp = *loaded;  // SIGHUP replaces it
  if (std::string err; !o.geoip.empty() && !rt::GeoIpDb::open(o.geoip, &err)) {
    std::fprintf(stderr, "rulejit run: %s\n", err.c_str());
    return 2;
  }
  double compile_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();

  std::vector<std::string> inputs = o.inputs;
  if (o.follow) {
    if (std::string why = RunInput::check_follow(inputs); !why.empty()) {
      std::fprintf(stderr, "rulejit run: --follow: %s\n", why.c_str());
      return 2;
    }
  }
  if (inputs.empty()) {
    std::string sample = bundled_path("samples/tetragon-sample.ndjson");
    if (sample.empty()) {
      std::fputs("rulejit run: no --input given and no bundled sample found\n", stderr);
      return 2;
    }
    inputs.push_back(sample);
  }

  // --state: checkpoints, and the restart from one (tools/rulejit/run_state.h).
  std::optional<RunState> state;
  if (!o.state_dir.empty()) {
    auto interval = span_seconds(o.checkpoint_interval);
    if (!interval || !(*interval > 0) || !std::isfinite(*interval)) {
      std::fprintf(stderr, "rulejit run: --checkpoint-interval '%s' is not a positive span (e.g. 5s, 500ms is 0.5)\n",
                   o.checkpoint_interval.c_str());
      return 2;
    }
    if (std::string why = state_inputs_problem(o, inputs); !why.empty()) {
      std::fprintf(stderr, "rulejit run: --state: %s\n", why.c_str());
      return 2;
    }
    std::error_code ec;
    const std::string output = o.output.empty() || o.output == "-" ? "-" : fs::absolute(o.output, ec).string();
    const std::string settings = fmt::format("window={} lateness={} output={}", wo.span, wo.lateness, output);
    state.emplace(o.state_dir, settings, *interval, o.fresh_state);
    if (std::string err; !state->open(&err)) {
      std::fprintf(stderr, "rulejit run: %s\n", err.c_str());
      return 2;
    }
  }
  const rt::Checkpoint* resumed = state && state->loaded() ? &*state->loaded() : nullptr;

  rt::OutputStream out;
  // Continuing a checkpoint: the output is cut back to what it counted
  // (rows written after it are written again), then appended to.
  const bool out_ok = resumed && !o.output.empty() && o.output != "-" ? out.open_resumed(o.output, resumed->output_bytes)
                                                                        : out.open(o.output);
  if (!out_ok) {
    std::fprintf(stderr, "rulejit run: %s%s\n", out.error().c_str(),
                 resumed ? " (--fresh-state starts over)" : "");
    return 2;
  }
  uint64_t rows_out = resumed ? resumed->rows_out : 0;

  rt::TableFormatter table;
  std::unique_ptr<rt::WindowedEngine> windows;  // set once the first engine is made
  rt::ResultSink sink = [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    const auto& pr = lp.pack->rules[rule];
    // With --window every row says its window (runtime/stream/windowed_engine.h).
    std::vector<rt::LeadingField> window_fields;
    const rt::Window w = windows->current_window();
    if (wo.span > 0) window_fields = {{"_window_start", w.start}, {"_window_end", w.end}};
    // Part of a state the memory budget cut (runtime/stream/state_budget.h).
    if (w.partial) window_fields.push_back({rt::kPartialField, 1});
    if (o.format == "table") {
      table.add(pr.name, plan, row, window_fields);
    } else {
      std::string line = rt::format_result_json(pr.name, pr.id, plan, row, window_fields);
      line += '\n';
      out.write(line);
    }
    ++rows_out;
  };
  rt::EngineOptions eo;
  eo.now = o.now;
  eo.code_cache_dir = o.cache ? jit::default_cache_dir() : "";
  eo.validate_every_line = o.validate_lines;
  eo.geoip_path = o.geoip;
  eo.memory_budget = wo.max_state;
  eo.memory_budget_enforced = true;  // by the WindowedEngine below
  eo.prefilter = o.prefilter == "on"    ? rt::EngineOptions::Prefilter::On
                 : o.prefilter == "off" ? rt::EngineOptions::Prefilter::Off
                                        : rt::EngineOptions::Prefilter::Auto;
  std::string engine_error, engine_name = o.engine;
  auto t_jit = std::chrono::steady_clock::now();
  // The pack is prepared once (native code compiled or loaded once); every
  // engine (worker threads, windows) shares it.
  rt::SinkEngineFactory maker =
      engine_maker(engine_name, lp.pack, lp.artifact ? &*lp.artifact : nullptr, eo, &engine_error);
  if (!maker && engine_name == "jit") {
    // Native code is an optimization: the interpreter gives the same results.
    std::fprintf(stderr, "rulejit run: JIT unavailable (%s); using the interpreter\n", engine_error.c_str());
    engine_name = "interp";
    maker = engine_maker(engine_name, lp.pack, lp.artifact ? &*lp.artifact : nullptr, eo, &engine_error);
  }
  // Worker threads split the events of each window's engine (runtime/stream/parallel_engine.h).
  const size_t threads = resolve_threads(o.threads);
  rt::EngineFactory factory = [&](std::string* error) {
    const size_t batch = rt::parallel_batch_bytes(rt::ParallelOptions{}.batch_bytes, threads, wo.max_state);
    return rt::make_parallel_engine(lp.pack, rt::ParallelOptions{threads, batch}, maker, sink, error);
  };
  std::unique_ptr<rt::Engine> engine = maker ? factory(&engine_error) : nullptr;
  if (!engine) {
    std::fprintf(stderr, "rulejit run: %s\n", engine_error.c_str());
    return 2;
  }
  compile_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t_jit).count();
  for (const auto& e : engine->setup_errors()) std::fprintf(stderr, "rulejit run: %s\n", e.c_str());
  // Without --window this is one engine over the whole input.
  windows = std::make_unique<rt::WindowedEngine>(lp.pack, wo, factory, std::move(engine));
  if (resumed) {
    rt::WindowSnapshot snapshot = state->loaded()->windows;
    if (std::string err; !windows->restore(std::move(snapshot), &err)) {
      std::fprintf(stderr, "rulejit run: --state %s: the checkpoint's state cannot be restored: %s; start again "
                   "with --fresh-state to discard it\n", o.state_dir.c_str(), err.c_str());
      return 2;
    }
  }

  rt::LineSourceOptions lo;
  PackReloader reloader;
  std::function<std::vector<rt::InputPosition>()> source_positions;  // set once the input is open
  RunInput::Hooks hooks;
  // Following: rows reach the output as soon as the input pauses (worker
  // threads hold per-event rows until their batch is run: sync).
  hooks.idle = [&] {
    windows->sync();
    if (o.format != "table") out.flush();
    if (state && state->due_now()) state->save(*windows, out, source_positions(), rows_out);
  };
  hooks.reload = [&] { reloader.reload(pack_spec, engine_name, eo, threads, sink, *windows, lp); };
  if (o.follow && wo.span <= 0) warn_rows_at_exit(*lp.pack);
  RunInput::Mode mode;
  mode.follow = o.follow;
  mode.positions = state.has_value();
  if (resumed) mode.saved = resumed->inputs;
  RunInput source(inputs, mode, lo, std::move(hooks));
  source_positions = [&] { return source.positions(); };
  rt::Line line;
  bool show_progress = o.progress && !o.quiet && stderr_is_terminal();
  auto t_run = std::chrono::steady_clock::now();
  auto last_progress = t_run;
  uint64_t n = 0;
  uint64_t closed_flushed = 0;
  int status = 0;
  while (source.next(line)) {
    std::string window_error;
    if (!windows->push(line, "", &window_error)) {
      std::fprintf(stderr, "rulejit run: %s\n", window_error.c_str());
      status = 2;
      break;
    }
    if (state && state->due()) state->save(*windows, out, source.positions(), rows_out);
    // A window's results go out as soon as it closes (or is closed early by --max-state), not at the end.
    if (windows->windows_closed() + windows->windows_closed_early() != closed_flushed) {
      closed_flushed = windows->windows_closed() + windows->windows_closed_early();
      if (o.format != "table") out.flush();
    }
    if (show_progress && (++n & 8191) == 0) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(500)) {
        last_progress = now;
        double s = std::chrono::duration<double>(now - t_run).count();
        std::fprintf(stderr, "\r  %s read, %llu events, %.1f s ", human_bytes(double(source.stats().bytes_read)).c_str(),
                     static_cast<unsigned long long>(n), s);
      }
    }
  }
  windows->sync();  // worker threads' figures are up to date once they are idle
  const rt::StateStats state_stats = windows->state_stats();  // at the end of the input
  // Stopped by a signal with --state: the open windows are saved, not
  // closed; the restart continues them. Otherwise every window closes.
  const bool keep_open = state && run_signals::stop_signal() != 0;
  if (!keep_open) windows->finish();
  if (state) state->save(*windows, out, source.positions(), rows_out);
  double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_run).count();
  if (show_progress) std::fputs("\r\033[K", stderr);
  if (o.format == "table") out.write(table.render());
  // Results that did not reach their file fail the run (exit 4): a full disk
  // must not look like "fewer alerts".
  if (!out.close())
    std::fprintf(stderr, "rulejit run: results lost: %s (%llu result rows, %llu bytes written)\n",
                 out.error().c_str(), static_cast<unsigned long long>(rows_out),
                 static_cast<unsigned long long>(out.bytes_written()));
  run_signals::restore();

  // An input that could not be opened or read fails the run (exit 3), after
  // the others were processed: a missing file must not look like "no alerts".
  if (status == 0 && source.stats().read_errors() > 0) status = 3;
  // Lines were read but not one was an event: the input is not what the
  // pack reads (wrong file, wrong format); that is not "no alerts".
  rt::EngineStats st = windows->stats();
  reloader.add_retired(st, *lp.pack);
  const rt::EngineStats& es = st;
  const uint64_t text_lines = source.stats().lines - source.stats().empty_lines;
  if (es.events == 0 && text_lines > 0) {
    std::fprintf(stderr, "rulejit run: not one of the %llu input lines was a JSON event\n",
                 static_cast<unsigned long long>(text_lines));
    status = 3;
  }
  if (!out.ok()) status = 4;
  if (state && state->failures() > 0) {
    std::fprintf(stderr, "rulejit run: --state: %llu checkpoint(s) could not be saved\n",
                 static_cast<unsigned long long>(state->failures()));
    if (status == 0) status = 4;
  }
  if (o.quiet) {
    for (const auto& p : source.stats().problems)
      if (p.kind == rt::ErrorKind::ReadError) std::fprintf(stderr, "rulejit run: %s: %s\n", p.file.c_str(), p.reason.c_str());
    return status;
  }
  st.read.merge(source.stats());
  uint64_t bytes = source.stats().bytes_read;
  std::string summary = fmt::format(
      "rulejit run [{}{}]: {} events, {} in {:.3f} s: {:.0f} events/s, {:.1f} MB/s (compile {:.0f} ms)\n", engine_name,
      threads > 1 ? fmt::format(", {} threads", threads) : "", st.events, human_bytes(double(bytes)), run_s, run_s > 0 ? double(st.events) / run_s : 0.0,
      run_s > 0 ? double(bytes) / 1e6 / run_s : 0.0, compile_s * 1000);
  if (st.read.total_problems() > 0) {
    // Lines not used, then events kept with a warning, each with its kinds.
    for (const bool kept : {false, true}) {
      const uint64_t count = kept ? st.read.warnings() : st.read.skipped_lines();
      if (count == 0) continue;
      summary += kept ? fmt::format("  events kept with a warning: {}\n", count)
                      : fmt::format("  skipped input lines: {}\n", count);
      for (size_t k = 1; k < rt::kErrorKindCount; ++k)
        if (st.read.errors[k] > 0 && rt::keeps_event(static_cast<rt::ErrorKind>(k)) == kept)
          summary += fmt::format("    {}: {}\n", rt::to_string(static_cast<rt::ErrorKind>(k)), st.read.errors[k]);
    }
    summary += "  first problems:\n";
    for (const auto& p : st.read.problems)
      summary += fmt::format("    {}:{}: {}: {}\n", p.file, p.line, rt::to_string(p.kind), p.reason);
    if (st.read.total_problems() > st.read.problems.size())
      summary += fmt::format("    ({} more not shown)\n", st.read.total_problems() - st.read.problems.size());
  }
  if (lp.artifact && !lp.artifact->signer.empty())
    summary += "  pack signed by trusted key " + lp.artifact->signer + "\n";
  summary += source.summary() + reloader.summary();
  if (state)
    summary += fmt::format("  state in {}: {}{} checkpoints saved ({:.0f} ms in all){}\n", state->dir(),
                           resumed ? "continued a checkpoint; " : "", state->saves(), state->save_seconds() * 1000,
                           keep_open ? "; open windows saved, not closed: a restart continues them" : "");
  if (engine_name == "jit" && !o.validate_lines)
    summary += "  lines checked as far as the rules read them (--validate-lines: every line in full)\n";
  if (wo.span > 0)
    summary += fmt::format(
        "  windows of {} (allowed lateness {}): {} closed; late events (dropped): {}; untimed events: {}\n",
        o.window, o.lateness.empty() ? "0" : o.lateness, windows->windows_closed(), windows->late_events(),
        windows->untimed_events());
  summary += fmt::format(
      "  aggregation state: {} groups, {} at end of input, peak {} ({} groups); budget {} (--max-state): {} "
      "windows closed early\n",
      state_stats.groups, format_byte_size(state_stats.bytes), format_byte_size(state_stats.peak_bytes),
      state_stats.peak_groups, format_byte_size(state_stats.budget), state_stats.closed_early);
  if (st.unrouted > 0) summary += fmt::format("  events no field map claims: {}\n", st.unrouted);
  if (st.read_once > 0)
    summary += fmt::format("  events read in one pass (most events needed every field): {}\n", st.read_once);
  if (st.prefiltered > 0)
    summary += fmt::format("  events no rule could match, by the raw-line prefilter (not read): {}\n", st.prefiltered);
  const ir::Pack& pack = *lp.pack;
  size_t visible = 0;
  for (const auto& r : pack.rules) visible += r.hidden ? 0 : 1;
  summary += fmt::format("  rules: {} running, {} failed to compile\n", visible, lp.failed);
  size_t width = 0;
  for (const auto& r : pack.rules) width = std::max(width, r.name.size());
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    if (pack.rules[i].hidden) continue;  // a subsearch of another rule
    const auto& rs = st.rules[i];
    summary += fmt::format("    {:<{}}  events {:>8}  matched {:>7}  results {:>5}{}\n", pack.rules[i].name, width,
                           rs.events_in, rs.matched, rs.results,
                           rs.eval_errors ? fmt::format("  eval errors {}", rs.eval_errors) : "");
  }
  for (const auto& w : st.warnings) summary += "  warning: " + w + "\n";
  std::fputs(summary.c_str(), stderr);
  return status;
}

}  // namespace

void register_run(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run a rule pack over NDJSON events and print the results");
  opts->pack.add_to(*cmd, false);
  auto* pack_opt =
      cmd->add_option("--pack", opts->pack_file, "Run a pack artifact from `rulejit compile` instead of rule files");
  cmd->add_option("--trusted-key", opts->trusted_keys,
                  "Load the --pack only if it is signed by this public key (NAME.pub from `rulejit keygen`; "
                  "repeatable: any of them). Without it, signed and unsigned packs load unchecked")
      ->needs(pack_opt)
      ->allow_extra_args(false);
  cmd->add_option("-i,--input", opts->inputs,
                  "Event input: an NDJSON file, a .gz file, a folder (recursive) or - for stdin (repeatable). "
                  "Default: the bundled sample events")
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", opts->output, "Write results here instead of stdout");
  cmd->add_option("--format", opts->format, "Result format: ndjson (one object per line) or table")
      ->check(CLI::IsMember({"ndjson", "table"}));
  cmd->add_option("--engine", opts->engine, "Executor: jit (LLVM native code, default) or interp (reference interpreter)")
      ->check(CLI::IsMember({"interp", "jit"}));
  cmd->add_option("--now", opts->now, "Epoch seconds used as now() (default: wall clock at start)");
  cmd->add_flag("!--no-progress", opts->progress, "Do not show the live progress line");
  cmd->add_flag("-q,--quiet", opts->quiet, "No summary on stderr");
  cmd->add_flag("!--no-cache", opts->cache, "Do not read or write the native code cache (~/.cache/rulejit)");
  cmd->add_option("--prefilter", opts->prefilter,
                  "jit: scan each line for the literals the rules need before reading it (the raw-line "
                  "prefilter; `rulejit explain --prefilter` shows them): on, off, or auto (on for packs of 32 "
                  "rules or more, where it pays). Results are the same")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  cmd->add_option("--window", opts->window,
                  "Aggregate per tumbling window of event time (_time) of this span (30s, 5m, 1h, 1d; a plain "
                  "number is seconds): a window's results are written when the watermark passes its end; every "
                  "row gets _window_start and _window_end (epoch seconds)");
  cmd->add_option("--allowed-lateness", opts->lateness,
                  "With --window: the watermark trails the largest event time by this span (default 0); events "
                  "of windows already closed are counted as late and dropped");
  cmd->add_option("--threads", opts->threads,
                  "Worker threads that split the events (default 0: one per core). Results are the same for "
                  "every count: aggregation states merge exactly and per-event rows keep input order");
  cmd->add_option("--max-state", opts->max_state,
                  "Bound on aggregation state: 512M, 2G, or bytes (K/M/G/T are powers of 1024; default 1G, at "
                  "least 1M). Once the state passes half of it (the rest is headroom for storage that grows by "
                  "doubling), the oldest open window (without --window: the state of the whole input) is closed "
                  "early: its rows are written at once, each with _partial=1, its state is freed and aggregation "
                  "goes on (the window stays open: its later rows are _partial too). Rows of one rule, window and "
                  "group then add up; nothing is dropped (runtime/stream/state_budget.h)");
  cmd->add_flag("--follow", opts->follow,
                "Keep reading the input files as they grow, like tail -F (rotation and truncation are followed, "
                "a missing file is waited for) until SIGINT/SIGTERM; per-event rows are flushed as soon as the "
                "input pauses. Use with --window to get aggregations per window. Folders and .gz files cannot "
                "be followed; stdin is read to its end");
  cmd->add_option("--state", opts->state_dir,
                  "Crash-safe state: checkpoint the open windows' aggregation state, the input positions and the "
                  "output's length here (created if missing) every --checkpoint-interval and at exit; a run with "
                  "the same --state continues from the checkpoint with nothing lost and nothing counted twice, "
                  "also after kill -9 (the --output file is cut back to the checkpoint and continued; on stdout "
                  "rows after the last checkpoint may repeat). Inputs must be files. Without --follow the run "
                  "reads to the end of its inputs and closes every window; SIGINT/SIGTERM save the open windows "
                  "instead of closing them");
  cmd->add_option("--checkpoint-interval", opts->checkpoint_interval,
                  "With --state: seconds between checkpoints (a span: 5s default, 1m, or a number)");
  cmd->add_flag("--fresh-state", opts->fresh_state,
                "With --state: discard the folder's checkpoint (one that is corrupt, of another version or of "
                "other settings is refused otherwise) and start from the inputs' beginning");
  cmd->add_option("--geoip", opts->geoip, "MaxMind City database (.mmdb) for rules using iplocation")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--validate-lines", opts->validate_lines,
                "jit: check every line's UTF-8, strings and brackets, as the interpreter does (default: a line "
                "is read only as far as the rules' first conditions need; malformed text beyond that is reported "
                "only for events some filter passes; results are the same)");
  cmd->footer(
      "Results: one line per result row with the rule's name and id. Summary on stderr: events read,\n"
      "bytes, malformed lines (first few with line numbers), per-rule events, matches and results,\n"
      "throughput. A rule that fails to compile is reported and the rest of the pack still runs.\n"
      "Exit status: 0 ok; 1 no rule compiled; 2 bad arguments, pack (also: with --trusted-key, a pack\n"
      "not signed by a trusted key) or engine; 3 an input could not be opened or read (the other inputs\n"
      "were still processed), or not one input line was a JSON event; 4 results could not be written\n"
      "(full disk, closed output: the reason is printed).\n"
      "Signals: SIGINT or SIGTERM stops reading, closes every open window (its rows are written; with\n"
      "--state the open windows are saved instead, for the restart to continue), flushes and prints the\n"
      "summary (exit status as above, 0 when all went well); a second SIGINT exits at once\n"
      "(130). SIGHUP reloads the rules from the same --rules/--macros/... (or --pack): open windows keep\n"
      "their state; if the new rules cannot run, the previous ones keep running.\n"
      "Scale-out: `rulejit run --nats URL --from STREAM/CONSUMER --window 1m ...` runs this machine as one\n"
      "worker of many on NATS JetStream; it is `rulejit worker` (same options, see its --help).");
  add_run_nats_options(*cmd, opts->nats);
  cmd->callback([opts] {
    if (std::string why = run_nats_problem(opts->nats); !why.empty()) {
      std::fprintf(stderr, "rulejit run: %s\n", why.c_str());
      throw CLI::RuntimeError(2);
    }
    throw CLI::RuntimeError(run_run(*opts));
  });
}

}  // namespace rulejit::cli
