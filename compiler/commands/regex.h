// `regex [<field>=|<field>!=]"<regex>"` (spl-semantics.md §3.10): keeps
// (`=`) or drops (`!=`) rows whose field matches; default field _raw. Spaces
// around the operator are tolerated. The regex is decoded by the
// search-string lexer (§1.4).
#pragma once

#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct RegexCommand : Command {
  RegexCommand() : Command("regex") {}
  FieldName field{"_raw", {}, false};
  bool field_given = false;
  bool negated = false;  // `!=`
  std::string pattern;   // decoded
  Span pattern_span;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_regex_command(CommandContext& ctx);

}  // namespace rulejit::spl
