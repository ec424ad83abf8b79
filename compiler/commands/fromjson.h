// `fromjson <field> [prefix=<string>]`: every top-level key of the JSON
// object in <field> becomes a field (prefixed), its value the key's value.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct FromjsonCommand : Command {
  FromjsonCommand() : Command("fromjson") {}
  FieldName field;
  std::optional<std::string> prefix;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_fromjson_command(CommandContext& ctx);

}  // namespace rulejit::spl
