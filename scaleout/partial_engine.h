// PartialEngine: an rt::Engine whose finish() hands its aggregation state out
// (to be published as a partial state) instead of emitting aggregate rows.
// A worker gives these to its rt::WindowedEngine: when a window closes (or
// the memory budget cuts it) the window's state goes to the merger, which
// merges the partials of every worker and finishes them into rows.
//
// Contract:
//  - push / push_routed / push_text: first on_event(this) is called; its
//    return value is the event's arrival number (the worker passes the
//    JetStream stream sequence), set on the inner engine before the event
//    runs, so partials of several workers merge like one engine over the
//    stream (Engine::set_sequence). Per-event rows go to the sink as the
//    inner engine produces them.
//  - finish(): the inner engine is synced, its take_rule_states() go to
//    on_close(this, states), and a fresh inner engine (from the factory)
//    takes its place, so the WindowedEngine can reuse this one. No
//    aggregate row is produced. Throws std::runtime_error if no fresh
//    engine can be made.
//  - stats() sums the counters of every inner engine it had.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/engine.h"

namespace rulejit::scaleout {

class PartialEngine : public rt::Engine {
 public:
  using OnEvent = std::function<uint64_t(PartialEngine*)>;
  using OnClose = std::function<void(PartialEngine*, std::vector<rt::RuleState>)>;

  // nullptr and *error when the factory cannot make an engine.
  static std::unique_ptr<PartialEngine> make(rt::SinkEngineFactory factory, rt::ResultSink sink, OnEvent on_event,
                                             OnClose on_close, std::string* error);

  void push(const rt::Line& line) override;
  void push_text(std::string_view json) override;
  void push_routed(const rt::Line& line, std::string_view sourcetype) override;
  void finish() override;
  const rt::EngineStats& stats() const override;
  void set_timing(bool on) override { inner_->set_timing(on); }
  const std::vector<std::string>& setup_errors() const override { return inner_->setup_errors(); }
  std::vector<rt::RuleState> take_rule_states() override { return inner_->take_rule_states(); }
  size_t adopt_rule_states(std::vector<rt::RuleState>& s) override { return inner_->adopt_rule_states(s); }
  void set_sequence(uint64_t next) override { inner_->set_sequence(next); }
  uint64_t next_sequence() const override { return inner_->next_sequence(); }
  size_t merge_rule_states(std::vector<rt::RuleState>& s) override { return inner_->merge_rule_states(s); }
  size_t memory_bytes() const override { return inner_->memory_bytes(); }
  void sync() override { inner_->sync(); }
  size_t group_count() const override { return inner_->group_count(); }

 private:
  PartialEngine() = default;
  void before_event();

  rt::SinkEngineFactory factory_;
  rt::ResultSink sink_;
  OnEvent on_event_;
  OnClose on_close_;
  std::unique_ptr<rt::Engine> inner_;
  rt::EngineStats retired_;       // counters of inner engines already replaced
  mutable rt::EngineStats view_;  // retired_ + inner_'s, for stats()
};

}  // namespace rulejit::scaleout
