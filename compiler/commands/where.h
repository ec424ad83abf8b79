// `where <eval-expression>`: keeps results for which the expression is true
// (spl-semantics.md §2).
#pragma once

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct WhereCommand : Command {
  WhereCommand() : Command("where") {}
  EvalExprPtr condition;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_where_command(CommandContext& ctx);

}  // namespace rulejit::spl
