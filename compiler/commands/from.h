// `from <dataset_type>:<dataset_name>` or `from <dataset_type> <dataset_name>`
// (a generating command): the rows of a dataset. Types: datamodel, lookup,
// savedsearch. The name may be quoted.
#pragma once

#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct FromCommand : Command {
  FromCommand() : Command("from") {}
  std::string type;  // lower case
  Span type_span;
  FieldName dataset;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_from_command(CommandContext& ctx);

}  // namespace rulejit::spl
