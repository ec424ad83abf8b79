// Shared pieces of the rulejit subcommands: where the bundled pack lives,
// the options every compiling subcommand takes, and output helpers.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "compiler/pack/content_tree.h"
#include "compiler/pack/pack_builder.h"

namespace rulejit::cli {

// The bundled rules folder (rules/ of the source tree or the installed share
// folder; $RULEJIT_HOME overrides). Empty when not found.
std::string bundled_rules_dir();
std::string bundled_path(const std::string& relative);  // under bundled_rules_dir()

// --rules/--macros/--lookups/--fieldmaps with the bundled defaults filled in
// for whatever the user did not give.
struct PackOptions {
  std::vector<std::string> rules;
  std::vector<std::string> macros;
  std::vector<std::string> lookups;
  std::vector<std::string> fieldmaps;
  std::vector<std::string> empty_lookups;  // --empty-lookup NAME|*
  void add_to(CLI::App& app, bool rules_positional);
  PackSources sources() const;
  // A scanned rule tree's own macros, lookups and field maps serve its
  // detections, unless the user named folders for them.
  void use_tree_folders(const ContentTree& tree, PackSources& s) const;
};

// Diagnostics to stderr, compiler style; returns the number of errors.
size_t print_diagnostics(const std::vector<Diagnostic>& diags, bool warnings);

// Worker threads for --threads: `requested`, or one per core when 0.
size_t resolve_threads(size_t requested);
bool stderr_is_terminal();

}  // namespace rulejit::cli
