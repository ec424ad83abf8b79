// `extract [<extract-options>...] [<extractor-name>...]` (alias kv):
// key-value pairs of _raw become fields. Options: pairdelim=, kvdelim=,
// limit=, maxchars=, mv_add=, clean_keys=, reload=, segment=, auto=.
// Extractor names (transforms.conf stanzas) are kept for lowering to refuse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct ExtractCommand : Command {
  ExtractCommand() : Command("extract") {}
  std::optional<std::string> pairdelim;
  std::optional<std::string> kvdelim;
  std::optional<int64_t> limit;
  std::optional<int64_t> maxchars;
  std::optional<bool> mv_add;
  std::optional<bool> clean_keys;
  std::optional<bool> reload;
  std::optional<bool> segment;
  std::optional<bool> auto_kv;
  std::vector<FieldName> extractors;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_extract_command(CommandContext& ctx);

}  // namespace rulejit::spl
