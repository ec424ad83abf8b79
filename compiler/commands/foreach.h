// `foreach [mode=multifield|multivalue|json_array|auto_collections]
// [fieldstr=..] [matchstr=..] [matchseg1=..] [matchseg2=..] [matchseg3=..]
// <wc-field>... [<subsearch template>]`.
//
// The template is kept as raw text (not decoded, not parsed): its
// <<FIELD>>, <<MATCHSTR>>, ... placeholders are substituted per field before
// it is parsed, which happens at lowering time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct ForeachCommand : Command {
  ForeachCommand() : Command("foreach") {}
  enum class Mode : uint8_t { Multifield, Multivalue, JsonArray, AutoCollections };
  std::optional<Mode> mode;  // absent: multifield
  std::optional<std::string> fieldstr;
  std::optional<std::string> matchstr;
  std::optional<std::string> matchseg1;
  std::optional<std::string> matchseg2;
  std::optional<std::string> matchseg3;
  std::vector<FieldName> fields;  // with wildcards
  std::string template_text;      // between the brackets, as written
  Span template_span;             // of template_text
  void print(AstPrinter& p) const override;
};

CommandPtr parse_foreach_command(CommandContext& ctx);

}  // namespace rulejit::spl
