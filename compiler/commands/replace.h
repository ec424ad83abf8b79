// `replace <wc-string> WITH <wc-string> [, <wc-string> WITH <wc-string>]...
// [IN <field-list>]`: replaces whole field values (runtime/functions/
// replace_values.cpp has the matching rules).
#pragma once

#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct ReplaceCommand : Command {
  ReplaceCommand() : Command("replace") {}
  struct Pair {
    std::string from, to;
    Span span;
  };
  std::vector<Pair> pairs;
  std::vector<FieldName> fields;  // empty: no IN clause
  void print(AstPrinter& p) const override;
};

CommandPtr parse_replace_command(CommandContext& ctx);

}  // namespace rulejit::spl
