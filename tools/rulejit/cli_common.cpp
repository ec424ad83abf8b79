#include "tools/rulejit/cli_common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace rulejit::cli {
namespace fs = std::filesystem;

std::string bundled_rules_dir() {
  if (const char* home = std::getenv("RULEJIT_HOME"); home && *home) return (fs::path(home) / "rules").string();
  std::error_code ec;
  // The executable's own location: build tree or installed prefix.
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& cand : {exe.parent_path() / "../share/rulejit/rules", exe.parent_path() / "../../rules"})
      if (fs::is_directory(cand / "isovalent", ec)) return fs::weakly_canonical(cand, ec).string();
  }
#ifdef RULEJIT_SOURCE_RULES_DIR
  if (fs::is_directory(RULEJIT_SOURCE_RULES_DIR, ec)) return RULEJIT_SOURCE_RULES_DIR;
#endif
  return {};
}

std::string bundled_path(const std::string& relative) {
  std::string dir = bundled_rules_dir();
  return dir.empty() ? std::string() : (fs::path(dir) / relative).string();
}

void PackOptions::add_to(CLI::App& app, bool rules_positional) {
  if (rules_positional)
    app.add_option("paths", rules, "Detection files or folders (searched recursively). Default: the bundled pack");
  else
    app.add_option("--rules", rules, "Detection file or folder (repeatable). Default: the bundled pack")
        ->allow_extra_args(false);
  // One value per flag, so `--macros DIR file.yml` leaves file.yml positional.
  app.add_option("--macros", macros, "Folder of macro YAML files (repeatable). Default: the bundled macros")
      ->allow_extra_args(false);
  app.add_option("--lookups", lookups, "Folder of lookup definitions + CSV files (repeatable). Default: the bundled lookups")
      ->allow_extra_args(false);
  app.add_option("--fieldmaps", fieldmaps, "Folder of field maps, i.e. data sources (repeatable). Default: the bundled field maps")
      ->allow_extra_args(false);
  app.add_option("--empty-lookup", empty_lookups,
                 "Run with an empty table for this KV store lookup (repeatable; * for all) when no NAME.csv "
                 "with its rows is in a --lookups folder")
      ->allow_extra_args(false);
}

// The bundled folder when it exists, else nothing (a missing optional
// default is not an error; a missing folder the user names is).
static std::vector<std::string> bundled_default(const std::string& relative) {
  std::string p = bundled_path(relative);
  std::error_code ec;
  if (p.empty() || !fs::is_directory(p, ec)) return {};
  return {p};
}

PackSources PackOptions::sources() const {
  PackSources s;
  s.rule_paths = rules.empty() ? bundled_default("isovalent") : rules;
  s.macro_dirs = macros.empty() ? bundled_default("macros") : macros;
  s.lookup_dirs = lookups.empty() ? bundled_default("lookups") : lookups;
  s.fieldmap_dirs = fieldmaps.empty() ? bundled_default("fieldmaps") : fieldmaps;
  s.empty_lookups = empty_lookups;
  return s;
}

void PackOptions::use_tree_folders(const ContentTree& tree, PackSources& s) const {
  if (macros.empty() && !tree.macro_dirs.empty()) s.macro_dirs = tree.macro_dirs;
  if (lookups.empty() && !tree.lookup_dirs.empty()) s.lookup_dirs = tree.lookup_dirs;
  if (fieldmaps.empty() && !tree.fieldmap_dirs.empty()) s.fieldmap_dirs = tree.fieldmap_dirs;
}

size_t print_diagnostics(const std::vector<Diagnostic>& diags, bool warnings) {
  size_t errors = 0;
  for (const auto& d : diags) {
    if (d.severity == Severity::Error) ++errors;
    else if (!warnings) continue;
    std::fputs(format_diagnostic(d).c_str(), stderr);
  }
  return errors;
}

size_t resolve_threads(size_t requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? cores : 1;
}

bool stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

}  // namespace rulejit::cli
