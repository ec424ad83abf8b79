// `eventstats [allnum=bool] <aggregation>... [BY field...]`: stats results
// appended to every input row of the group (spl-semantics.md §3.3).
#pragma once

#include <optional>
#include <vector>

#include "compiler/commands/aggregation.h"
#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct EventstatsCommand : Command {
  EventstatsCommand() : Command("eventstats") {}
  std::vector<AggCall> aggs;
  std::vector<FieldName> by;
  std::optional<bool> allnum;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_eventstats_command(CommandContext& ctx);

}  // namespace rulejit::spl
