// missing-filter-macro, unused-macro and unused-lookup: lints about how a
// tree's detections use its macros and lookups (lints.h).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "compiler/frontend/expand.h"
#include "compiler/frontend/source_file.h"
#include "compiler/pack/lint_checks.h"

namespace rulejit::lint {
namespace fs = std::filesystem;
namespace {

std::string normal_path(const std::string& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? fs::path(p).lexically_normal().string() : c.string();
}

std::string file_text(const std::string& path) {
  std::string err;
  auto t = read_text_file(path, err);
  return t ? *t : std::string();
}

// A warning at the line of the file's top-level `name:` key (else line 1).
LintWarning file_warning(const std::string& path, std::string lint, std::string message) {
  LintWarning w;
  w.lint = std::move(lint);
  w.diag.stage = Stage::Lint;
  w.diag.severity = Severity::Warning;
  w.diag.file = path;
  w.diag.line = 1;
  w.diag.col = 1;
  std::string text = file_text(path);
  size_t at = text.rfind("name:", 0) == 0 ? 0 : text.find("\nname:");
  if (at != std::string::npos) {
    if (text[at] == '\n') ++at;
    w.diag.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    w.diag.source_line = text.substr(at, text.find('\n', at) - at);
  }
  w.diag.message = std::move(message);
  return w;
}

// `name` and, when given, `filename` of a macro or lookup definition file.
std::vector<std::string> names_in(const std::string& path) {
  std::vector<std::string> out;
  try {
    YAML::Node root = YAML::LoadFile(path);
    for (const char* key : {"name", "filename"})
      if (root.IsMap() && root[key] && root[key].IsScalar()) out.push_back(root[key].as<std::string>());
  } catch (const YAML::Exception&) {
  }
  return out;
}

}  // namespace

std::string default_filter_macro(std::string_view detection_name) {
  std::string out;
  for (char c : detection_name) {
    if (c == ' ' || c == '-' || c == '.' || c == '/') out += '_';
    else out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + "_filter";
}

void check_filter_macros(const RuleReport& r, std::vector<LintWarning>& out) {
  if (!r.source_map) return;
  const std::string own = default_filter_macro(r.name);
  const auto& frames = r.source_map->frames();
  for (const auto& f : frames) {
    if (!f.macro || !f.macro->builtin) continue;
    const std::string& name = f.macro->name;
    if (name.size() <= 7 || name.compare(name.size() - 7, 7, "_filter") != 0 || name == own) continue;
    LintWarning w;
    w.lint = "missing-filter-macro";
    w.diag = r.source_map->locate_origin(f.call);
    w.diag.stage = Stage::Lint;
    w.diag.severity = Severity::Warning;
    w.diag.message = "filter macro `" + name + "` is defined nowhere (this detection's own filter would be `" + own +
                     "`); it filters nothing";
    if (w.diag.file.empty()) w.diag.file = r.file;
    out.push_back(std::move(w));
  }
}

void check_unused(const LintInput& in, std::vector<LintWarning>& out) {
  if (in.macro_files.empty() && in.lookup_files.empty()) return;
  std::set<std::string> used_macro_files;
  std::vector<std::string> texts;  // expanded searches, or whole files when expansion failed
  for (const auto& r : *in.rules) {
    if (r.source_map) {
      for (const auto& f : r.source_map->frames())
        if (f.macro && !f.macro->builtin && !f.macro->file.empty()) used_macro_files.insert(normal_path(f.macro->file));
      texts.push_back(r.expanded_spl);
    } else {
      texts.push_back(file_text(r.file));
    }
  }
  auto mentioned = [&](const std::string& token, bool as_macro) {
    for (const auto& t : texts) {
      if (!as_macro) {
        if (find_token(t, token, 0) != std::string::npos) return true;
        continue;
      }
      for (size_t at = t.find("`" + token); at != std::string::npos; at = t.find("`" + token, at + 1)) {
        char next = at + 1 + token.size() < t.size() ? t[at + 1 + token.size()] : '\0';
        if (next == '`' || next == '(') return true;
      }
    }
    return false;
  };
  for (const auto& file : in.macro_files) {
    if (used_macro_files.count(normal_path(file))) continue;
    auto names = names_in(file);
    if (names.empty()) continue;  // unreadable: `check` reports it
    std::string name = names[0].substr(0, names[0].find('('));
    if (mentioned(name, true)) continue;  // called from a detection that did not expand
    out.push_back(file_warning(file, "unused-macro", "macro `" + name + "` is used by no detection"));
  }
  for (const auto& file : in.lookup_files) {
    auto names = names_in(file);
    if (names.empty()) continue;
    bool used = false;
    for (const auto& n : names) used = used || mentioned(n, false);
    if (!used) out.push_back(file_warning(file, "unused-lookup", "lookup `" + names[0] + "` is used by no detection"));
  }
}

}  // namespace rulejit::lint
