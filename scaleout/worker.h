// run_worker: one scale-out worker. Consumes events from a JetStream stream
// with a durable pull consumer shared by every worker, runs them through an
// rt::WindowedEngine of PartialEngines, and publishes (to the stream's
// subjects, nats_client.h):
//  - per-event result rows (rules without aggregation) as they happen, to
//    NAME.out.row, each with the msg id "row:<message seq>:<k>" (first event
//    of a message) or "row:<message seq>.<event index>:<k>", so a
//    redelivered event does not publish its rows twice (within the stream's
//    duplicate window); published asynchronously, and confirmed by the
//    server before any mark, partial or ack that follows them;
//  - a partial state per closed window (wire.h) to NAME.out.partial, with
//    the event numbers of its events ((message seq, index) spans,
//    worker_recovery.h) and a deterministic msg id (partial_id);
//  - a watermark mark (wire.h) to NAME.out.mark after each fetched batch and
//    every heartbeat while idle.
//
// Messages hold one or more events (event_batch.h). Acknowledgement is per
// message: a message is acked once every window its events went into has
// its partial published (the server acked it); one whose events went
// nowhere (malformed, late) is acked once run. Messages of open windows
// stay unacked; they are marked in progress every ack_wait/3 so the server
// does not redeliver them while their window is open. A worker killed with
// SIGKILL leaves its messages unacked: the server redelivers them to the
// other workers after ack_wait; those of its events already in a published
// partial (a message straddling a window end) come back too, and the
// merger drops their copy (worker_recovery.h).
//
// A redelivered event with a time runs in an engine of redelivered events
// only (one per window and fetched batch), whose partial is published at the
// end of the batch, whether its window is open or closed here: its first
// worker may have published it already, and the merger then drops the copy
// (worker_recovery.h has the protocol). The merger merges it unless it
// already emitted the window: its --worker-timeout must exceed the
// consumer's AckWait. A first-delivery event of a closed window is late and
// dropped, as in `rulejit run`.
//
// Partial ids are deterministic (worker_recovery.h). Publishes are retried
// while the server is away (nats_client.h), so a restart of nats-server
// (file storage) loses and doubles nothing. Each mark carries the worker's
// redeliveries, the events it holds unacked and the consumer's lag
// (num_pending, in messages, asked once a heartbeat).
//
// Known gap: untimed events go to this worker's newest window (a
// redelivered one: to the window of the batch's timed redelivered event
// before it, worker_recovery.h), so results equal `run` only for events
// with a _time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::scaleout {

struct WorkerConfig {
  std::string url = "nats://127.0.0.1:4222";
  std::string stream;
  std::string consumer = "rulejit-workers";  // durable pull consumer shared by the workers
  std::string worker_id;
  rt::WindowOptions window;  // span > 0 required
  int batch = 256;                // messages per fetch (a message holds one or more events)
  int64_t fetch_bytes = 8 << 20;  // and at most this many bytes per fetch
  int64_t ack_wait_ms = 30000;    // consumer AckWait (when the worker creates it)
  double heartbeat_s = 1;         // marks while idle
  double idle_finish_s = 0;       // > 0: that long without events closes every window, publishes done, returns
  const std::atomic<bool>* stop = nullptr;  // set: finish like idle_finish and return
  // Fault injection for tests: > 0 ends the process (_Exit(137), like
  // SIGKILL) right after the N-th partial is stored, before its events are
  // acked (rulejit worker reads RULEJIT_TEST_CRASH_AFTER_PARTIALS).
  uint64_t crash_after_partials = 0;
};

struct WorkerReport {
  uint64_t events = 0;       // events taken (redeliveries included)
  uint64_t redelivered = 0;  // of which in a message delivered more than once
  uint64_t malformed_frames = 0;  // messages of more than kMaxEventsPerMessage events (the rest dropped)
  uint64_t late = 0;
  uint64_t recovered = 0;    // redelivered events run apart from first deliveries (worker_recovery.h)
  uint64_t malformed = 0;
  std::vector<std::string> problems;  // first malformed events: "stream seq N: kind: reason" (N: its message's)
  uint64_t partials = 0;
  uint64_t rows = 0;
  uint64_t acked = 0;        // messages
  uint64_t held = 0;         // events held unacked at the last mark
  uint64_t pending = 0;      // consumer: messages not yet delivered to any worker (lag), last asked
  int64_t consumer_redelivered = 0, consumer_ack_pending = 0;  // consumer-wide (messages), last asked
  double busy_seconds = 0;  // from the first fetched batch to the end of the last one
  double busy_from_unix = 0, busy_to_unix = 0;  // the same span in epoch seconds (several workers' wall span)
  rt::EngineStats stats;
};

// 0 ok; 2 bad configuration or setup; 5 NATS failure (message in *error).
int run_worker(const WorkerConfig& config, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
               WorkerReport* report, std::string* error);

}  // namespace rulejit::scaleout
