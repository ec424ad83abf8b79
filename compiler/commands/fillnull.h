// `fillnull [value=<string>] [<field>...]` (spl-semantics.md §3.8):
// default value "0"; without fields, every field present in some result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct FillnullCommand : Command {
  FillnullCommand() : Command("fillnull") {}
  std::optional<std::string> value;  // absent: "0"
  std::vector<FieldName> fields;     // empty: all fields
  void print(AstPrinter& p) const override;
};

CommandPtr parse_fillnull_command(CommandContext& ctx);

}  // namespace rulejit::spl
