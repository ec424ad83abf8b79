#include "capi/src/result_data.h"

#include "include/rulejit/rulejit.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/result_format.h"
#include "runtime/stream/state_budget.h"

namespace rulejit::capi {

ResultData ResultData::build(uint32_t rule_index, const std::string& rule_id, const std::string& rule_name,
                             const ir::Plan& plan, const rt::Row& row, bool partial) {
  ResultData r;
  r.partial = partial;
  r.rule_index = rule_index;
  r.rule_id = rule_id;
  r.rule_name = rule_name;
  // The same text `rulejit run` prints, so embedders and the CLI agree.
  std::vector<rt::LeadingField> leading;
  if (partial) leading.push_back({rt::kPartialField, 1});
  r.json = rt::format_result_json(rule_name, rule_id, plan, row, leading);
  for (ir::SlotId c : rt::result_columns(plan, row)) {
    ResultField f;
    f.name = plan.slots[c];
    const rt::Value& v = row.slots[c];
    switch (v.kind()) {
      case rt::Value::Kind::Null: f.kind = RULEJIT_VALUE_NULL; break;
      case rt::Value::Kind::Number: f.kind = RULEJIT_VALUE_NUMBER; break;
      case rt::Value::Kind::Multi: f.kind = RULEJIT_VALUE_MULTI; break;
      case rt::Value::Kind::Bool:
      case rt::Value::Kind::String: f.kind = RULEJIT_VALUE_STRING; break;
    }
    f.values = v.texts();
    r.fields.push_back(std::move(f));
  }
  return r;
}

}  // namespace rulejit::capi
