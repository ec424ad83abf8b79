// `stats [options] <aggregation>... [BY field...]` (spl-semantics.md §3.1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/commands/aggregation.h"
#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct StatsCommand : Command {
  StatsCommand() : Command("stats") {}
  std::vector<AggCall> aggs;
  std::vector<FieldName> by;
  std::optional<bool> dedup_splitvals;
  std::optional<bool> allnum;
  std::optional<std::string> delim;
  std::optional<int64_t> partitions;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_stats_command(CommandContext& ctx);

}  // namespace rulejit::spl
