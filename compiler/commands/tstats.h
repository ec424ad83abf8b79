// `tstats [options] <aggregation>... [FROM datamodel=<M>[.<Dataset>] |
// FROM <namespace>] [WHERE <search-expression>] [BY|GROUPBY field...
// [span=<timespan>]]` (spl-semantics.md §4).
//
// The WHERE clause uses the search language (§1), not eval. `where
// nodename=<M>.<Dataset>` at the top level of the clause selects a child
// dataset: it is moved out of `where` into `nodename`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/commands/aggregation.h"
#include "compiler/spl/ast.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class CommandContext;

struct TstatsCommand : Command {
  TstatsCommand() : Command("tstats") {}
  // Options (absent = Splunk default).
  std::optional<bool> summariesonly;
  std::optional<bool> allow_old_summaries;
  std::optional<std::string> fillnull_value;  // absent: rows with a null BY field are dropped
  std::optional<int64_t> chunk_size;
  std::optional<bool> prestats;
  std::optional<bool> local;
  std::optional<bool> append;
  std::optional<bool> include_reduced_buckets;
  std::vector<AggCall> aggs;
  std::string datamodel;      // as written after datamodel=, e.g. "Endpoint.Processes"
  Span datamodel_span;
  std::string from_namespace; // `FROM <namespace>` (tscollect data)
  std::string nodename;       // from `where nodename=...`, e.g. "DNS" or "All_Traffic.Blocked_Traffic"
  SearchExprPtr where;        // null: no filter
  std::vector<FieldName> by;
  std::optional<TimeSpan> span;  // `by _time span=1h`
  void print(AstPrinter& p) const override;
};

CommandPtr parse_tstats_command(CommandContext& ctx);

}  // namespace rulejit::spl
