// `appendpipe [run_in_preview=bool] [<subpipeline>]`: runs the bracketed
// commands over the current results and appends their output. The
// subpipeline starts with a command (no implicit search).
#pragma once

#include <memory>
#include <optional>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct AppendpipeCommand : Command {
  AppendpipeCommand() : Command("appendpipe") {}
  std::optional<bool> run_in_preview;
  std::unique_ptr<Pipeline> subpipeline;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_appendpipe_command(CommandContext& ctx);

}  // namespace rulejit::spl
