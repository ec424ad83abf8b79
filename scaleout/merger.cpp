// The merge process: see merger.h.
#include "scaleout/merger.h"

#include <chrono>
#include <thread>

#include "runtime/core/output_file.h"
#include "scaleout/nats_client.h"

namespace rulejit::scaleout {
namespace {

constexpr uint64_t kRowsPerRecord = 1000;  // at most this many rows written past the record

uint64_t stream_seq(natsMsg* m) {
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, m) != NATS_OK) return 0;
  const uint64_t seq = meta->Sequence.Stream;
  jsMsgMetaData_Destroy(meta);
  return seq;
}

// Opens the output: continued after the record when there is one for it.
bool open_output(const MergerConfig& c, const MergerResult& r, rt::OutputStream* out, std::string* error) {
  const bool file = !c.output.empty() && c.output != "-";
  bool ok = file && r.resumed && r.record.output_bytes >= 0
                ? out->open_resumed(c.output, static_cast<uint64_t>(r.record.output_bytes))
                : out->open(c.output);
  if (!ok) {
    *error = out->error();
    if (r.resumed) *error += " (a previous merger's record says what it wrote; --reprint starts over)";
  }
  return ok;
}

}  // namespace

int run_merger(const MergerConfig& c, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
               MergerResult* result, std::string* error) {
  if (!(c.span > 0)) return *error = "the merger needs the workers' window span (--window)", 2;
  NatsClient nc;
  if (!nc.connect(c.url, "rulejit-merge", error)) return 5;
  if (!nc.ensure_stream(c.stream, error)) return 5;
  const Subjects subj = stream_subjects(c.stream);
  const std::string rec_subject = record_subject(c.stream, pack_fingerprint(*pack));
  if (!c.reprint) {
    EmitRecord rec;
    const int found = load_record(nc, c.stream, rec_subject, &rec, error);
    if (found < 0) return 5;
    // A record of another window span is another merge: start over.
    if (found > 0 && rec.span == c.span) result->resumed = true, result->record = rec;
  }
  rt::OutputStream out;
  if (!open_output(c, *result, &out, error)) return 2;

  std::string publish_error;
  uint64_t written_since_record = 0;
  WindowMerger merger(
      pack, std::move(maker),
      [&](const std::string& line, const std::string& id) {
        out.write(line);
        out.write("\n");
        ++written_since_record;
        if (c.publish_results && publish_error.empty()) nc.publish(subj.results, line, id, &publish_error);
      },
      c.span, c.expect_workers, c.worker_timeout_s);
  if (c.on_problem) merger.set_problem_sink(c.on_problem);
  EmitRecord rec;
  rec.span = c.span;
  if (result->resumed) {
    merger.resume(result->record.windows_through);
    rec.rows_through = result->record.rows_through;
  }
  // Rows written (and flushed) first, then the record that says so.
  auto write_record = [&](std::string* err) {
    if (!out.flush()) return *err = out.error(), false;
    rec.windows_through = merger.emitted_through();
    rec.output_bytes = c.output.empty() || c.output == "-" ? -1 : static_cast<int64_t>(out.bytes_written());
    written_since_record = 0;
    return nc.publish(rec_subject, encode_record(rec), "", err);
  };

  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = c.stream.c_str();
  so.Config.DeliverPolicy = js_DeliverAll;
  // Ordered: recreated from the next sequence when the server restarts.
  so.Ordered = true;
  so.Config.Heartbeat = int64_t{1000000000};  // 1 s: a lost consumer is noticed soon
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
    size_t windows = 0;
    if (s == NATS_OK) {
      std::string_view data(natsMsg_GetData(m), static_cast<size_t>(natsMsg_GetDataLength(m)));
      std::string_view subject = natsMsg_GetSubject(m);
      if (subject == subj.partials) {
        merger.add_partial(data);
      } else if (subject == subj.marks) {
        merger.add_mark(data, now());
      } else if (subject == subj.rows) {
        const uint64_t seq = stream_seq(m);
        if (result->resumed && seq != 0 && seq <= result->record.rows_through) merger.skip_row(msg_id_of(m));
        else merger.add_row(msg_id_of(m), data);
        if (seq > rec.rows_through) rec.rows_through = seq;
      }
      natsMsg_Destroy(m);
    } else if (s != NATS_TIMEOUT && !transient(s)) {
      *error = nats_error("reading worker output", s);
      status = 5;
      break;
    } else if (s != NATS_TIMEOUT) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // server away: libnats reconnects
    }
    windows = merger.flush_ready(now());
    // Record after windows, when idle, and every kRowsPerRecord rows.
    if (written_since_record > 0 && (windows > 0 || s != NATS_OK || written_since_record >= kRowsPerRecord) &&
        !write_record(error)) {
      status = out.ok() ? 5 : 4;
      break;
    }
    if (c.exit_when_done && merger.all_done(now())) {
      // Read what is still queued before ending (the done marks are last per worker).
      if (s == NATS_TIMEOUT) break;
    }
  }
  natsSubscription_Destroy(sub);
  merger.finish();
  if (status == 0 && !write_record(error)) status = out.ok() ? 5 : 4;
  if (!out.close() && status == 0) *error = out.error(), status = 4;
  if (status == 0 && !publish_error.empty()) *error = publish_error, status = 5;
  if (status == 0 && c.publish_results && !nc.flush(error)) status = 5;
  result->counters = merger.counters();
  result->workers = merger.workers();
  result->problems = merger.problems();
  return status;
}

}  // namespace rulejit::scaleout
