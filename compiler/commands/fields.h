// `fields [+|-] <field>...` (spl-semantics.md §3.7): keep (default, `+`) or
// remove (`-`) the listed fields; wildcards allowed; commas optional.
#pragma once

#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct FieldsCommand : Command {
  FieldsCommand() : Command("fields") {}
  bool remove = false;
  std::vector<FieldName> fields;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_fields_command(CommandContext& ctx);

}  // namespace rulejit::spl
