// Real Splunk commands that rulejit does not model (timechart, outputlookup,
// map, ...): kept as their name plus argument tokens so the search parses;
// lowering reports them as unsupported.
//
// Argument tokens are split at whitespace outside double quotes and [...]
// brackets; each keeps its raw text (quotes included, nothing decoded) and
// its span.
#pragma once

#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct GenericArg {
  std::string raw;
  Span span;
};

struct GenericCommand : Command {
  explicit GenericCommand(std::string n) : Command(std::move(n)) {}
  std::vector<GenericArg> args;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_generic_command(CommandContext& ctx);

}  // namespace rulejit::spl
