// TimeProbe: an event's `_time` before the engine sees it, so window mode
// can pick the window (and its engine) the event belongs to (windowed_engine.h).
//
// Contract:
//  - Routes like the engine: by sourcetype when one is given, else with the
//    engine's Router (runtime/engine/routing.h).
//  - The time is that field map's `_time`: its derived expression (e.g.
//    strptime of Tetragon's `time`) evaluated over only the raw fields it
//    needs, or the raw `_time` field when the map does not derive it.
//  - probe() parses the event once more (simdjson On-Demand, two or three
//    paths), so window mode costs one extra light parse per event.
//  - Not thread-safe; one probe per WindowedEngine.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/routing.h"
#include "runtime/events/event_extractor.h"
#include "runtime/functions/context.h"
#include "runtime/interp/compiled_constants.h"
#include "runtime/interp/expr_eval.h"

namespace rulejit::rt {

class TimeProbe {
 public:
  TimeProbe(std::shared_ptr<const ir::Pack> pack, double now);

  enum class Outcome { Timed, Untimed, Malformed };
  // *time is set for Timed.
  Outcome probe(const Line& line, std::string_view sourcetype, double* time);

  const ReadStats& stats() const { return extractor_.stats(); }

 private:
  struct Map {
    const ir::FieldMapProgram* fm = nullptr;
    ir::SlotId time_slot = ir::kNoSlot;
    std::vector<std::pair<ir::SlotId, int>> raw;  // derive slot <- path slot
    std::vector<const ir::Assign*> assigns;       // what _time needs, in order
    std::unique_ptr<CompiledConstants> constants;
    std::unique_ptr<ExprEnv> env;
    Row row;
  };
  std::optional<double> time_of(Map& m);

  std::shared_ptr<const ir::Pack> pack_;
  FunctionContext functions_;
  FieldPathSet paths_;
  Router router_;  // over paths_, one entry per map in maps_
  EventFields fields_;
  EventExtractor extractor_;
  std::vector<Map> maps_;
};

}  // namespace rulejit::rt
