// Aggregation calls shared by stats, eventstats, streamstats, tstats and
// mstats (spl-semantics.md §3.1): `count`, `count(f)`, `c(f)`,
// `count(eval(expr))`, `dc(f)`, `values(f) AS name`, `perc95(f)`, ...
//
// Contract:
//  - `function` is canonical (aliases resolved: c -> count,
//    distinct_count -> dc, mean -> avg, p<N>/perc<N> -> perc); `written`
//    keeps the spelling, which Splunk uses for the default output name.
//  - `default_name` is the call text as Splunk names the column: the
//    function as written, then `(arg)` with the argument as written minus
//    surrounding whitespace: `count`, `count(x)`, `values(process)`,
//    `min(_time)`, `p95(x)`, `count(eval(x>1))`.
//  - `output_name` is the AS name when given, else `default_name`.
//  - Commas between calls are optional; the list ends at the window end, at
//    a stop keyword (BY, FROM, WHERE, ... case-insensitive) or at `word=`.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct AggCall {
  std::string function;      // canonical lower-case name
  std::string written;       // as written
  double percentile = 0;     // perc / exactperc / upperperc: the N
  std::string field;         // argument field (wildcards kept); empty: none.
                             // sparkline: its raw argument text, e.g. "count(x), 1h"
  Span field_span;
  EvalExprPtr eval_arg;      // argument written eval(expr)
  std::string default_name;
  std::string output_name;
  bool renamed = false;      // AS given
  Span span;
};

// Is `name` (case-insensitive) a statistical function, aliases and
// percentile forms included?
bool is_aggregation_function(std::string_view name);

AggCall parse_aggregation(CommandContext& ctx);
std::vector<AggCall> parse_aggregations(CommandContext& ctx,
                                        std::initializer_list<std::string_view> stop_keywords);

void print_aggregations(AstPrinter& p, const std::vector<AggCall>& aggs);

// The grammar stats, eventstats and streamstats share:
//   <options> <aggregations> [BY <fields>] <options> <end>
// `option` parses one option and returns false when none is next. `command`
// names the command in the "needs at least one statistical function" error.
void parse_aggregation_command(CommandContext& ctx, std::string_view command, const std::function<bool()>& option,
                               std::vector<AggCall>* aggs, std::vector<FieldName>* by);

}  // namespace rulejit::spl
