// `mstats [options] <aggregation over metrics>... WHERE <search-expression>
// [BY|GROUPBY field... [span=<timespan>]]`: statistics over metric indexes.
// Parsed like tstats with mstats' own options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/commands/aggregation.h"
#include "compiler/spl/ast.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class CommandContext;

struct MstatsCommand : Command {
  MstatsCommand() : Command("mstats") {}
  std::optional<bool> prestats;
  std::optional<bool> append;
  std::optional<bool> backfill;
  std::optional<std::string> fillnull_value;
  std::optional<int64_t> chunk_size;
  std::optional<TimeSpan> update_period;
  std::optional<bool> allow_skew;
  std::vector<AggCall> aggs;
  SearchExprPtr where;
  std::vector<FieldName> by;
  std::optional<TimeSpan> span;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_mstats_command(CommandContext& ctx);

}  // namespace rulejit::spl
