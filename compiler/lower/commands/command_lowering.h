// One lowering function per SPL command, next to the parser module of the
// same name in compiler/commands/. The table in pipeline_lower.cpp maps a
// command name to its function; a command without one is reported as
// unsupported (never silently dropped).
#pragma once

#include "compiler/lower/lowerer.h"
#include "compiler/spl/ast.h"

namespace rulejit::lower {

using CommandLowering = void (*)(const spl::Command& cmd, Lowerer& l);

// The lowering function for a command name, or nullptr.
CommandLowering find_command_lowering(std::string_view name);

// Commands (one file each under compiler/lower/commands/).
void lower_search(const spl::Command& cmd, Lowerer& l);
void lower_where(const spl::Command& cmd, Lowerer& l);
void lower_eval(const spl::Command& cmd, Lowerer& l);

}  // namespace rulejit::lower
