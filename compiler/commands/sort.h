// `sort [<count>] [limit=<n>] ([+|-][num|str|ip|auto(]<field>[)])...
// [d|desc]` (spl-semantics.md §3.16). Also defines SortKey, used by
// dedup's `sortby`.
#pragma once

#include <optional>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct SortKey {
  enum class Type : uint8_t { Default, Auto, Str, Num, Ip };
  FieldName field;
  bool descending = false;
  Type type = Type::Default;
};

// One sort key at the cursor: optional sign (attached or separated by
// whitespace), optional type function, field.
SortKey parse_sort_key(CommandContext& ctx);
void print_sort_key(AstPrinter& p, const SortKey& k);

struct SortCommand : Command {
  SortCommand() : Command("sort") {}
  std::optional<int64_t> limit;  // absent: 10000; 0 = no limit
  std::vector<SortKey> keys;
  bool reverse = false;          // trailing d / desc
  void print(AstPrinter& p) const override;
};

CommandPtr parse_sort_command(CommandContext& ctx);

}  // namespace rulejit::spl
