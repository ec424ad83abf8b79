// `lookup [local=bool] [update=bool] [event_time_field=f] <name>
// (<lookup-field> [AS <event-field>])... [OUTPUT|OUTPUTNEW (<lookup-field>
// [AS <event-field>])...]` (spl-semantics.md §3.13). AS, OUTPUT and
// OUTPUTNEW are case-insensitive; commas between fields are optional.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct LookupFieldMap {
  FieldName lookup_field;  // column of the lookup table
  FieldName event_field;   // field of the result (== lookup_field without AS)
};

struct LookupCommand : Command {
  LookupCommand() : Command("lookup") {}
  enum class OutputMode : uint8_t { AllColumns, Output, OutputNew };
  std::optional<bool> local;
  std::optional<bool> update;
  std::optional<FieldName> event_time_field;
  FieldName table;
  std::vector<LookupFieldMap> inputs;
  OutputMode mode = OutputMode::AllColumns;  // no OUTPUT clause: every other column
  std::vector<LookupFieldMap> outputs;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_lookup_command(CommandContext& ctx);

}  // namespace rulejit::spl
