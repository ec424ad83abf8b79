// One scale-out worker: see worker.h.
#include "scaleout/worker.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
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
    uint32_t refs = 0;               // its events held by open windows' engines
    bool processing = true;          // its events are still being run
    std::vector<uint32_t> covered;   // its events in published partials (or in an earlier worker's)
    size_t noted = 0;                // covered.size() when the last cover note went out
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
  // (see recover_late) or the WindowedEngine's.
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
    uint64_t first = held.empty() ? 0 : held.front().message->seq;
    h.id = fmt::format("{}:{}:{}:{}:{}", c_.worker_id, h.window, first, held.size(), ++partial_count_);
    std::string body = encode_partial(h, rt::serialize_rule_states(states));
    sync_rows();
    std::string err;
    if (!nc_.publish(subj_.partials, body, h.id, &err)) throw std::runtime_error(err);
    ++report_->partials;
    // What these events contributed is stored: a message none of whose
    // events is in an open window any more may go.
    std::vector<Inflight*> touched;
    for (const Held& x : held) {
      x.message->covered.push_back(x.index);
      --x.message->refs;
      if (touched.empty() || touched.back() != x.message) touched.push_back(x.message);
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (Inflight* m : touched) settle(m);
  }

  // Acks a message once every event of it is run and none is held by an
  // open window. A message with some events in a published partial and
  // others still open (it straddles a window end) gets a cover note
  // first, so a worker that gets it again after this one died skips them.
  void settle(Inflight* m) {
    if (!m->processing && m->refs == 0) {
      if (rows_unsynced_) sync_rows();  // rows of its events are stored before the ack
      natsMsg_Ack(m->msg, nullptr);
      natsMsg_Destroy(m->msg);
      ++report_->acked;
      inflight_.erase(m->seq);
      return;
    }
    if (m->covered.empty() || m->covered.size() == m->noted) return;
    std::string err;
    if (!nc_.publish(cover_subject(c_.stream, m->seq), encode_cover(m->seq, m->covered), "", &err))
      throw std::runtime_error(err);
    m->noted = m->covered.size();
    ++report_->cover_notes;
  }

  // Every row published so far is stored (or the worker fails: its events
  // stay unacked and are redelivered).
  void sync_rows() {
    std::string err;
    if (!nc_.wait_async(30, &err)) throw std::runtime_error(err);
    if (nc_.async_counts().failed.load() > 0) throw std::runtime_error("a result row could not be published");
    rows_unsynced_ = false;
  }

  // Events of a redelivered message that its earlier worker's partials
  // already hold (its cover note), so they are not counted twice.
  std::vector<uint32_t> covered_before(uint64_t seq) {
    natsMsg* note = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    std::vector<uint32_t> out;
    const std::string subject = cover_subject(c_.stream, seq);
    natsStatus s = js_GetLastMsg(&note, nc_.jetstream(), c_.stream.c_str(), subject.c_str(), nullptr, &code);
    if (s == NATS_NOT_FOUND) return out;
    if (s != NATS_OK) throw std::runtime_error(nats_error(("cover note " + subject).c_str(), s, code));
    std::string_view text(natsMsg_GetData(note), static_cast<size_t>(natsMsg_GetDataLength(note)));
    if (!parse_cover(text, seq, &out)) out.clear();
    natsMsg_Destroy(note);
    return out;
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
    std::vector<uint32_t> skip;
    if (redelivered && events_.size() > 1) skip = covered_before(seq);
    std::sort(skip.begin(), skip.end());
    inf->covered = skip;
    inf->noted = skip.size();
    current_ = inf;
    for (uint32_t i = 0; i < events_.size(); ++i) {
      if (i >= kMaxEventsPerMessage) {
        ++report_->malformed_frames;
        break;
      }
      ++report_->events;
      if (redelivered) ++report_->redelivered;
      if (std::binary_search(skip.begin(), skip.end(), i)) {
        ++report_->skipped_covered;
        continue;
      }
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
    const uint64_t late_before = windows_->late_events();
    std::string err;
    if (!windows_->push(line, "", &err)) throw std::runtime_error(err);
    if (windows_->late_events() != late_before) {
      if (redelivered) recover_late(line);
      else ++report_->late;  // as `rulejit run` does
    }
  }

  // A redelivered event (its first worker died before publishing its
  // window) whose window this worker already closed: run it in an engine
  // of its own window, whose partial goes out at the end of the batch
  // (flush_recovered), so the merger still counts it if it has not emitted
  // that window yet.
  void recover_late(const rt::Line& line) {
    if (!probe_) probe_ = std::make_unique<rt::TimeProbe>(pack_, c_.window.now);
    double t = 0;
    if (probe_->probe(line, "", &t) != rt::TimeProbe::Outcome::Timed) {
      ++report_->late;
      return;
    }
    const int64_t w = static_cast<int64_t>(std::floor(t / c_.window.span));
    auto& engine = recovered_[w];
    std::string err;
    if (!engine) engine = make_engine_(&err);
    if (!engine) throw std::runtime_error(err);
    override_window_ = w;
    engine->push(line);
    override_window_.reset();
    ++report_->recovered;
  }

  void flush_recovered() {
    for (auto& [w, engine] : recovered_) {
      override_window_ = w;
      engine->finish();  // publishes the partial, acks its events
      override_window_.reset();
    }
    recovered_.clear();
  }

  void publish_mark(bool done) {
    sync_rows();
    Mark mk;
    mk.worker = c_.worker_id;
    mk.watermark = done ? std::numeric_limits<double>::infinity() : windows_->watermark();
    mk.done = done;
    mk.events = report_->events;
    mk.late = report_->late;
    std::string err;
    if (!nc_.publish(subj_.marks, encode_mark(mk), "", &err)) throw std::runtime_error(err);
    last_mark_ = Clock::now();
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
    publish_mark(true);
    if (const rt::ReadStats* ps = windows_->probe_stats()) report_->malformed = ps->skipped_lines();
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
  std::map<int64_t, std::unique_ptr<rt::Engine>> recovered_;   // window -> engine of recovered events
  std::optional<int64_t> override_window_;
  std::map<uint64_t, std::unique_ptr<Inflight>> inflight_;       // by stream sequence
  std::map<const PartialEngine*, std::vector<Held>> pending_;    // events per open window's engine
  std::vector<std::string_view> events_;
  Inflight* current_ = nullptr;
  uint32_t current_index_ = 0;
  uint64_t row_index_ = 0;
  bool rows_unsynced_ = false;
  uint64_t partial_count_ = 0;
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
