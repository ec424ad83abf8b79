// rulejit merge: the merge process of scale-out (scaleout/merger.h): merges
// the workers' partial states per window into the final rows, passes their
// per-event rows on, and prints them all (the JSON of `rulejit run
// --window`), optionally publishing them to STREAM.results.
#include <fmt/format.h>
#include <nats/nats.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "scaleout/merger.h"
#include "tools/rulejit/scaleout_setup.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_merge_signal(int) { g_stop.store(true); }

struct MergeOptions {
  ScaleoutOptions common;
  size_t workers = 1;
  double worker_timeout = 30;
  bool follow = false;
  bool publish = false;
  std::string output;
  bool reprint = false;
  bool quiet = false;
};

int run_merge(const MergeOptions& o) {
  ScaleoutPack sp;
  if (!setup_scaleout_pack("merge", o.common, &sp)) return 2;
  scaleout::MergerConfig c;
  c.url = o.common.url;
  c.stream = o.common.stream;
  c.span = sp.span;
  c.expect_workers = o.workers;
  c.worker_timeout_s = o.worker_timeout;
  c.exit_when_done = !o.follow;
  c.publish_results = o.publish;
  c.stop = &g_stop;
  c.output = o.output;
  c.reprint = o.reprint;
  c.on_problem = [shown = size_t{0}](const std::string& p) mutable {
    // One line per problem as it happens; the summary has the counts.
    if (++shown <= 100) std::fprintf(stderr, "rulejit merge: %s\n", p.c_str());
    if (shown == 100) std::fprintf(stderr, "rulejit merge: (further problems only counted)\n");
  };
  std::signal(SIGINT, on_merge_signal);
  std::signal(SIGTERM, on_merge_signal);
  scaleout::MergerResult r;
  std::string err;
  int status = scaleout::run_merger(c, sp.pack, sp.maker, &r, &err);
  if (status != 0 && !err.empty()) std::fprintf(stderr, "rulejit merge: %s\n", err.c_str());
  if (o.quiet) return status;
  const scaleout::MergerCounters& n = r.counters;
  std::string s;
  if (r.resumed)
    s += fmt::format(
        "rulejit merge: continued after the previous merger's record (windows through {}, per-event rows through "
        "stream sequence {}): {} partial states of windows written before, {} per-event rows written before\n",
        r.record.windows_through, r.record.rows_through, n.before_restart, n.skipped_rows);
  s += fmt::format(
      "rulejit merge: {} windows emitted ({} rows) from {} partial states; {} per-event rows; duplicates dropped: {} "
      "partials, {} rows; rejected: {}; late partials: {}; overlapping partials: {}\n",
      n.windows, n.merged_rows, n.partials, n.rows, n.duplicates, n.duplicate_rows, n.rejected, n.late, n.overlaps);
  for (const auto& [id, w] : r.workers)
    s += fmt::format(
        "  worker {}: {} events ({} redelivered), {} late, {} held unacked, lag {} (consumer's undelivered messages), "
        "watermark {}{}\n",
        id, w.events, w.redelivered, w.late, w.held, w.pending, w.watermark,
        w.done ? ", done" : w.timed_out ? ", timed out (silent)" : "");
  for (const auto& p : r.problems) s += "  problem: " + p + "\n";
  std::fputs(s.c_str(), stderr);
  return status;
}

}  // namespace

void register_merge(CLI::App& app) {
  auto o = std::make_shared<MergeOptions>();
  auto* cmd = app.add_subcommand("merge", "Scale-out merger: final rows from the partial states of NATS workers");
  o->common.add_to(*cmd);
  cmd->add_option("--workers", o->workers, "Windows wait until this many workers were seen (default 1)")
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  cmd->add_option("--worker-timeout", o->worker_timeout,
                  "Seconds after which a silent worker (no watermark, not done) stops holding windows back, and "
                  "after which --workers stops being waited for (default 30; 0: wait forever). Keep it above the "
                  "workers' --ack-wait: a dead worker's unacked events are redelivered to the others after that")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_flag("--follow", o->follow, "Keep running after every worker is done (default: exit then)");
  cmd->add_flag("--publish", o->publish, "Also publish every result row to STREAM.results");
  cmd->add_option("-o,--output", o->output,
                  "Write results here instead of stdout. A restarted merger with the same file cuts it back to what "
                  "its record says was written and continues it (every row once)");
  cmd->add_flag("--reprint", o->reprint,
                "Ignore the record of a previous merger of this pack on this stream and write every row again "
                "(default: continue after it)");
  cmd->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  cmd->footer(
      "A window's rows are written once every worker's watermark has passed its end. Corrupt partial\n"
      "states, partials of another pack or window span are rejected and reported (a stderr line each and\n"
      "the summary), never merged; a partial whose events were all merged already is dropped.\n"
      "Restart: the merger records what it wrote on STREAM.out.emitted.<pack>; a restarted merger (after\n"
      "kill -9 too) writes only what comes after (rows written after the last record may repeat on\n"
      "stdout; with the same -o FILE they are cut off and written once). It follows a restart of\n"
      "nats-server (file storage).\n"
      "Exit status: 0 ok; 2 bad arguments or pack; 4 results could not be written; 5 NATS failure.");
  cmd->callback([o] {
    const int status = run_merge(*o);
    nats_Close();  // libnats' own threads and memory (after every client is gone)
    throw CLI::RuntimeError(status);
  });
}

}  // namespace rulejit::cli
