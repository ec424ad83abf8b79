// fromjson <field> [prefix=]: which keys the JSON holds depends on the data,
// so like spath's extract-everything it is lowered per field name the rule
// uses that starts with the prefix (Lowerer::defer_extract_all with
// _fromjson_key, runtime/functions/json.cpp). A key present in the JSON
// replaces the field; an absent one leaves it as it was.
#include "compiler/commands/fromjson.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

void lower_fromjson(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::FromjsonCommand&>(cmd);
  Lowerer::ExtractAll how;
  how.extractor = "_fromjson_key";
  how.prefix = c.prefix.value_or("");
  l.defer_extract_all(l.stage_count(), l.slot(c.field.name), std::move(how));
  l.add_stage(ir::EvalStage{}, true);
}

}  // namespace rulejit::lower
