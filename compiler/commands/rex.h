// `rex [field=<f>] [max_match=<n>] [offset_field=<f>] [mode=sed] "<regex>"`
// (spl-semantics.md §3.11). The regex is decoded by the search-string lexer
// (§1.4) and is what PCRE receives.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct RexCommand : Command {
  RexCommand() : Command("rex") {}
  enum class Mode : uint8_t { Extract, Sed };
  std::optional<FieldName> field;       // absent: _raw
  std::optional<int64_t> max_match;     // absent: 1; 0 = unlimited
  std::optional<FieldName> offset_field;
  Mode mode = Mode::Extract;
  std::string regex;                    // decoded; sed mode: the s/../../ or y/../../ expression
  Span regex_span;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_rex_command(CommandContext& ctx);

}  // namespace rulejit::spl
