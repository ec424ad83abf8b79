// The one table of SPL commands rulejit knows: name (and aliases) -> parse
// function of the command's module in compiler/commands/. Static
// self-registration does not survive static-library linking, so the table
// is explicit (command_table.cpp).
//
// Contract: lookup is case-insensitive (Splunk command names are); aliases
// resolve to the canonical name (`bucket` -> `bin`). Real Splunk commands
// rulejit does not model get the generic parser (GenericCommand) so they
// parse cleanly and are reported as unsupported by lowering. A name that is
// not in the table is not a Splunk command: the parser reports
// "unknown command 'x'".
#pragma once

#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;
using CommandParseFn = CommandPtr (*)(CommandContext&);

struct CommandInfo {
  std::string_view name;  // canonical lower-case name
  CommandParseFn parse;
  bool generic = false;   // parsed by GenericCommand (not modelled)
};

const CommandInfo* find_command(std::string_view name);

// Every name (canonical and alias) the table accepts, for tests and help.
std::vector<std::string_view> known_command_names();

}  // namespace rulejit::spl
