// WindowMerger: see window_merger.h.
#include "scaleout/window_merger.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "compiler/ir/plan.h"
#include "runtime/engine/result_format.h"
#include "runtime/stream/partial_state.h"

namespace rulejit::scaleout {

namespace {
constexpr size_t kMaxProblems = 10;
}

WindowMerger::WindowMerger(std::shared_ptr<const ir::Pack> pack, rt::SinkEngineFactory maker, Emit emit, double span,
                           size_t expect_workers, double worker_timeout)
    : pack_(std::move(pack)),
      maker_(std::move(maker)),
      emit_(std::move(emit)),
      span_(span),
      expect_workers_(expect_workers),
      worker_timeout_(worker_timeout),
      fingerprint_(pack_fingerprint(*pack_)) {}

void WindowMerger::problem(const std::string& text) {
  if (problems_.size() < kMaxProblems) problems_.push_back(text);
  if (problem_sink_) problem_sink_(text);
}

void WindowMerger::reject(const std::string& why, std::string* out) {
  ++counters_.rejected;
  problem(why);
  if (out) *out = why;
}

void WindowMerger::resume(double emitted_through) {
  emitted_through_ = std::max(emitted_through_, emitted_through);
  resumed_through_ = emitted_through_;
}

void WindowMerger::skip_row(const std::string& id) {
  if (!id.empty()) seen_rows_.insert(id);
  ++counters_.skipped_rows;
}

WindowMerger::Verdict WindowMerger::add_partial(std::string_view message, std::string* why) {
  PartialHeader h;
  std::string_view bytes;
  std::string err;
  if (!parse_partial(message, &h, &bytes, &err)) return reject("partial state: " + err, why), Verdict::Rejected;
  if (seen_partials_.count(h.id)) {
    ++counters_.duplicates;
    return Verdict::Duplicate;
  }
  if (h.pack != fingerprint_)
    return reject(fmt::format("partial {} is of another pack ({}, this is {})", h.id, h.pack, fingerprint_), why),
           Verdict::Rejected;
  if (h.span != span_)
    return reject(fmt::format("partial {} has windows of {} s, not {} s", h.id, h.span, span_), why),
           Verdict::Rejected;
  std::vector<rt::RuleState> states;
  if (!rt::parse_rule_states(bytes, &states, &err))
    return reject(fmt::format("partial {}: {}", h.id, err), why), Verdict::Rejected;
  // Every state must fit a rule of this pack, or none is merged.
  std::set<std::string> plans;
  for (const auto& r : pack_->rules) plans.insert(r.key() + '\n' + ir::print_plan(*r.plan));
  for (const auto& s : states)
    if (!plans.count(s.rule_key + '\n' + s.plan_text))
      return reject(fmt::format("partial {}: rule {} is not in this pack", h.id, s.rule_key), why), Verdict::Rejected;
  seen_partials_.insert(h.id);
  const double end = static_cast<double>(h.window + 1) * span_;
  if (end <= resumed_through_) {
    ++counters_.before_restart;
    return Verdict::BeforeRestart;
  }
  if (end <= emitted_through_) {
    ++counters_.late;
    problem(fmt::format("partial {} came after its window was emitted", h.id));
    return Verdict::Late;
  }
  Open& open = open_[h.window];
  switch (open.cover.overlap(h.seqs)) {
    case SeqCover::Overlap::All:
      // Republished events (their first worker died before acking them).
      ++counters_.duplicates;
      return Verdict::Duplicate;
    case SeqCover::Overlap::Some:
      ++counters_.overlaps;
      problem(fmt::format("partial {}: some of its events were merged already (they count twice)", h.id));
      break;
    case SeqCover::Overlap::None:
      break;
  }
  if (!open.engine) {
    rt::ResultSink sink = [this](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
      const auto& pr = pack_->rules[rule];
      if (pr.hidden) return;
      const double start = static_cast<double>(emitting_) * span_;
      std::string line =
          rt::format_result_json(pr.name, pr.id, plan, row, {{"_window_start", start}, {"_window_end", start + span_}});
      ++counters_.merged_rows;
      emit_(line, fmt::format("merged:{}:{}", emitting_, row_index_++));
    };
    open.engine = maker_(sink, &err);
    if (!open.engine) {
      open_.erase(h.window);
      return reject("cannot make an engine: " + err, why), Verdict::Rejected;
    }
  }
  open.cover.add(h.seqs);
  size_t merged = open.engine->merge_rule_states(states);
  if (merged < states.size())
    problem(fmt::format("partial {}: {} of {} rule states did not fit", h.id, states.size() - merged, states.size()));
  ++open.partials;
  ++counters_.partials;
  return Verdict::Merged;
}

void WindowMerger::add_row(const std::string& id, std::string_view line) {
  if (!id.empty() && !seen_rows_.insert(id).second) {
    ++counters_.duplicate_rows;
    return;
  }
  ++counters_.rows;
  emit_(std::string(line), id);
}

void WindowMerger::add_mark(std::string_view message, double now) {
  Mark m;
  std::string err;
  if (!parse_mark(message, &m, &err)) {
    reject("mark: " + err, nullptr);
    return;
  }
  WorkerView& w = workers_[m.worker];
  // A done worker holds nothing back, whatever watermark it sent.
  w.watermark = m.done ? std::numeric_limits<double>::infinity() : m.watermark;
  w.done = m.done;
  w.timed_out = false;
  w.last_seen = now;
  w.events = m.events;
  w.late = m.late;
  w.redelivered = m.redelivered;
  w.held = m.held;
  w.pending = m.pending;
}

bool WindowMerger::enough_workers(double now) const {
  // A worker that never said anything (it died before its first batch, or
  // was never started) stops being waited for after worker_timeout too.
  return workers_.size() >= expect_workers_ || (worker_timeout_ > 0 && now > worker_timeout_);
}

double WindowMerger::low_watermark(double now) {
  if (!enough_workers(now)) return -std::numeric_limits<double>::infinity();
  double low = std::numeric_limits<double>::infinity();
  for (auto& [id, w] : workers_) {
    if (!w.done && worker_timeout_ > 0 && now - w.last_seen > worker_timeout_) w.timed_out = true;
    if (w.timed_out) continue;
    low = std::min(low, w.watermark);
  }
  return low;
}

size_t WindowMerger::flush_ready(double now) {
  const double low = low_watermark(now);
  size_t n = 0;
  while (!open_.empty()) {
    auto it = open_.begin();
    if (static_cast<double>(it->first + 1) * span_ > low) break;
    emit_window(it->first, it->second);
    open_.erase(it);
    ++n;
  }
  if (low > emitted_through_) emitted_through_ = low;
  return n;
}

void WindowMerger::finish() {
  for (auto& [index, open] : open_) {
    emit_window(index, open);
    emitted_through_ = std::max(emitted_through_, static_cast<double>(index + 1) * span_);
  }
  open_.clear();
}

void WindowMerger::emit_window(int64_t index, Open& open) {
  emitting_ = index;
  row_index_ = 0;
  open.engine->finish();
  ++counters_.windows;
}

bool WindowMerger::all_done(double now) const {
  if (!enough_workers(now)) return false;
  for (const auto& [id, w] : workers_)
    if (!w.done && !w.timed_out) return false;
  return true;
}

}  // namespace rulejit::scaleout
