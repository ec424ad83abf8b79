// One scale-out worker: see worker.h.
#include "scaleout/worker.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "runtime/engine/result_format.h"
#include "runtime/stream/partial_state.h"
#include "runtime/stream/time_probe.h"
#include "scaleout/event_batch.h"
#include "scaleout/nats_client.h"
#include "scaleout/partial_engine.h"
#include "scaleout/wire.h"
#include "scaleout/worker_recovery.h"

namespace rulejit::scaleout {
namespace {

using Clock = std::chrono::steady_clock;

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class Worker {
  // A fetched message until it is acked: its events may sit in several
  // windows (it straddles a window end).
  struct Inflight {
    natsMsg* msg = nullptr;
    uint64_t seq = 0;
    uint32_t events = 0;             // events in it (its last one's event span reaches the next message)
    uint32_t refs = 0;               // its events held by open windows' engines
    bool processing = true;          // its events are still being run
  };
  struct Held {
    Inflight* message;
    uint32_t index;
  };
 public:
  Worker(const WorkerConfig& c, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
         WorkerReport* report)
      : c_(c), pack_(std::move(pack)), maker_(std::move(maker)), report_(report), subj_(stream_subjects(c.stream)) {}

  ~Worker() {
    for (auto& [seq, inf] : inflight_) natsMsg_Destroy(inf->msg);
    if (sub_) natsSubscription_Destroy(sub_);
  }

  int run(std::string* error) {
    if (!(c_.window.span > 0)) return *error = "a worker needs a window span (--window)", 2;
    if (!valid_worker_id(c_.worker_id)) return *error = "bad worker id '" + c_.worker_id + "'", 2;
    fingerprint_ = pack_fingerprint(*pack_);
    if (!nc_.connect(c_.url, "rulejit-worker-" + c_.worker_id, error)) return 5;
    if (!nc_.ensure_stream(c_.stream, error)) return 5;
    if (!subscribe(error)) return 5;
    if (!make_windows(error)) return 2;
    try {
      return loop(error);
    } catch (const std::exception& e) {
      // Nothing unpublished is acked: the server redelivers it.
      *error = e.what();
      return 5;
    }
  }

 private:
  bool subscribe(std::string* error) {
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = c_.stream.c_str();
    so.ManualAck = true;
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.AckWait = c_.ack_wait_ms * int64_t{1000000};  // nanoseconds
    // Events of open windows stay unacked: allow many.
    so.Config.MaxAckPending = 1 << 20;
    so.Config.FilterSubject = subj_.events.c_str();
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s =
        js_PullSubscribe(&sub_, nc_.jetstream(), subj_.events.c_str(), c_.consumer.c_str(), nullptr, &so, &code);
    if (s != NATS_OK) return *error = nats_error(("pull consumer " + c_.consumer).c_str(), s, code), false;
    return true;
  }

  bool make_windows(std::string* error) {
    rt::ResultSink sink = [this](uint32_t rule, const ir::Plan& plan, const rt::Row& row) { on_row(rule, plan, row); };
    auto on_event = [this](PartialEngine* e) {
      pending_[e].push_back({current_, current_index_});
      ++current_->refs;
      return event_number(current_->seq, current_index_);
    };
    auto on_close = [this](PartialEngine* e, std::vector<rt::RuleState> states) { on_close_window(e, states); };
    rt::EngineFactory factory = [=, this](std::string* err) -> std::unique_ptr<rt::Engine> {
      return PartialEngine::make(maker_, sink, on_event, on_close, err);
    };
    make_engine_ = factory;
    auto first = factory(error);
    if (!first) return false;
    windows_ = std::make_unique<rt::WindowedEngine>(pack_, c_.window, factory, std::move(first));
    return true;
  }

  // The window of the rows or state being produced: a recovered event's
  // (see recover) or the WindowedEngine's.
  rt::Window current_window() const {
    if (!override_window_) return windows_->current_window();
    const double start = static_cast<double>(*override_window_) * c_.window.span;
    return {start, start + c_.window.span, false};
  }

  void on_row(uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    const auto& pr = pack_->rules[rule];
    if (pr.hidden) return;
    const rt::Window w = current_window();
    std::vector<rt::LeadingField> fields = {{"_window_start", w.start}, {"_window_end", w.end}};
    std::string line = rt::format_result_json(pr.name, pr.id, plan, row, fields);
    // Asynchronous: rows are confirmed (sync_rows) before their events are acked.
    std::string err;
    // Row ids of a message's first event keep the one-event-per-message form.
    const std::string id = current_index_ == 0 ? fmt::format("row:{}:{}", current_->seq, row_index_++)
                                               : fmt::format("row:{}.{}:{}", current_->seq, current_index_, row_index_++);
    if (!nc_.publish_async(subj_.rows, line, id, &err)) throw std::runtime_error(err);
    ++report_->rows;
    rows_unsynced_ = true;
  }

  void on_close_window(PartialEngine* e, std::vector<rt::RuleState>& states) {
    const rt::Window w = current_window();
    std::vector<Held> held = std::move(pending_[e]);
    pending_.erase(e);
    PartialHeader h;
    h.worker = c_.worker_id;
    h.window = static_cast<int64_t>(std::llround(w.start / c_.window.span));
    h.span = c_.window.span;
    h.pack = fingerprint_;
    SeqRanges spans;
    spans.reserve(held.size());
    for (const Held& x : held) spans.push_back(event_span(x.message->seq, x.index, x.message->events));
    h.seqs = span_ranges(std::move(spans));
    h.id = partial_id(h, recovering_);
    std::string body = encode_partial(h, rt::serialize_rule_states(states));
    sync_rows();
    std::string err;
    if (!nc_.publish(subj_.partials, body, h.id, &err)) throw std::runtime_error(err);
    ++report_->partials;
    // Fault injection (tests): die as SIGKILL would, after the publish and before the acks.
    if (c_.crash_after_partials > 0 && report_->partials == c_.crash_after_partials) std::_Exit(137);
    // What these events contributed is stored: a message none of whose
    // events is in an open window any more may go.
    std::vector<Inflight*> touched;
    for (const Held& x : held) {
      --x.message->refs;
      if (touched.empty() || touched.back() != x.message) touched.push_back(x.message);
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (Inflight* m : touched) settle(m);
  }

  // Acks a message once every event of it is run and none is held by an
  // open window. A message straddling a window end stays unacked until its
  // last window is published; if this worker dies first, the events of its
  // published windows come back to another worker and the merger drops
  // their copy (SeqCover, worker_recovery.h).
  void settle(Inflight* m) {
    if (m->processing || m->refs != 0) return;
    if (rows_unsynced_) sync_rows();  // rows of its events are stored before the ack
    natsMsg_Ack(m->msg, nullptr);
    natsMsg_Destroy(m->msg);
    ++report_->acked;
    inflight_.erase(m->seq);
  }

  // Every row published so far is stored (or the worker fails: its events
  // stay unacked and are redelivered).
  void sync_rows() {
    std::string err;
    if (!nc_.wait_async(30, &err)) throw std::runtime_error(err);
    if (nc_.async_counts().failed.load() > 0) throw std::runtime_error("a result row could not be published");
    rows_unsynced_ = false;
  }

  void process(natsMsg* m) {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, m) != NATS_OK) {
      natsMsg_Ack(m, nullptr);  // not a JetStream message: nothing to count
      natsMsg_Destroy(m);
      return;
    }
    const uint64_t seq = meta->Sequence.Stream;
    const bool redelivered = meta->NumDelivered > 1;
    jsMsgMetaData_Destroy(meta);
    auto owned = std::make_unique<Inflight>();
    Inflight* inf = owned.get();
    inf->msg = m;
    inf->seq = seq;
    if (auto old = inflight_.find(seq); old != inflight_.end()) {
      // Delivered again while this worker still holds it (a stalled worker
      // past AckWait): keep the first delivery, whose events are in its windows.
      natsMsg_Destroy(m);
      return;
    }
    inflight_.emplace(seq, std::move(owned));
    std::string_view body(natsMsg_GetData(m), static_cast<size_t>(natsMsg_GetDataLength(m)));
    split_events(body, &events_);
    inf->events = static_cast<uint32_t>(std::min<size_t>(events_.size(), kMaxEventsPerMessage));
    current_ = inf;
    for (uint32_t i = 0; i < events_.size(); ++i) {
      if (i >= kMaxEventsPerMessage) {
        ++report_->malformed_frames;
        break;
      }
      ++report_->events;
      if (redelivered) ++report_->redelivered;
      run_event(events_[i], body, i, redelivered);
    }
    current_ = nullptr;
    inf->processing = false;
    settle(inf);  // malformed or late events, or all in closed windows: acked now
  }

  void run_event(std::string_view text, std::string_view body, uint32_t index, bool redelivered) {
    current_index_ = index;
    row_index_ = 0;
    // The parser reads up to kJsonPadding bytes past the event: the rest of
    // the message serves when it is long enough (no copy), else a padded copy.
    rt::Line line;
    const size_t readable = static_cast<size_t>(body.data() + body.size() - text.data());
    if (readable >= text.size() + rt::kJsonPadding) {
      line.text = text;
      line.capacity = readable;
      line.file = source_name_;
    } else {
      line = rt::padded_line(buffer_, text, source_name_);
    }
    line.line_number = current_->seq;  // for reports; the arrival number comes from on_event
    // A redelivered event may be in a partial its first worker published
    // before dying: it goes into a partial of redelivered events only
    // (worker_recovery.h).
    if (redelivered && recover(line)) return;
    const uint64_t late_before = windows_->late_events();
    std::string err;
    if (!windows_->push(line, "", &err)) throw std::runtime_error(err);
    if (windows_->late_events() != late_before) ++report_->late;  // as `rulejit run` does
  }

  // Runs a timed redelivered event in the batch's engine of redelivered
  // events of its window, published at the end of the batch
  // (flush_recovered); an untimed one follows the timed redelivered event
  // before it in the batch (as `run` puts it in the current window).
  // False: malformed, or untimed with no such event, left to the windows as
  // on first delivery.
  bool recover(const rt::Line& line) {
    if (!probe_) probe_ = std::make_unique<rt::TimeProbe>(pack_, c_.window.now);
    double t = 0;
    const auto outcome = probe_->probe(line, "", &t);
    if (outcome == rt::TimeProbe::Outcome::Malformed) return false;
    if (outcome == rt::TimeProbe::Outcome::Untimed && !last_recovered_) return false;
    const int64_t w = outcome == rt::TimeProbe::Outcome::Timed ? static_cast<int64_t>(std::floor(t / c_.window.span))
                                                               : *last_recovered_;
    last_recovered_ = w;
    auto& engine = recovered_[w];
    std::string err;
    if (!engine) engine = make_engine_(&err);
    if (!engine) throw std::runtime_error(err);
    override_window_ = w;
    engine->push(line);
    override_window_.reset();
    ++report_->recovered;
    return true;
  }

  void flush_recovered() {
    recovering_ = true;
    for (auto& [w, engine] : recovered_) {
      override_window_ = w;
      engine->finish();  // publishes the partial, acks its events
      override_window_.reset();
    }
    recovering_ = false;
    recovered_.clear();
    last_recovered_.reset();
  }

  void publish_mark(bool done) {
    sync_rows();
    Mark mk;
    mk.worker = c_.worker_id;
    mk.watermark = done ? std::numeric_limits<double>::infinity() : windows_->watermark();
    mk.done = done;
    mk.events = report_->events;
    mk.late = report_->late;
    mk.redelivered = report_->redelivered;
    for (const auto& [engine, held] : pending_) mk.held += held.size();
    report_->held = mk.held;
    refresh_lag();
    mk.pending = report_->pending;
    std::string err;
    if (!nc_.publish(subj_.marks, encode_mark(mk), "", &err)) throw std::runtime_error(err);
    last_mark_ = Clock::now();
  }

  // The shared consumer's lag and redeliveries, asked at most once a
  // heartbeat (one request to the server).
  void refresh_lag() {
    auto now = Clock::now();
    if (last_lag_ != Clock::time_point{} && now - last_lag_ < std::chrono::duration<double>(c_.heartbeat_s)) return;
    last_lag_ = now;
    report_->pending = consumer_lag(sub_, &report_->consumer_redelivered, &report_->consumer_ack_pending);
  }

  // Open windows keep their events unacked: tell the server they are still
  // being worked on, so it does not redeliver them after AckWait.
  void keep_pending_alive() {
    auto now = Clock::now();
    if (now - last_keepalive_ < std::chrono::milliseconds(c_.ack_wait_ms / 3)) return;
    last_keepalive_ = now;
    for (auto& [seq, inf] : inflight_) natsMsg_InProgress(inf->msg, nullptr);
  }

  int finish_all(std::string* error) {
    windows_->finish();  // every window's partial published, its events acked
    last_lag_ = {};      // the summary's lag is the final one
    publish_mark(true);
    if (const rt::ReadStats* ps = windows_->probe_stats()) {
      report_->malformed = ps->skipped_lines();
      for (const auto& p : ps->problems)
        report_->problems.push_back(fmt::format("stream seq {}: {}: {}", p.line, rt::to_string(p.kind), p.reason));
    }
    report_->stats = windows_->stats();
    return nc_.flush(error) ? 0 : 5;
  }

  int loop(std::string* error) {
    last_keepalive_ = Clock::now();
    auto last_event = Clock::now();
    while (true) {
      if (c_.stop && c_.stop->load()) return finish_all(error);
      natsMsgList list{};
      // Batch messages, and at most fetch_bytes of them (a message may hold many events).
      jsFetchRequest req;
      jsFetchRequest_Init(&req);
      req.Batch = c_.batch;
      req.MaxBytes = c_.fetch_bytes;
      req.Expires = int64_t{250} * 1000 * 1000;  // ns
      natsStatus s = natsSubscription_FetchRequest(&list, sub_, &req);
      if (s == NATS_OK) {
        if (!busy_) {
          busy_ = true;
          first_batch_ = Clock::now();
          report_->busy_from_unix = unix_now();
        }
        for (int i = 0; i < list.Count; ++i) {
          natsMsg* m = list.Msgs[i];
          list.Msgs[i] = nullptr;  // ours now: acked (and destroyed) later
          process(m);
        }
        natsMsgList_Destroy(&list);
        flush_recovered();
        last_event = Clock::now();
        report_->busy_seconds = std::chrono::duration<double>(last_event - first_batch_).count();
        report_->busy_to_unix = unix_now();
        publish_mark(false);
      } else {
        natsMsgList_Destroy(&list);
        if (s != NATS_TIMEOUT) {
          // Disconnected or the like: libnats reconnects; try again shortly.
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        auto now = Clock::now();
        if (c_.idle_finish_s > 0 && now - last_event >= std::chrono::duration<double>(c_.idle_finish_s))
          return finish_all(error);
        if (now - last_mark_ >= std::chrono::duration<double>(c_.heartbeat_s)) publish_mark(false);
      }
      keep_pending_alive();
    }
  }

  const WorkerConfig& c_;
  std::shared_ptr<const ir::Pack> pack_;
  rt::SinkEngineFactory maker_;
  WorkerReport* report_;
  Subjects subj_;
  std::string fingerprint_;
  NatsClient nc_;
  natsSubscription* sub_ = nullptr;
  std::unique_ptr<rt::WindowedEngine> windows_;
  rt::EngineFactory make_engine_;
  std::unique_ptr<rt::TimeProbe> probe_;                        // times of recovered events
  std::map<int64_t, std::unique_ptr<rt::Engine>> recovered_;  // window -> engine of this batch's redelivered events
  bool recovering_ = false;                                     // finishing recovered_
  std::optional<int64_t> last_recovered_;                       // window of the batch's last recovered event
  std::optional<int64_t> override_window_;
  std::map<uint64_t, std::unique_ptr<Inflight>> inflight_;       // by stream sequence
  std::map<const PartialEngine*, std::vector<Held>> pending_;    // events per open window's engine
  std::vector<std::string_view> events_;
  Inflight* current_ = nullptr;
  uint32_t current_index_ = 0;
  uint64_t row_index_ = 0;
  bool rows_unsynced_ = false;
  Clock::time_point last_lag_{};
  std::string buffer_;
  std::string source_name_ = "nats:" + c_.stream;
  Clock::time_point last_mark_{}, last_keepalive_{}, first_batch_{};
  bool busy_ = false;
};

}  // namespace

int run_worker(const WorkerConfig& config, std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker,
               WorkerReport* report, std::string* error) {
  Worker w(config, std::move(pack), std::move(maker), report);
  return w.run(error);
}

}  // namespace rulejit::scaleout
