// run_lints(): builds each detection's view of its data sources, runs the
// per-rule and tree lints (lint_*.cpp), then drops what `lint_ignore`
// acknowledges.
#include "compiler/pack/lints.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "compiler/frontend/expand.h"
#include "compiler/pack/lint_checks.h"

namespace rulejit {

const std::vector<std::string>& lint_names() {
  static const std::vector<std::string> names = {"unknown-field",        "impossible-value", "unknown-sourcetype",
                                                 "missing-filter-macro", "unused-macro",     "unused-lookup",
                                                 "bad-lint-ignore"};
  return names;
}

std::optional<LintDataSource> read_lint_data_source(const std::string& path) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    if (!root.IsMap() || !root["name"] || !root["name"].IsScalar()) return std::nullopt;
    LintDataSource ds;
    ds.file = path;
    ds.name = root["name"].as<std::string>();
    if (root["sourcetype"] && root["sourcetype"].IsScalar()) ds.sourcetype = root["sourcetype"].as<std::string>();
    if (root["fields"] && root["fields"].IsSequence())
      for (const auto& f : root["fields"])
        if (f.IsScalar()) ds.fields.push_back(f.as<std::string>());
    return ds;
  } catch (const YAML::Exception&) {
    return std::nullopt;  // `check` reports the file itself
  }
}

namespace lint {
namespace {

bool field_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '{' || c == '}' || c == ':';
}

bool equal_at(std::string_view text, size_t at, std::string_view token, bool ci) {
  if (at + token.size() > text.size()) return false;
  for (size_t i = 0; i < token.size(); ++i) {
    char a = text[at + i], b = token[i];
    if (ci ? std::tolower(static_cast<unsigned char>(a)) != std::tolower(static_cast<unsigned char>(b)) : a != b)
      return false;
  }
  return true;
}

}  // namespace

size_t find_token(std::string_view text, std::string_view token, size_t from, bool case_insensitive) {
  if (token.empty()) return std::string_view::npos;
  for (size_t at = from; at + token.size() <= text.size(); ++at) {
    if (!equal_at(text, at, token, case_insensitive)) continue;
    bool left = at == 0 || !field_char(text[at - 1]);
    bool right = at + token.size() == text.size() || !field_char(text[at + token.size()]);
    // Values with non-name characters ("/bin/sh") are found anywhere.
    bool plain = std::all_of(token.begin(), token.end(), field_char);
    if (!plain || (left && right)) return at;
  }
  return std::string_view::npos;
}

LintWarning warn_at_token(const RuleView& r, std::string lint, std::string_view token, size_t from,
                          std::string message) {
  const std::string& text = r.report.expanded_spl;
  // Values are folded in the IR ("IN" lists), so case-insensitive next.
  size_t at = find_token(text, token, from);
  if (at == std::string_view::npos) at = find_token(text, token, from, true);
  if (at == std::string_view::npos) at = find_token(text, token, 0);
  if (at == std::string_view::npos) at = find_token(text, token, 0, true);
  if (at == std::string_view::npos) at = 0;
  LintWarning w;
  w.lint = std::move(lint);
  if (r.report.source_map) {
    w.diag = r.report.source_map->locate(static_cast<uint32_t>(at), Stage::Lint, std::move(message),
                                         Severity::Warning);
  } else {
    w.diag.stage = Stage::Lint;
    w.diag.severity = Severity::Warning;
    w.diag.file = r.report.file;
    w.diag.message = std::move(message);
  }
  if (w.diag.file.empty()) w.diag.file = r.report.file;
  return w;
}

}  // namespace lint

namespace {

bool is_generic(const ir::FieldMapProgram& f) { return f.match_key == "*"; }

// Drops warnings the detection acknowledges; names no lint -> bad-lint-ignore.
void apply_ignores(const RuleReport& rep, std::vector<LintWarning>& warnings) {
  const auto& names = lint_names();
  std::set<std::string> ignored;
  for (const auto& li : rep.lint_ignore) {
    if (std::find(names.begin(), names.end(), li.lint) != names.end()) {
      ignored.insert(li.lint);
      continue;
    }
    LintWarning w;
    w.lint = "bad-lint-ignore";
    w.diag.stage = Stage::Lint;
    w.diag.severity = Severity::Warning;
    w.diag.file = rep.file;
    w.diag.line = li.line;
    w.diag.col = 1;
    w.diag.message = "lint_ignore names `" + li.lint + "`, which is no lint";
    warnings.push_back(std::move(w));
  }
  std::erase_if(warnings, [&](const LintWarning& w) { return ignored.count(w.lint) != 0; });
}

}  // namespace

std::vector<LintWarning> run_lints(const LintInput& in) {
  std::vector<LintWarning> out;
  std::vector<const ir::FieldMapProgram*> maps;
  if (in.pack)
    for (const auto& f : in.pack->fieldmaps)
      if (!is_generic(f)) maps.push_back(&f);
  for (const RuleReport& rep : *in.rules) {
    std::vector<LintWarning> mine;
    lint::check_filter_macros(rep, mine);
    if (rep.plan && rep.state == RuleState::Ok) {
      lint::RuleView view{rep, *rep.plan, {}, {}, {}};
      if (in.pack) {
        for (uint32_t i = 0; i < in.pack->rules.size(); ++i) {
          if (in.pack->rules[i].plan.get() != rep.plan.get()) continue;
          for (const auto& b : in.pack->bindings) {
            if (b.rule != i || is_generic(in.pack->fieldmaps[b.fieldmap])) continue;
            view.fieldmaps.push_back(&in.pack->fieldmaps[b.fieldmap]);
            view.bindings.push_back(&b);
          }
        }
      }
      for (const auto& name : rep.data_sources)
        for (const auto& ds : in.data_sources)
          if (ds.name == name) view.declared.push_back(&ds);
      lint::check_unknown_fields(view, mine);
      if (in.pack) {
        // A detection that declares its data source is not judged by field maps.
        if (view.declared.empty()) lint::check_impossible_values(view, mine);
        lint::check_unknown_sourcetypes(view, maps, in.data_sources, mine);
      }
    }
    apply_ignores(rep, mine);
    for (auto& w : mine) out.push_back(std::move(w));
  }
  lint::check_unused(in, out);
  return out;
}

}  // namespace rulejit
