// `addtotals [row=<bool>] [col=<bool>] [labelfield=<field>] [label=<string>]
// [fieldname=<field>] [<field-list>]`: the sum of the numeric fields of each
// result in a new field. Field names may be separated by commas and use
// wildcards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct AddtotalsCommand : Command {
  AddtotalsCommand() : Command("addtotals") {}
  std::optional<bool> row;
  std::optional<bool> col;
  std::optional<FieldName> labelfield;
  std::optional<std::string> label;
  std::optional<FieldName> fieldname;
  std::vector<FieldName> fields;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_addtotals_command(CommandContext& ctx);

}  // namespace rulejit::spl
