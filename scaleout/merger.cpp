// The merge process: see merger.h.
#include "scaleout/merger.h"

#include <chrono>

#include "scaleout/nats_client.h"

namespace rulejit::scaleout {

int run_merger(const MergerConfig& c, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
               const std::function<void(const std::string& line)>& out, MergerCounters* counters,
               std::map<std::string, WorkerView>* workers, std::vector<std::string>* problems, std::string* error) {
  if (!(c.span > 0)) return *error = "the merger needs the workers' window span (--window)", 2;
  NatsClient nc;
  if (!nc.connect(c.url, "rulejit-merge", error)) return 5;
  if (!nc.ensure_stream(c.stream, error)) return 5;
  const Subjects subj = stream_subjects(c.stream);
  std::string publish_error;
  WindowMerger merger(
      pack, std::move(maker),
      [&](const std::string& line, const std::string& id) {
        out(line);
        if (c.publish_results && publish_error.empty()) nc.publish(subj.results, line, id, &publish_error);
      },
      c.span, c.expect_workers, c.worker_timeout_s);

  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = c.stream.c_str();
  so.Config.DeliverPolicy = js_DeliverAll;
  so.Config.AckPolicy = js_AckNone;
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_SubscribeSync(&sub, nc.jetstream(), subj.out_all.c_str(), nullptr, &so, &code);
  if (s != NATS_OK) return *error = nats_error("subscribe to worker output", s, code), 5;

  const auto t0 = std::chrono::steady_clock::now();
  auto now = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  int status = 0;
  while (!(c.stop && c.stop->load())) {
    natsMsg* m = nullptr;
    s = natsSubscription_NextMsg(&m, sub, 200);
    if (s == NATS_OK) {
      std::string_view data(natsMsg_GetData(m), static_cast<size_t>(natsMsg_GetDataLength(m)));
      std::string_view subject = natsMsg_GetSubject(m);
      if (subject == subj.partials) merger.add_partial(data);
      else if (subject == subj.marks) merger.add_mark(data, now());
      else if (subject == subj.rows) merger.add_row(msg_id_of(m), data);
      natsMsg_Destroy(m);
    } else if (s != NATS_TIMEOUT) {
      *error = nats_error("reading worker output", s);
      status = 5;
      break;
    }
    merger.flush_ready(now());
    if (c.exit_when_done && merger.all_done(now())) {
      // Read what is still queued before ending (the done marks are last per worker).
      if (s == NATS_TIMEOUT) break;
    }
  }
  natsSubscription_Destroy(sub);
  merger.finish();
  if (status == 0 && !publish_error.empty()) *error = publish_error, status = 5;
  if (status == 0 && c.publish_results && !nc.flush(error)) status = 5;
  *counters = merger.counters();
  *workers = merger.workers();
  *problems = merger.problems();
  return status;
}

}  // namespace rulejit::scaleout
