// `eval target=expr[, target=expr...]` (spl-semantics.md §2): assignments
// run left to right; later ones see earlier results.
#pragma once

#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct EvalAssignment {
  std::string target;     // field name (decoded)
  bool indirect = false;  // written `{f}`: the field named by f's value
  Span target_span;
  EvalExprPtr value;
};

struct EvalCommand : Command {
  EvalCommand() : Command("eval") {}
  std::vector<EvalAssignment> assignments;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_eval_command(CommandContext& ctx);

}  // namespace rulejit::spl
