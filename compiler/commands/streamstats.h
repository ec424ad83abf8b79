// `streamstats [options] <aggregation>... [BY field...]`: running
// aggregates in row order (spl-semantics.md §3.4). Options: current=,
// window=, global=, allnum=, time_window=, reset_on_change=,
// reset_before=(expr), reset_after=(expr).
#pragma once

#include <optional>
#include <vector>

#include "compiler/commands/aggregation.h"
#include "compiler/spl/ast.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class CommandContext;

struct StreamstatsCommand : Command {
  StreamstatsCommand() : Command("streamstats") {}
  std::vector<AggCall> aggs;
  std::vector<FieldName> by;
  std::optional<bool> current;          // default true
  std::optional<int64_t> window;        // default 0 (unbounded)
  std::optional<bool> global;           // default true
  std::optional<bool> allnum;
  std::optional<TimeSpan> time_window;
  std::optional<bool> reset_on_change;
  EvalExprPtr reset_before;             // null when absent
  EvalExprPtr reset_after;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_streamstats_command(CommandContext& ctx);

}  // namespace rulejit::spl
