// rulejit worker: one scale-out worker on NATS JetStream (scaleout/worker.h):
// events from a durable pull consumer shared by all workers, per-event rows
// and per-window partial states out; `rulejit merge` makes the final rows.
#include <fmt/format.h>
#include <nats/nats.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "compiler/spl/time_span.h"
#include "scaleout/worker.h"
#include "tools/rulejit/scaleout_setup.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

struct WorkerOptions {
  ScaleoutOptions common;
  std::string consumer = "rulejit-workers";
  std::string worker_id;
  std::string lateness;
  int batch = 256;
  double ack_wait = 30;
  double idle_finish = 0;
  bool quiet = false;
};

int run_worker_cmd(const WorkerOptions& o) {
  ScaleoutPack sp;
  if (!setup_scaleout_pack("worker", o.common, &sp)) return 2;
  scaleout::WorkerConfig c;
  c.url = o.common.url;
  c.stream = o.common.stream;
  c.consumer = o.consumer;
  c.worker_id = o.worker_id.empty() ? fmt::format("w{}", static_cast<long>(getpid())) : o.worker_id;
  c.window.span = sp.span;
  c.window.now = o.common.now;
  if (!o.lateness.empty()) {
    auto s = spl::parse_time_span(o.lateness);
    double v = !s ? -1 : s->unit == spl::TimeUnit::None ? s->amount : s->seconds().value_or(-1);
    if (!(v >= 0)) {
      std::fprintf(stderr, "rulejit worker: --allowed-lateness '%s' is not a span\n", o.lateness.c_str());
      return 2;
    }
    c.window.lateness = v;
  }
  c.batch = o.batch;
  c.ack_wait_ms = static_cast<int64_t>(o.ack_wait * 1000);
  c.idle_finish_s = o.idle_finish;
  c.stop = &g_stop;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  scaleout::WorkerReport r;
  std::string err;
  int status = scaleout::run_worker(c, sp.pack, sp.maker, &r, &err);
  if (status != 0) std::fprintf(stderr, "rulejit worker %s: %s\n", c.worker_id.c_str(), err.c_str());
  if (!o.quiet)
    std::fprintf(stderr,
                 "rulejit worker %s [%s]: %llu events (%llu redelivered, %llu of them skipped as already in a "
                 "partial, %llu of closed windows recovered), %llu late (dropped), %llu malformed, "
                 "%llu partial states and %llu rows published, %llu messages acked, %llu cover notes; %.3f s busy "
                 "(%.3f-%.3f): %.0f events/s\n",
                 c.worker_id.c_str(), sp.engine_name.c_str(), static_cast<unsigned long long>(r.events),
                 static_cast<unsigned long long>(r.redelivered), static_cast<unsigned long long>(r.skipped_covered),
                 static_cast<unsigned long long>(r.recovered), static_cast<unsigned long long>(r.late),
                 static_cast<unsigned long long>(r.malformed), static_cast<unsigned long long>(r.partials),
                 static_cast<unsigned long long>(r.rows), static_cast<unsigned long long>(r.acked),
                 static_cast<unsigned long long>(r.cover_notes), r.busy_seconds, r.busy_from_unix, r.busy_to_unix,
                 r.busy_seconds > 0 ? double(r.events) / r.busy_seconds : 0.0);
  return status;
}

}  // namespace

void register_worker(CLI::App& app) {
  auto o = std::make_shared<WorkerOptions>();
  auto* cmd = app.add_subcommand("worker", "Scale-out worker: run a pack over events from NATS JetStream");
  o->common.add_to(*cmd);
  cmd->add_option("--consumer", o->consumer, "Durable pull consumer shared by the workers (default rulejit-workers)");
  cmd->add_option("--worker-id", o->worker_id, "This worker's name, [A-Za-z0-9_.-] (default w<pid>)");
  cmd->add_option("--allowed-lateness", o->lateness, "The watermark trails the largest event time by this span");
  cmd->add_option("--batch", o->batch,
                  "Messages per fetch (default 256; a message holds one or more events, `rulejit publish "
                  "--events-per-message`; at most 8 MiB per fetch)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--ack-wait", o->ack_wait,
                  "Seconds the server waits for an ack before redelivering an event to another worker (default "
                  "30; used when this worker creates the consumer)")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_option("--idle-finish", o->idle_finish,
                  "After this many seconds without events, close every window (publish their partial states), "
                  "tell the merger this worker is done, and exit (default 0: run until SIGINT/SIGTERM, which do "
                  "the same)");
  cmd->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  cmd->footer(
      "Per-event rows go to STREAM.out.row as they happen; when the worker's watermark passes a window\n"
      "the window's aggregation state goes to STREAM.out.partial (for `rulejit merge`) and the window's\n"
      "events are acked. Exit status: 0 ok; 2 bad arguments or pack; 5 NATS failure.");
  cmd->callback([o] {
    const int status = run_worker_cmd(*o);
    nats_Close();  // libnats' own threads and memory (after every client is gone)
    throw CLI::RuntimeError(status);
  });
}

}  // namespace rulejit::cli
