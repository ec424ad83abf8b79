// `inputlookup [append=bool] [strict=bool] [start=<n>] [max=<n>] <name>
// [WHERE <search-expression>]`: rows of a lookup table (a generating
// command unless append=true).
#pragma once

#include <optional>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct InputlookupCommand : Command {
  InputlookupCommand() : Command("inputlookup") {}
  std::optional<bool> append;
  std::optional<bool> strict;
  std::optional<int64_t> start;
  std::optional<int64_t> max;
  FieldName table;
  SearchExprPtr where;  // null: all rows
  void print(AstPrinter& p) const override;
};

CommandPtr parse_inputlookup_command(CommandContext& ctx);

}  // namespace rulejit::spl
