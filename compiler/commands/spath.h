// `spath [input=<f>] [output=<f>] [path=<p> | <p>]` (spl-semantics.md
// §3.14): JSON/XML extraction; default input _raw; no path: all fields.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct SpathCommand : Command {
  SpathCommand() : Command("spath") {}
  std::optional<FieldName> input;   // absent: _raw
  std::optional<FieldName> output;  // absent: named by the path
  std::optional<std::string> path;  // absent: extract everything
  Span path_span;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_spath_command(CommandContext& ctx);

}  // namespace rulejit::spl
