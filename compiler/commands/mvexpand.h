// `mvexpand <field> [limit=<n>]` (spl-semantics.md §3.15): one row per
// value of the field.
#pragma once

#include <optional>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct MvexpandCommand : Command {
  MvexpandCommand() : Command("mvexpand") {}
  FieldName field;
  std::optional<int64_t> limit;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_mvexpand_command(CommandContext& ctx);

}  // namespace rulejit::spl
