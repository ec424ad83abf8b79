// `cyberchef infield=<field> [outfield=<field>] (operation=<name> |
// jsonrecipe=<json>)` (CyberChef for Splunk): runs a CyberChef recipe over
// one field. The recipe is kept as written; lowering reads it (JSON) and
// checks its operations against the ones rulejit runs.
//
// jsonrecipe is a JSON array of {"op": name, "args": [...]}. Detections write
// it inside double quotes without escaping the quotes of the JSON, so the
// value is taken as written: from the opening quote to the first closing
// quote (followed by whitespace or the end) that leaves a valid recipe.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct CyberchefCommand : Command {
  CyberchefCommand() : Command("cyberchef") {}
  std::optional<FieldName> infield;
  std::optional<FieldName> outfield;
  std::optional<std::string> operation;   // one operation, no arguments
  std::optional<std::string> jsonrecipe;  // the JSON text
  Span recipe_span;                        // where operation/jsonrecipe was written
  void print(AstPrinter& p) const override;
};

CommandPtr parse_cyberchef_command(CommandContext& ctx);

}  // namespace rulejit::spl
