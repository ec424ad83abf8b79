// rulejit worker: one scale-out worker on NATS JetStream (scaleout/worker.h):
// events from a durable pull consumer shared by all workers, per-event rows
// and per-window partial states out; `rulejit merge` makes the final rows.
#include <fmt/format.h>
#include <nats/nats.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>

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
  std::string from;  // STREAM/CONSUMER
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
  if (!o.from.empty()) {
    const size_t slash = o.from.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == o.from.size()) {
      std::fprintf(stderr, "rulejit worker: --from '%s' is not STREAM/CONSUMER\n", o.from.c_str());
      return 2;
    }
    c.stream = o.from.substr(0, slash);
    c.consumer = o.from.substr(slash + 1);
  }
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
  if (const char* crash = std::getenv("RULEJIT_TEST_CRASH_AFTER_PARTIALS"))
    c.crash_after_partials = std::strtoull(crash, nullptr, 10);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  scaleout::WorkerReport r;
  std::string err;
  int status = scaleout::run_worker(c, sp.pack, sp.maker, &r, &err);
  if (status != 0) std::fprintf(stderr, "rulejit worker %s: %s\n", c.worker_id.c_str(), err.c_str());
  if (!o.quiet)
    std::fputs(fmt::format("rulejit worker {} [{}]: {} events ({} redelivered, {} of them run apart), {} late "
                           "(dropped), {} malformed, {} partial states and {} rows published, {} messages acked; "
                           "{:.3f} s busy ({:.3f}-{:.3f}): {:.0f} events/s; lag {} (consumer's undelivered messages), "
                           "{} events held unacked; consumer: {} redelivered, {} ack pending (messages)\n",
                           c.worker_id, sp.engine_name, r.events, r.redelivered, r.recovered, r.late, r.malformed,
                           r.partials, r.rows, r.acked, r.busy_seconds, r.busy_from_unix, r.busy_to_unix,
                           r.busy_seconds > 0 ? double(r.events) / r.busy_seconds : 0.0, r.pending, r.held,
                           r.consumer_redelivered, r.consumer_ack_pending)
                   .c_str(),
               stderr);
  if (!o.quiet)
    for (const auto& p : r.problems) std::fprintf(stderr, "  malformed event: %s\n", p.c_str());
  return status;
}

}  // namespace

void register_worker(CLI::App& app) {
  auto o = std::make_shared<WorkerOptions>();
  auto* cmd = app.add_subcommand("worker", "Scale-out worker: run a pack over events from NATS JetStream");
  o->common.add_to(*cmd);
  cmd->add_option("--consumer", o->consumer, "Durable pull consumer shared by the workers (default rulejit-workers)");
  cmd->add_option("--from", o->from, "STREAM/CONSUMER: --stream and --consumer in one (the form of `run --nats`)")
      ->excludes("--stream")
      ->excludes("--consumer");
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
      "events are acked. A redelivered event runs in a partial state of its own, which the merger drops if\n"
      "its first worker's partial already counted it. Publishes are retried while nats-server restarts.\n"
      "Summary: events, redeliveries, lag (the consumer's undelivered messages) and events held unacked;\n"
      "every mark carries them to the merger. `rulejit run --nats URL --from STREAM/CONSUMER ...` is\n"
      "this command. Exit status: 0 ok; 2 bad arguments or pack; 5 NATS failure.");
  cmd->callback([o] {
    const int status = run_worker_cmd(*o);
    nats_Close();  // libnats' own threads and memory (after every client is gone)
    throw CLI::RuntimeError(status);
  });
}

}  // namespace rulejit::cli
