// `search <search-expression>`: explicit, or the implicit first command
// (spl-semantics.md §1).
#pragma once

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct SearchCommand : Command {
  SearchCommand() : Command("search") {}
  SearchExprPtr expr;     // null: no terms, everything passes
  bool implicit = false;  // first command written without the `search` keyword
  void print(AstPrinter& p) const override;
};

CommandPtr parse_search_command(CommandContext& ctx);

}  // namespace rulejit::spl
