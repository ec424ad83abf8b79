// Commands rulejit parses but does not execute, each with the reason.
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

void lower_unsupported(const spl::Command& cmd, Lowerer& l) {
  std::string why;
  if (cmd.name == "mstats") why = "it reads metric indexes, not events";
  else if (cmd.name == "appendpipe")
    why = "appendpipe is not implemented yet";
  else why = "it is not implemented";
  l.unsupported(cmd.span, "command '" + cmd.name + "' is not supported: " + why);
}

}  // namespace rulejit::lower
