// `bin|bucket [span=<span>] [bins=<n>] [minspan=<span>] [aligntime=<t>]
// [start=<n>] [end=<n>] <field> [AS <newfield>]` (spl-semantics.md §3.6).
// Options may come before or after the field.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {

class CommandContext;

struct BinCommand : Command {
  BinCommand() : Command("bin") {}
  FieldName field;
  std::optional<FieldName> as;
  std::optional<TimeSpan> span;
  std::optional<int64_t> bins;
  std::optional<TimeSpan> minspan;
  std::optional<std::string> aligntime;  // "earliest", "latest", or a time (e.g. "@d", epoch)
  std::optional<double> start;
  std::optional<double> end;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_bin_command(CommandContext& ctx);

}  // namespace rulejit::spl
