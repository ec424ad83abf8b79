// ResultData: one result row copied out of the engine for the C API
// (rulejit_result). Immutable once built, so getters need no lock; it owns
// every string it hands out, so it outlives the engine that produced it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/interp/row.h"

namespace rulejit::capi {

struct ResultField {
  std::string name;
  int kind = 0;  // rulejit_value_kind
  std::vector<std::string> values;
};

struct ResultData {
  uint32_t rule_index = 0;
  std::string rule_id;
  std::string rule_name;
  std::string json;
  std::vector<ResultField> fields;
  double window_start = 0, window_end = 0;
  bool partial = false;  // part of a window the memory budget closed early
  bool from_callback = false;  // owned by the engine for the callback's duration

  static ResultData build(uint32_t rule_index, const std::string& rule_id, const std::string& rule_name,
                          const ir::Plan& plan, const rt::Row& row, bool partial = false);
};

}  // namespace rulejit::capi
