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
void lower_stats(const spl::Command& cmd, Lowerer& l);
void lower_eventstats(const spl::Command& cmd, Lowerer& l);
void lower_streamstats(const spl::Command& cmd, Lowerer& l);
void lower_tstats(const spl::Command& cmd, Lowerer& l);
void lower_rename(const spl::Command& cmd, Lowerer& l);
void lower_regex(const spl::Command& cmd, Lowerer& l);
void lower_rex(const spl::Command& cmd, Lowerer& l);
void lower_table(const spl::Command& cmd, Lowerer& l);
void lower_fields(const spl::Command& cmd, Lowerer& l);
void lower_convert(const spl::Command& cmd, Lowerer& l);
void lower_bin(const spl::Command& cmd, Lowerer& l);
void lower_fillnull(const spl::Command& cmd, Lowerer& l);
void lower_dedup(const spl::Command& cmd, Lowerer& l);
void lower_sort(const spl::Command& cmd, Lowerer& l);
void lower_head(const spl::Command& cmd, Lowerer& l);
void lower_mvexpand(const spl::Command& cmd, Lowerer& l);
void lower_makemv(const spl::Command& cmd, Lowerer& l);
void lower_lookup(const spl::Command& cmd, Lowerer& l);
void lower_inputlookup(const spl::Command& cmd, Lowerer& l);
void lower_spath(const spl::Command& cmd, Lowerer& l);
void lower_foreach(const spl::Command& cmd, Lowerer& l);
void lower_join(const spl::Command& cmd, Lowerer& l);
void lower_append(const spl::Command& cmd, Lowerer& l);
void lower_xmlkv(const spl::Command& cmd, Lowerer& l);
void lower_transaction(const spl::Command& cmd, Lowerer& l);
void lower_iplocation(const spl::Command& cmd, Lowerer& l);
void lower_cyberchef(const spl::Command& cmd, Lowerer& l);
void lower_extract(const spl::Command& cmd, Lowerer& l);
void lower_fromjson(const spl::Command& cmd, Lowerer& l);
void lower_from(const spl::Command& cmd, Lowerer& l);
void lower_addtotals(const spl::Command& cmd, Lowerer& l);
void lower_replace(const spl::Command& cmd, Lowerer& l);
// Parsed but not executable (mstats, ...): an
// "unsupported" issue with the reason.
void lower_unsupported(const spl::Command& cmd, Lowerer& l);

}  // namespace rulejit::lower
