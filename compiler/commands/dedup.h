// `dedup [<N>] <field>... [keepevents=bool] [keepempty=bool]
// [consecutive=bool] [sortby <sort-key>...]` (spl-semantics.md §3.5).
#pragma once

#include <optional>
#include <vector>

#include "compiler/commands/sort.h"
#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct DedupCommand : Command {
  DedupCommand() : Command("dedup") {}
  std::optional<int64_t> count;  // absent: 1
  std::vector<FieldName> fields;
  std::optional<bool> keepevents;
  std::optional<bool> keepempty;
  std::optional<bool> consecutive;
  std::vector<SortKey> sortby;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_dedup_command(CommandContext& ctx);

}  // namespace rulejit::spl
