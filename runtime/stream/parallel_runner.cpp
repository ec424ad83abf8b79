#include "runtime/stream/parallel_runner.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rulejit::rt {

// Whole lines copied out of the reader's buffer, each followed by '\n' (the
// whitespace byte the parser needs after a line) and the batch by
// kJsonPadding spaces, so every line can go to the parser as it is.
struct ParallelRunner::Batch {
  struct LineRef {
    size_t offset = 0;
    size_t size = 0;
    uint32_t file = 0;
    uint64_t line_number = 0;
    uint64_t byte_offset = 0;
  };
  struct Result {
    uint32_t rule = 0;
    const ir::Plan* plan = nullptr;
    Row row;
  };
  uint64_t first_sequence = 0;
  std::string text;
  std::vector<LineRef> lines;
  std::vector<std::string> files;  // the inputs lines[i].file indexes
  std::vector<Result> results;     // per-event rows, in the order the worker emitted them
  bool done = false;               // guarded by Shared::mutex

  void clear() {
    text.clear();
    lines.clear();
    files.clear();
    results.clear();
    done = false;
  }
  void add(const Line& line) {
    if (files.empty() || files.back() != line.file) files.emplace_back(line.file);
    lines.push_back({text.size(), line.text.size(), static_cast<uint32_t>(files.size() - 1), line.line_number,
                     line.byte_offset});
    text.append(line.text);
    text.push_back('\n');
  }
  Line line(size_t i) const {
    const LineRef& r = lines[i];
    Line l;
    l.text = std::string_view(text.data() + r.offset, r.size);
    l.capacity = text.size() - r.offset;  // the padding is appended before dispatch
    l.file = files[r.file];
    l.line_number = r.line_number;
    l.byte_offset = r.byte_offset;
    return l;
  }
};

struct ParallelRunner::Worker {
  std::unique_ptr<Engine> engine;
  Batch* batch = nullptr;  // rows go here while a batch runs; to the runner's sink otherwise
  std::thread thread;
};

struct ParallelRunner::Shared {
  std::mutex mutex;
  std::condition_variable work;  // a batch was queued, or stop
  std::condition_variable done;  // a batch was finished
  std::deque<Batch*> queue;      // dispatched, not yet taken by a worker
  std::deque<std::unique_ptr<Batch>> in_flight;  // dispatched, not yet delivered (input order)
  std::vector<std::unique_ptr<Batch>> spare;     // delivered, reusable
  bool stop = false;
};

ParallelRunner::ParallelRunner(std::shared_ptr<const ir::Pack> pack, ParallelOptions options, SinkEngineFactory make,
                               ResultSink sink)
    : pack_(std::move(pack)), options_(options), make_(std::move(make)), sink_(std::move(sink)),
      shared_(std::make_unique<Shared>()) {
  if (options_.threads == 0) options_.threads = 1;
  if (options_.batch_bytes == 0) options_.batch_bytes = 1;
}

ParallelRunner::~ParallelRunner() { stop_workers(); }

bool ParallelRunner::start(std::string* error) {
  for (size_t i = 0; i < options_.threads; ++i) {
    auto w = std::make_unique<Worker>();
    Worker* self = w.get();
    w->engine = make_(
        [this, self](uint32_t rule, const ir::Plan& plan, const Row& row) {
          if (self->batch)
            self->batch->results.push_back({rule, &plan, row});
          else
            sink_(rule, plan, row);
        },
        error);
    if (!w->engine) {
      workers_.clear();
      return false;
    }
    workers_.push_back(std::move(w));
  }
  if (options_.threads > 1) {
    for (auto& w : workers_) w->thread = std::thread([this, wp = w.get()] { worker_loop(*wp); });
  }
  return true;
}

const std::vector<std::string>& ParallelRunner::setup_errors() const {
  static const std::vector<std::string> kNone;
  return workers_.empty() ? kNone : workers_.front()->engine->setup_errors();
}

void ParallelRunner::set_timing(bool on) {
  for (auto& w : workers_) w->engine->set_timing(on);
}

void ParallelRunner::push(const Line& line) {
  if (options_.threads == 1) {
    workers_.front()->engine->push(line);
    ++next_sequence_;
    return;
  }
  if (!current_) {
    std::lock_guard lock(shared_->mutex);
    if (!shared_->spare.empty()) {
      current_ = std::move(shared_->spare.back());
      shared_->spare.pop_back();
    }
  }
  if (!current_) current_ = std::make_unique<Batch>();
  if (current_->lines.empty()) current_->first_sequence = next_sequence_;
  current_->add(line);
  ++next_sequence_;
  if (current_->text.size() >= options_.batch_bytes) dispatch_current();
}

void ParallelRunner::dispatch_current() {
  if (!current_ || current_->lines.empty()) return;
  current_->text.append(kJsonPadding, ' ');
  {
    // Bounded in flight: wait for (and deliver) the oldest batch first.
    std::unique_lock lock(shared_->mutex);
    const size_t limit = 2 * options_.threads + 2;
    if (shared_->in_flight.size() >= limit) {
      lock.unlock();
      deliver_done(true);
      lock.lock();
    }
    shared_->queue.push_back(current_.get());
    shared_->in_flight.push_back(std::move(current_));
  }
  shared_->work.notify_one();
  deliver_done(false);
}

void ParallelRunner::deliver_done(bool wait_for_oldest) {
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock lock(shared_->mutex);
      if (shared_->in_flight.empty()) return;
      if (wait_for_oldest)
        shared_->done.wait(lock, [&] { return shared_->in_flight.front()->done; });
      if (!shared_->in_flight.front()->done) return;
      batch = std::move(shared_->in_flight.front());
      shared_->in_flight.pop_front();
    }
    wait_for_oldest = false;
    for (const auto& r : batch->results) sink_(r.rule, *r.plan, r.row);
    batch->clear();
    std::lock_guard lock(shared_->mutex);
    shared_->spare.push_back(std::move(batch));
  }
}

void ParallelRunner::worker_loop(Worker& w) {
  for (;;) {
    Batch* batch = nullptr;
    {
      std::unique_lock lock(shared_->mutex);
      shared_->work.wait(lock, [&] { return shared_->stop || !shared_->queue.empty(); });
      if (shared_->queue.empty()) return;  // stop, nothing left
      batch = shared_->queue.front();
      shared_->queue.pop_front();
    }
    w.batch = batch;
    w.engine->set_sequence(batch->first_sequence);
    for (size_t i = 0; i < batch->lines.size(); ++i) w.engine->push(batch->line(i));
    w.batch = nullptr;
    {
      std::lock_guard lock(shared_->mutex);
      batch->done = true;
    }
    shared_->done.notify_all();
  }
}

void ParallelRunner::stop_workers() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stop = true;
  }
  shared_->work.notify_all();
  for (auto& w : workers_)
    if (w->thread.joinable()) w->thread.join();
}

void ParallelRunner::finish() {
  if (finished_ || workers_.empty()) return;
  finished_ = true;
  if (options_.threads > 1) {
    dispatch_current();
    for (;;) {
      {
        std::lock_guard lock(shared_->mutex);
        if (shared_->in_flight.empty()) break;
      }
      deliver_done(true);
    }
    stop_workers();
    // Every worker's groups and buffered rows into the first engine; the
    // merge is exact and arrival numbers are global, so the order of
    // merging does not matter.
    Engine& first = *workers_.front()->engine;
    for (size_t i = 1; i < workers_.size(); ++i) {
      std::vector<RuleState> states = workers_[i]->engine->take_rule_states();
      first.merge_rule_states(states);
    }
  }
  workers_.front()->engine->finish();
}

EngineStats ParallelRunner::stats() const {
  if (workers_.size() == 1) return workers_.front()->engine->stats();
  EngineStats out;
  out.rules.resize(pack_->rules.size());
  for (const auto& w : workers_) add_engine_stats(out, w->engine->stats());
  return out;
}

}  // namespace rulejit::rt
