// PartialEngine: see partial_engine.h.
#include "scaleout/partial_engine.h"

#include <stdexcept>

namespace rulejit::scaleout {

std::unique_ptr<PartialEngine> PartialEngine::make(rt::SinkEngineFactory factory, rt::ResultSink sink,
                                                   OnEvent on_event, OnClose on_close, std::string* error) {
  std::unique_ptr<PartialEngine> e(new PartialEngine());
  e->inner_ = factory(sink, error);
  if (!e->inner_) return nullptr;
  e->factory_ = std::move(factory);
  e->sink_ = std::move(sink);
  e->on_event_ = std::move(on_event);
  e->on_close_ = std::move(on_close);
  return e;
}

void PartialEngine::before_event() { inner_->set_sequence(on_event_(this)); }

void PartialEngine::push(const rt::Line& line) {
  before_event();
  inner_->push(line);
}

void PartialEngine::push_text(std::string_view json) {
  before_event();
  inner_->push_text(json);
}

void PartialEngine::push_routed(const rt::Line& line, std::string_view sourcetype) {
  before_event();
  inner_->push_routed(line, sourcetype);
}

void PartialEngine::finish() {
  inner_->sync();
  std::vector<rt::RuleState> states = inner_->take_rule_states();
  // A taken engine may only be destroyed: keep its counters, then replace it.
  rt::add_engine_stats(retired_, inner_->stats());
  std::string error;
  auto fresh = factory_(sink_, &error);
  if (!fresh) throw std::runtime_error("cannot make an engine: " + error);
  inner_ = std::move(fresh);
  on_close_(this, std::move(states));
}

const rt::EngineStats& PartialEngine::stats() const {
  view_ = retired_;
  rt::add_engine_stats(view_, inner_->stats());
  return view_;
}

}  // namespace rulejit::scaleout
