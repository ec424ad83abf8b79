// `head [<N> | limit=<N>] [null=bool] [keeplast=bool] [(<eval-expr>)]`
// (spl-semantics.md §3.16): the first N rows (default 10), or rows while
// the expression is true.
#pragma once

#include <optional>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct HeadCommand : Command {
  HeadCommand() : Command("head") {}
  std::optional<int64_t> limit;  // absent: 10
  EvalExprPtr condition;         // head (expr)
  std::optional<bool> null_option;  // null=
  std::optional<bool> keeplast;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_head_command(CommandContext& ctx);

}  // namespace rulejit::spl
