#include "runtime/stream/parallel_engine.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rulejit::rt {
namespace {

// Whole lines. A line whose reader lets it be kept (Line::keep) stays in
// the reader's buffer, which the batch holds until it is delivered: no copy.
// Other lines are copied into `text`, each followed by '\n' (the whitespace
// byte the parser needs after a line) and the batch by kJsonPadding spaces,
// so every line can go to the parser as it is.
struct Batch {
  enum class Kind : uint8_t { Line, Text, Routed };  // push / push_text / push_routed
  struct LineRef {
    const char* kept = nullptr;  // the line in a held buffer; nullptr: at `offset` in text
    size_t offset = 0;           // kept: its capacity
    size_t size = 0;
    uint32_t file = 0;  // index into files (Routed: into sourcetypes too)
    Kind kind = Kind::Line;
    uint64_t line_number = 0;
    uint64_t byte_offset = 0;
  };
  struct Result {
    uint32_t rule = 0;
    const ir::Plan* plan = nullptr;
    Row row;
  };
  uint64_t first_sequence = 0;
  size_t bytes = 0;  // of its lines' text, kept or copied
  std::string text;
  std::vector<LineRef> lines;
  std::vector<LineKeep> held;            // the reader buffers kept lines are in
  std::vector<std::string> files;        // the inputs lines[i].file indexes
  std::vector<std::string> sourcetypes;  // Routed lines: parallel to files
  // Per-event rows, the first result_count of them, in the order the worker
  // emitted them. Delivered rows stay as storage: the next rows are copied
  // into them, reusing their buffers (no allocation per row once warm).
  std::vector<Result> results;
  size_t result_count = 0;
  bool done = false;                     // guarded by the engine's mutex

  void clear() {
    bytes = 0;
    text.clear();
    lines.clear();
    held.clear();  // on the calling thread: the reader sees its buffers free again
    files.clear();
    sourcetypes.clear();
    result_count = 0;
    done = false;
  }
  void add(const Line& line, Kind kind, std::string_view sourcetype) {
    if (files.empty() || files.back() != line.file || sourcetypes.back() != sourcetype) {
      files.emplace_back(line.file);
      sourcetypes.emplace_back(sourcetype);
    }
    bytes += line.text.size();
    const uint32_t file = static_cast<uint32_t>(files.size() - 1);
    if (line.keep && *line.keep) {
      if (held.empty() || held.back().get() != line.keep->get()) held.push_back(*line.keep);
      lines.push_back({line.text.data(), line.capacity, line.text.size(), file, kind, line.line_number,
                       line.byte_offset});
      return;
    }
    lines.push_back({nullptr, text.size(), line.text.size(), file, kind, line.line_number, line.byte_offset});
    text.append(line.text);
    text.push_back('\n');
  }
  void add_result(uint32_t rule, const ir::Plan& plan, const Row& row) {
    if (result_count == results.size()) results.emplace_back();
    Result& r = results[result_count++];
    r.rule = rule;
    r.plan = &plan;
    r.row = row;  // assignment: keeps the slot vector's and strings' storage
  }
  Line line(size_t i) const {
    const LineRef& r = lines[i];
    Line l;
    if (r.kept) {
      l.text = std::string_view(r.kept, r.size);
      l.capacity = r.offset;
    } else {
      l.text = std::string_view(text.data() + r.offset, r.size);
      l.capacity = text.size() - r.offset;  // the padding is appended before dispatch
    }
    l.file = files[r.file];
    l.line_number = r.line_number;
    l.byte_offset = r.byte_offset;
    return l;
  }
};

class ParallelEngine final : public Engine {
 public:
  ParallelEngine(std::shared_ptr<const ir::Pack> pack, ParallelOptions options, ResultSink sink)
      : pack_(std::move(pack)), options_(options), sink_(std::move(sink)) {}
  ~ParallelEngine() override { stop_workers(); }

  bool start(const SinkEngineFactory& make, std::string* error) {
    for (size_t i = 0; i < options_.threads; ++i) {
      auto w = std::make_unique<Worker>();
      Worker* self = w.get();
      w->engine = make(
          [this, self](uint32_t rule, const ir::Plan& plan, const Row& row) {
            if (self->batch)
              self->batch->add_result(rule, plan, row);
            else
              sink_(rule, plan, row);  // finish() on the calling thread
          },
          error);
      if (!w->engine) return false;
      workers_.push_back(std::move(w));
    }
    // workers_[0] is the calling thread's own (dispatch_current, sync); the
    // others get a thread each.
    for (size_t i = 1; i < workers_.size(); ++i)
      workers_[i]->thread = std::thread([this, wp = workers_[i].get()] { worker_loop(*wp); });
    return true;
  }

  void push(const Line& line) override { add(line, Batch::Kind::Line, {}); }
  void push_text(std::string_view json) override {
    Line l;
    l.text = json;
    add(l, Batch::Kind::Text, {});
  }
  void push_routed(const Line& line, std::string_view sourcetype) override {
    add(line, Batch::Kind::Routed, sourcetype);
  }

  void sync() override {
    dispatch_current();
    // Waiting would leave a core idle: run what no worker took yet.
    while (Batch* batch = take_queued(false)) run_batch(*workers_.front(), *batch);
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (in_flight_.empty()) return;
      }
      deliver_done(true);
    }
  }

  void finish() override {
    sync();
    // Every worker's groups and buffered rows into the first engine: the
    // merge is exact and arrival numbers are global, so which worker saw
    // which event does not matter.
    Engine& first = *workers_.front()->engine;
    for (size_t i = 1; i < workers_.size(); ++i) {
      std::vector<RuleState> states = workers_[i]->engine->take_rule_states();
      first.merge_rule_states(states);
    }
    first.finish();
    refresh_figures();
  }

  const EngineStats& stats() const override {
    const_cast<ParallelEngine*>(this)->sync();
    stats_ = EngineStats();
    stats_.rules.resize(pack_->rules.size());
    for (const auto& w : workers_) add_engine_stats(stats_, w->engine->stats());
    return stats_;
  }
  void set_timing(bool on) override {
    sync();
    for (auto& w : workers_) w->engine->set_timing(on);
  }
  const std::vector<std::string>& setup_errors() const override { return workers_.front()->engine->setup_errors(); }

  std::vector<RuleState> take_rule_states() override {
    sync();
    Engine& first = *workers_.front()->engine;
    for (size_t i = 1; i < workers_.size(); ++i) {
      std::vector<RuleState> states = workers_[i]->engine->take_rule_states();
      first.merge_rule_states(states);
    }
    std::vector<RuleState> out = first.take_rule_states();
    refresh_figures();
    return out;
  }
  size_t adopt_rule_states(std::vector<RuleState>& states) override {
    sync();
    const size_t n = workers_.front()->engine->adopt_rule_states(states);
    // Adopted rows count as older than every line pushed from now on.
    next_sequence_ = std::max(next_sequence_, workers_.front()->engine->next_sequence());
    refresh_figures();
    return n;
  }
  size_t merge_rule_states(std::vector<RuleState>& states) override {
    sync();
    const size_t n = workers_.front()->engine->merge_rule_states(states);
    refresh_figures();
    return n;
  }
  void set_sequence(uint64_t next) override { next_sequence_ = next; }
  uint64_t next_sequence() const override { return next_sequence_; }
  size_t memory_bytes() const override {
    // The workers' own figures as of their last batch: no waiting for them.
    size_t bytes = 0;
    for (const auto& w : workers_) bytes += w->memory.load(std::memory_order_relaxed);
    return bytes;
  }
  size_t group_count() const override {
    size_t groups = 0;
    for (const auto& w : workers_) groups += w->groups.load(std::memory_order_relaxed);
    return groups;
  }

 private:
  struct Worker {
    std::unique_ptr<Engine> engine;
    Batch* batch = nullptr;  // rows go here while a batch runs; to the sink otherwise
    std::atomic<size_t> memory{0};  // engine->memory_bytes() after its last batch
    std::atomic<size_t> groups{0};  // engine->group_count() after its last batch
    std::thread thread;
  };

  // The workers' memory and group figures after the calling thread changed
  // their engines (finish, take, merge), with every worker idle.
  void refresh_figures() {
    for (auto& w : workers_) {
      w->memory.store(w->engine->memory_bytes(), std::memory_order_relaxed);
      w->groups.store(w->engine->group_count(), std::memory_order_relaxed);
    }
  }

  void add(const Line& line, Batch::Kind kind, std::string_view sourcetype) {
    if (!current_) {
      std::lock_guard lock(mutex_);
      if (!spare_.empty()) {
        current_ = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    if (!current_) current_ = std::make_unique<Batch>();
    if (current_->lines.empty()) current_->first_sequence = next_sequence_;
    current_->add(line, kind, sourcetype);
    ++next_sequence_;
    if (current_->bytes >= options_.batch_bytes) dispatch_current();
  }

  void dispatch_current() {
    if (!current_ || current_->lines.empty()) return;
    current_->text.append(kJsonPadding, ' ');
    // Bounded in flight: deliver the oldest batch first. While a worker
    // thread still runs it (or lost its core to another process), run what
    // no worker took yet rather than wait.
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (in_flight_.size() < 2 * options_.threads + 2) break;
      }
      if (Batch* batch = take_queued(false)) {
        run_batch(*workers_.front(), *batch);
        deliver_done(false);
      } else {
        deliver_done(true);
      }
    }
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(current_.get());
      in_flight_.push_back(std::move(current_));
    }
    work_.notify_one();
    // The calling thread works too, rather than being one busy thread more
    // than there are cores: once the worker threads have kLead batches each
    // waiting (enough to stay busy while it runs one and reads the next), it
    // runs the batch it just cut (still in its cache) itself.
    if (Batch* batch = take_queued(true)) run_batch(*workers_.front(), *batch);
    deliver_done(false);
  }

  static constexpr size_t kLead = 2;

  // A batch no worker took yet: with `newest_if_ahead`, the newest, and only
  // when more than kLead per worker thread wait; otherwise the oldest.
  Batch* take_queued(bool newest_if_ahead) {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return nullptr;
    Batch* batch = nullptr;
    if (!newest_if_ahead) {
      batch = queue_.front();
      queue_.pop_front();
    } else if (queue_.size() > kLead * (workers_.size() - 1)) {
      batch = queue_.back();
      queue_.pop_back();
    }
    return batch;
  }

  // Delivers completed batches in input order; with `wait_for_oldest`,
  // first blocks until the oldest in-flight batch is done.
  void deliver_done(bool wait_for_oldest) {
    for (;;) {
      std::unique_ptr<Batch> batch;
      {
        std::unique_lock lock(mutex_);
        if (in_flight_.empty()) return;
        if (wait_for_oldest) done_.wait(lock, [&] { return in_flight_.front()->done; });
        if (!in_flight_.front()->done) return;
        batch = std::move(in_flight_.front());
        in_flight_.pop_front();
      }
      wait_for_oldest = false;
      for (size_t i = 0; i < batch->result_count; ++i) {
        const Batch::Result& r = batch->results[i];
        sink_(r.rule, *r.plan, r.row);
      }
      batch->clear();
      std::lock_guard lock(mutex_);
      spare_.push_back(std::move(batch));
    }
  }

  void worker_loop(Worker& w) {
    for (;;) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex_);
        work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, nothing left
        batch = queue_.front();
        queue_.pop_front();
      }
      run_batch(w, *batch);
    }
  }

  // Runs one batch on w's engine (a worker thread, or the calling thread
  // with workers_[0]) and marks it done.
  void run_batch(Worker& w, Batch& batch) {
    w.batch = &batch;
    w.engine->set_sequence(batch.first_sequence);
    for (size_t i = 0; i < batch.lines.size(); ++i) {
      const Line line = batch.line(i);
      switch (batch.lines[i].kind) {
        case Batch::Kind::Line: w.engine->push(line); break;
        case Batch::Kind::Text: w.engine->push_text(line.text); break;
        case Batch::Kind::Routed: w.engine->push_routed(line, batch.sourcetypes[batch.lines[i].file]); break;
      }
    }
    w.memory.store(w.engine->memory_bytes(), std::memory_order_relaxed);
    w.groups.store(w.engine->group_count(), std::memory_order_relaxed);
    w.batch = nullptr;
    {
      std::lock_guard lock(mutex_);
      batch.done = true;
    }
    done_.notify_all();
  }

  void stop_workers() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    work_.notify_all();
    for (auto& w : workers_)
      if (w->thread.joinable()) w->thread.join();
  }

  std::shared_ptr<const ir::Pack> pack_;
  ParallelOptions options_;
  ResultSink sink_;
  std::vector<std::unique_ptr<Worker>> workers_;
  mutable EngineStats stats_;
  std::unique_ptr<Batch> current_;  // being filled by the calling thread
  uint64_t next_sequence_ = 0;      // arrival number of the next line

  std::mutex mutex_;
  std::condition_variable work_;  // a batch was queued, or stop
  std::condition_variable done_;  // a batch was finished
  std::deque<Batch*> queue_;      // dispatched, not yet taken by a worker
  std::deque<std::unique_ptr<Batch>> in_flight_;  // dispatched, not yet delivered (input order)
  std::vector<std::unique_ptr<Batch>> spare_;     // delivered, reusable
  bool stop_ = false;
};

}  // namespace

std::unique_ptr<Engine> make_parallel_engine(std::shared_ptr<const ir::Pack> pack, ParallelOptions options,
                                             const SinkEngineFactory& make, ResultSink sink, std::string* error) {
  if (options.threads <= 1) return make(std::move(sink), error);
  if (options.batch_bytes == 0) options.batch_bytes = 1;
  auto engine = std::make_unique<ParallelEngine>(std::move(pack), options, std::move(sink));
  if (!engine->start(make, error)) return nullptr;
  return engine;
}

}  // namespace rulejit::rt
