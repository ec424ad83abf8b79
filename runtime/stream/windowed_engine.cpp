#include "runtime/stream/windowed_engine.h"

#include <algorithm>
#include <cmath>

namespace rulejit::rt {
namespace {

// Window indexes must fit in int64; beyond this a time counts as untimed.
constexpr double kMaxWindowIndex = 4e15;

// The probe's problems that dropped an event. Problems that keep the event
// (warnings) are met again, and counted, by the engine that reads it.
ReadStats dropped_only(const ReadStats& probe) {
  ReadStats out;
  out.events_skipped = probe.events_skipped;
  for (size_t k = 1; k < kErrorKindCount; ++k)
    if (!keeps_event(static_cast<ErrorKind>(k))) out.errors[k] = probe.errors[k];
  for (const auto& p : probe.problems)
    if (!keeps_event(p.kind)) out.problems.push_back(p);
  return out;
}


}  // namespace

WindowedEngine::WindowedEngine(std::shared_ptr<const ir::Pack> pack, WindowOptions options, EngineFactory factory,
                               std::unique_ptr<Engine> first)
    : pack_(std::move(pack)), options_(options), factory_(std::move(factory)) {
  if (windowed()) {
    probe_ = std::make_unique<TimeProbe>(pack_, options_.now);
    spare_.push_back(std::move(first));
  } else {
    single_ = std::move(first);
  }
}

Window WindowedEngine::current_window() const {
  if (!windowed()) return {};
  const double start = static_cast<double>(emit_window_) * options_.span;
  return {start, start + options_.span};
}

bool WindowedEngine::push(const Line& line, std::string_view sourcetype, std::string* error) {
  auto run = [&](Engine& e) {
    if (sourcetype.empty()) e.push(line);
    else e.push_routed(line, sourcetype);
  };
  if (!windowed()) {
    run(*single_);
    return true;
  }
  double t = 0;
  auto outcome = probe_->probe(line, sourcetype, &t);
  if (outcome == TimeProbe::Outcome::Malformed) return true;  // counted by the probe
  const double span = options_.span;
  if (outcome == TimeProbe::Outcome::Timed && !(std::fabs(t / span) < kMaxWindowIndex))
    outcome = TimeProbe::Outcome::Untimed;
  int64_t w;
  if (outcome == TimeProbe::Outcome::Timed) {
    w = static_cast<int64_t>(std::floor(t / span));
    // Closed windows are never reopened: their results are already out.
    if (have_time_ && static_cast<double>(w + 1) * span <= max_time_ - options_.lateness) {
      ++late_;
      return true;
    }
  } else {
    ++untimed_;
    const double ref = have_time_ ? max_time_ : options_.now;
    w = std::fabs(ref / span) < kMaxWindowIndex ? static_cast<int64_t>(std::floor(ref / span)) : 0;
  }
  Engine* engine = engine_for(w, error);
  if (!engine) return false;
  emit_window_ = w;
  run(*engine);
  if (outcome == TimeProbe::Outcome::Timed && (!have_time_ || t > max_time_)) {
    have_time_ = true;
    max_time_ = t;
    close_through(max_time_ - options_.lateness);
  }
  return true;
}

void WindowedEngine::finish() {
  if (!windowed()) {
    single_->finish();
    ++windows_closed_;
    return;
  }
  while (!open_.empty()) close(open_.begin());
}

std::unique_ptr<Engine> WindowedEngine::take_spare() {
  if (spare_.empty()) return nullptr;
  auto e = std::move(spare_.back());
  spare_.pop_back();
  return e;
}

Engine* WindowedEngine::engine_for(int64_t window, std::string* error) {
  auto it = open_.find(window);
  if (it != open_.end()) return it->second.get();
  std::unique_ptr<Engine> e = take_spare();
  if (!e) e = factory_(error);
  if (!e) return nullptr;
  Engine* raw = e.get();
  open_.emplace(window, std::move(e));
  return raw;
}

void WindowedEngine::close(std::map<int64_t, std::unique_ptr<Engine>>::iterator it) {
  emit_window_ = it->first;
  it->second->finish();
  ++windows_closed_;
  spare_.push_back(std::move(it->second));
  open_.erase(it);
}

void WindowedEngine::close_through(double watermark) {
  while (!open_.empty()) {
    auto it = open_.begin();
    if (static_cast<double>(it->first + 1) * options_.span > watermark) break;
    close(it);
  }
}

bool WindowedEngine::replace_pack(std::shared_ptr<const ir::Pack> pack, EngineFactory factory,
                                  std::unique_ptr<Engine> first, Retired* retired, std::string* error) {
  if (!windowed()) {
    auto states = single_->take_rule_states();
    first->adopt_rule_states(states);
    retired->engines.push_back(std::move(single_));
    single_ = std::move(first);
  } else {
    // Every new engine is made before any state moves, so a failure changes nothing.
    std::vector<std::unique_ptr<Engine>> fresh;
    fresh.push_back(std::move(first));
    while (fresh.size() < open_.size()) {
      auto e = factory(error);
      if (!e) return false;
      fresh.push_back(std::move(e));
    }
    std::map<int64_t, std::unique_ptr<Engine>> reopened;
    for (auto& [w, old] : open_) {
      auto e = std::move(fresh.back());
      fresh.pop_back();
      auto states = old->take_rule_states();
      e->adopt_rule_states(states);
      retired->engines.push_back(std::move(old));
      reopened.emplace(w, std::move(e));
    }
    open_ = std::move(reopened);
    for (auto& e : spare_) retired->engines.push_back(std::move(e));
    spare_ = std::move(fresh);  // `first` when no window was open
    retired->probe = std::move(probe_);
    probe_ = std::make_unique<TimeProbe>(pack, options_.now);
  }
  pack_ = std::move(pack);
  factory_ = std::move(factory);
  return true;
}

std::vector<Engine*> WindowedEngine::engines() const {
  std::vector<Engine*> out;
  if (single_) out.push_back(single_.get());
  for (const auto& [w, e] : open_) out.push_back(e.get());
  for (const auto& e : spare_) out.push_back(e.get());
  return out;
}

EngineStats WindowedEngine::stats() const {
  EngineStats out;
  out.rules.resize(pack_->rules.size());
  for (const Engine* e : engines()) add_engine_stats(out, e->stats());
  if (probe_) out.read.merge(dropped_only(probe_->stats()));
  return out;
}

}  // namespace rulejit::rt
