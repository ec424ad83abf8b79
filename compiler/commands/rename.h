// `rename <from> AS <to> [, <from> AS <to>]...` (spl-semantics.md §3.9).
// Names may be quoted and may contain `*` wildcards (`"Processes.*" AS *`).
#pragma once

#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct RenamePair {
  FieldName from;
  FieldName to;
};

struct RenameCommand : Command {
  RenameCommand() : Command("rename") {}
  std::vector<RenamePair> pairs;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_rename_command(CommandContext& ctx);

}  // namespace rulejit::spl
