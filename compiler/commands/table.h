// `table <field>...` (spl-semantics.md §3.7): only these fields, in this
// order; wildcards allowed; commas optional.
#pragma once

#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct TableCommand : Command {
  TableCommand() : Command("table") {}
  std::vector<FieldName> fields;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_table_command(CommandContext& ctx);

}  // namespace rulejit::spl
