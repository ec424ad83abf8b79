// `join [type=inner|outer|left] [usetime=bool] [earlier=bool]
// [overwrite=bool] [max=<n>] [<field>...] [<subsearch>]`
// (spl-semantics.md §3.18).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct JoinCommand : Command {
  JoinCommand() : Command("join") {}
  enum class Type : uint8_t { Inner, Outer, Left };
  std::optional<Type> type;        // absent: inner
  std::optional<bool> usetime;
  std::optional<bool> earlier;
  std::optional<bool> overwrite;
  std::optional<int64_t> max;      // absent: 1; 0 = unlimited
  std::vector<FieldName> fields;   // empty: all common fields
  std::unique_ptr<Pipeline> subsearch;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_join_command(CommandContext& ctx);

}  // namespace rulejit::spl
