#include "runtime/stream/windowed_engine.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/stream/partial_state.h"

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
    : pack_(std::move(pack)), options_(options), factory_(std::move(factory)), budget_(options.max_state) {
  if (windowed()) {
    probe_ = std::make_unique<TimeProbe>(pack_, options_.now);
    spare_.push_back(std::move(first));
  } else {
    single_.engine = std::move(first);
  }
}

Window WindowedEngine::current_window() const {
  if (!windowed()) return {0, 0, emit_partial_};
  const double start = static_cast<double>(emit_window_) * options_.span;
  return {start, start + options_.span, emit_partial_};
}

double WindowedEngine::watermark() const {
  if (!windowed() || !have_time_) return -std::numeric_limits<double>::infinity();
  return max_time_ - options_.lateness;
}

bool WindowedEngine::push(const Line& line, std::string_view sourcetype, std::string* error) {
  auto run = [&](Engine& e) {
    if (sourcetype.empty()) e.push(line);
    else e.push_routed(line, sourcetype);
  };
  if (!windowed()) {
    single_.fed = true;
    run(*single_.engine);
    check_budget();
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
  Open* open = engine_for(w, error);
  if (!open) return false;
  // An engine that runs events later (threads: parallel_engine.h) delivers
  // its pending rows before another window's engine takes events, so rows
  // keep input order and are told their own window.
  if (last_ && last_ != open->engine.get()) {
    emit_window_ = last_window_;
    last_->sync();
  }
  last_ = open->engine.get();
  last_window_ = w;
  emit_window_ = w;
  open->fed = true;
  run(*open->engine);
  if (outcome == TimeProbe::Outcome::Timed && (!have_time_ || t > max_time_)) {
    have_time_ = true;
    max_time_ = t;
    close_through(max_time_ - options_.lateness);
  }
  check_budget();
  return true;
}

void WindowedEngine::sync() {
  if (!windowed()) {
    single_.engine->sync();
    return;
  }
  const int64_t was = emit_window_;
  for (auto& [w, open] : open_) {
    emit_window_ = w;
    open.engine->sync();
  }
  emit_window_ = was;
}

void WindowedEngine::finish() {
  if (!windowed()) {
    single_.engine->sync();  // per-event rows first, not marked partial
    emit_partial_ = single_.split;
    single_.engine->finish();
    emit_partial_ = false;
    single_.fed = single_.split = false;
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

WindowedEngine::Open* WindowedEngine::engine_for(int64_t window, std::string* error) {
  auto it = open_.find(window);
  if (it != open_.end()) return &it->second;
  std::unique_ptr<Engine> e = take_spare();
  if (!e) e = factory_(error);
  if (!e) return nullptr;
  return &open_.emplace(window, Open{std::move(e)}).first->second;
}

void WindowedEngine::close(OpenMap::iterator it) {
  emit_window_ = it->first;
  it->second.engine->sync();  // per-event rows first, not marked partial
  if (last_ == it->second.engine.get()) last_ = nullptr;
  emit_partial_ = it->second.split;
  it->second.engine->finish();
  emit_partial_ = false;
  ++windows_closed_;
  spare_.push_back(std::move(it->second.engine));
  open_.erase(it);
}

// ---- the memory budget (state_budget.h)

void WindowedEngine::check_budget() {
  if (!budget_.event()) return;
  if (!budget_.needs_measure(state_groups())) return;
  if (budget_.measured(state_bytes(), state_groups())) enforce_budget();
}

void WindowedEngine::enforce_budget() {
  budget_.note_enforced();
  if (!windowed()) {
    if (single_.fed) cut(0, single_);
    budget_.measured(state_bytes(), state_groups());
    return;
  }
  // Oldest first; each window at most once a round (one emptied since its
  // last event holds nothing more to give back).
  for (auto& [w, open] : open_) {
    if (!open.fed) continue;
    cut(w, open);
    if (!budget_.measured(state_bytes(), state_groups())) break;
  }
}

void WindowedEngine::cut(int64_t window, Open& open) {
  const int64_t was = emit_window_;
  emit_window_ = window;
  open.engine->sync();  // per-event rows first, not marked partial
  emit_partial_ = true;
  open.engine->finish();
  emit_partial_ = false;
  emit_window_ = was;
  open.fed = false;
  open.split = true;
  budget_.note_cut();
}

size_t WindowedEngine::state_bytes() const {
  size_t total = 0;
  for (const Engine* e : engines()) total += e->memory_bytes();
  return total;
}

size_t WindowedEngine::state_groups() const {
  size_t total = 0;
  if (single_.engine) total += single_.engine->group_count();
  for (const auto& [w, open] : open_) total += open.engine->group_count();
  return total;
}

StateStats WindowedEngine::state_stats() const {
  StateStats s;
  s.budget = budget_.max_bytes();
  s.bytes = state_bytes();
  s.groups = state_groups();
  s.peak_bytes = std::max(budget_.peak_bytes(), s.bytes);
  s.peak_groups = std::max(budget_.peak_groups(), s.groups);
  s.enforced = budget_.rounds();
  s.closed_early = budget_.cuts();
  return s;
}

void WindowedEngine::close_through(double watermark) {
  while (!open_.empty()) {
    auto it = open_.begin();
    if (static_cast<double>(it->first + 1) * options_.span > watermark) break;
    // Rows of the events before this one come first, as with one thread
    // (only the last engine fed can hold any: others were synced).
    if (last_) {
      emit_window_ = last_window_;
      last_->sync();
    }
    close(it);
  }
}

bool WindowedEngine::replace_pack(std::shared_ptr<const ir::Pack> pack, EngineFactory factory,
                                  std::unique_ptr<Engine> first, Retired* retired, std::string* error) {
  sync();
  last_ = nullptr;
  if (!windowed()) {
    auto states = single_.engine->take_rule_states();
    first->adopt_rule_states(states);
    retired->engines.push_back(std::move(single_.engine));
    single_.engine = std::move(first);
  } else {
    // Every new engine is made before any state moves, so a failure changes nothing.
    std::vector<std::unique_ptr<Engine>> fresh;
    fresh.push_back(std::move(first));
    while (fresh.size() < open_.size()) {
      auto e = factory(error);
      if (!e) return false;
      fresh.push_back(std::move(e));
    }
    OpenMap reopened;
    for (auto& [w, old] : open_) {
      auto e = std::move(fresh.back());
      fresh.pop_back();
      auto states = old.engine->take_rule_states();
      e->adopt_rule_states(states);
      retired->engines.push_back(std::move(old.engine));
      reopened.emplace(w, Open{std::move(e), old.fed, old.split});
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

WindowSnapshot WindowedEngine::snapshot() {
  sync();
  WindowSnapshot s;
  s.have_time = have_time_;
  s.max_time = max_time_;
  s.late = late_;
  s.untimed = untimed_;
  s.closed = windows_closed_;
  auto save = [&](int64_t index, Open& open) {
    WindowSnapshot::OpenWindow w;
    w.index = index;
    w.fed = open.fed;
    w.split = open.split;
    std::vector<RuleState> states = open.engine->take_rule_states();
    w.states = serialize_rule_states(states);
    open.engine->adopt_rule_states(states);  // given back: it goes on aggregating
    s.windows.push_back(std::move(w));
  };
  if (!windowed()) save(0, single_);
  for (auto& [index, open] : open_) save(index, open);
  return s;
}

bool WindowedEngine::restore(WindowSnapshot&& s, std::string* error) {
  have_time_ = s.have_time;
  max_time_ = s.max_time;
  late_ = s.late;
  untimed_ = s.untimed;
  windows_closed_ = s.closed;
  for (auto& w : s.windows) {
    Open* open = nullptr;
    if (!windowed()) {
      open = &single_;
    } else {
      open = engine_for(w.index, error);
      if (!open) return false;
    }
    open->fed = w.fed;
    open->split = w.split;
    std::vector<RuleState> states;
    if (!parse_rule_states(w.states, &states, error)) return false;
    const size_t want = states.size();
    const size_t got = open->engine->adopt_rule_states(states);
    if (got != want) {
      *error = "the saved state of " + std::to_string(want - got) + " rule(s) does not fit the pack";
      return false;
    }
  }
  return true;
}

std::vector<Engine*> WindowedEngine::engines() const {
  std::vector<Engine*> out;
  if (single_.engine) out.push_back(single_.engine.get());
  for (const auto& [w, open] : open_) out.push_back(open.engine.get());
  for (const auto& e : spare_) out.push_back(e.get());
  return out;
}

EngineStats WindowedEngine::stats() const {
  EngineStats out;
  out.rules.resize(pack_->rules.size());
  for (const Engine* e : engines()) add_engine_stats(out, e->stats());
  if (probe_) out.read.merge(dropped_only(probe_->stats()));
  if (budget_.rounds() > 0)
    out.warnings.push_back("aggregation state reached the memory budget's cut point (" +
                           std::to_string(budget_.cut_point()) + " of " + std::to_string(budget_.max_bytes()) +
                           " bytes) " + std::to_string(budget_.rounds()) + " times; enforced: " +
                           std::to_string(budget_.cuts()) + " window states emitted early as partial rows (" +
                           kPartialField + "=1), peak " + std::to_string(budget_.peak_bytes()) + " bytes");
  return out;
}

}  // namespace rulejit::rt
