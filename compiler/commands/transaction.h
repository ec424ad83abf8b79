// `transaction [<field>...] [name=..] [maxspan=<span>] [maxpause=<span>]
// [maxevents=<n>] [startswith=<filter>] [endswith=<filter>]
// [connected=bool] [unifyends=bool] [keeporphans=bool] [keepevicted=bool]
// [mvlist=bool] [mvraw=bool] [delim=<s>] [nullstr=<s>] [maxopentxn=<n>]
// [maxopenevents=<n>]`: groups events into transactions.
//
// startswith/endswith take a search expression in double quotes
// (`startswith="login"`), in parentheses (`startswith=(op=a user="b c")`),
// or `eval(<expr>)`. The quoted form is kept as its decoded text (parse it
// with parse_search_expression when lowering); the parenthesized form is
// parsed here, so its syntax errors point into the rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class CommandContext;

struct TransactionFilter {
  std::string search;  // search-expression text (decoded); empty when eval
  SearchExprPtr expr;  // parsed, for the parenthesized form only
  EvalExprPtr eval;    // eval(...) form
  Span span;
};

struct TransactionCommand : Command {
  TransactionCommand() : Command("transaction") {}
  std::vector<FieldName> fields;
  std::optional<std::string> txn_name;  // name=
  std::optional<TimeSpan> maxspan;   // absent (or written -1): no limit
  std::optional<TimeSpan> maxpause;
  std::optional<int64_t> maxevents;
  std::optional<int64_t> maxopentxn;
  std::optional<int64_t> maxopenevents;
  std::optional<TransactionFilter> startswith;
  std::optional<TransactionFilter> endswith;
  std::optional<bool> connected;
  std::optional<bool> unifyends;
  std::optional<bool> keeporphans;
  std::optional<bool> keepevicted;
  std::optional<bool> mvlist;
  std::optional<bool> mvraw;
  std::optional<std::string> delim;
  std::optional<std::string> nullstr;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_transaction_command(CommandContext& ctx);

}  // namespace rulejit::spl
