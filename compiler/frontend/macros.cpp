#include "compiler/frontend/macros.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "compiler/frontend/yaml_fields.h"

namespace rulejit {

namespace {

bool valid_arg_name(std::string_view a) {
  if (a.empty()) return false;
  return std::all_of(a.begin(), a.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

MacroPtr make_builtin(std::string name, std::vector<std::string> args, std::string definition) {
  auto m = std::make_shared<Macro>();
  m->name = std::move(name);
  m->args = std::move(args);
  m->definition = std::move(definition);
  m->builtin = true;
  return m;
}

}  // namespace

bool MacroTable::add(Macro m) {
  auto& by_arity = macros_[m.name];
  size_t arity = m.args.size();
  if (by_arity.count(arity) != 0) return false;
  by_arity.emplace(arity, std::make_shared<const Macro>(std::move(m)));
  ++count_;
  return true;
}

bool MacroTable::load_text(std::string_view yaml_text, const std::string& file_name,
                           std::vector<Diagnostic>& diags) {
  auto file = std::make_shared<const SourceFile>(file_name, std::string(yaml_text));
  YamlFields y(*file, diags);
  std::optional<YAML::Node> root;
  try {
    root = y.load_mapping("macro");
  } catch (const std::exception& e) {
    y.report_at(0, Severity::Error, std::string("cannot read macro: ") + e.what());
  }
  if (!root) return false;

  Macro m;
  m.file = file_name;
  m.source = file;
  bool have_name = false, have_def = false, errors = false;
  // Offsets, not Nodes: assigning to a bound YAML::Node writes through it.
  size_t name_offset = 0, def_offset = 0;
  int def_indent = -1;
  try {
    for (const auto& e : y.entries(*root, "the macro")) {
      if (e.key == "name") {
        auto s = y.string(e.value, e.key, Severity::Error);
        if (!s) errors = true;
        else m.name = *s, have_name = true, name_offset = y.offset_of(e.value.IsNull() ? e.key_node : e.value);
      } else if (e.key == "definition") {
        auto s = y.string(e.value, e.key, Severity::Error);
        if (!s) {
          errors = true;
        } else {
          m.definition = *s;
          have_def = true;
          def_offset = y.offset_of(e.value);
          def_indent = y.column_of(e.key_node);
        }
      } else if (e.key == "description") {
        if (auto s = y.string(e.value, e.key)) m.description = *s;
      } else if (e.key == "arguments") {
        if (e.value.IsSequence() || e.value.IsNull()) {
          for (const YAML::Node& a : e.value) {
            if (!a.IsScalar() || !valid_arg_name(a.Scalar())) {
              y.report(a, Severity::Error,
                       "macro argument names must be letters, digits, `_` or `-`");
              errors = true;
              continue;
            }
            m.args.push_back(a.Scalar());
          }
        } else {
          y.report(e.value, Severity::Error,
                   std::string("`arguments` must be a list of names, found ") + yaml_kind(e.value));
          errors = true;
        }
      }
      // Other keys (e.g. contentctl metadata) do not affect expansion.
    }
  } catch (const std::exception& e) {
    y.report_at(0, Severity::Error, std::string("cannot read macro: ") + e.what());
    return false;
  }
  if (!have_name && !errors) y.report(*root, Severity::Error, "macro has no `name`");
  if (!have_def && !errors) y.report(*root, Severity::Error, "macro has no `definition`");
  if (errors || !have_name || !have_def) return false;

  // Accept the macros.conf stanza form `name(N)` when N agrees.
  size_t open = m.name.find('(');
  if (open != std::string::npos && ends_with(m.name, ")")) {
    std::string digits = m.name.substr(open + 1, m.name.size() - open - 2);
    bool numeric = !digits.empty() && digits.size() < 4 &&
                   std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric && static_cast<size_t>(std::stoi(digits)) == m.args.size()) {
      m.name.resize(open);
    } else {
      y.report_at(name_offset, Severity::Error,
               "macro name `" + m.name + "` does not match its " + std::to_string(m.args.size()) +
                   " argument(s)");
      return false;
    }
  }
  if (m.name.empty() || m.name.find_first_of(" \t\r\n`()") != std::string::npos) {
    y.report_at(name_offset, Severity::Error, "invalid macro name `" + m.name + "`");
    return false;
  }
  for (size_t i = 0; i < m.args.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (m.args[i] == m.args[j]) {
        y.report(*root, Severity::Error, "macro argument `" + m.args[i] + "` is listed twice");
        return false;
      }

  ScalarPositions pos = map_scalar_positions(file->text(), def_offset, m.definition, def_indent);
  m.definition_origin = std::move(pos.map);
  m.definition_origin_exact = pos.exact;

  std::string name = m.name;
  size_t arity = m.args.size();
  if (!add(std::move(m))) {
    MacroPtr first = find(name, arity);
    y.report_at(name_offset, Severity::Warning,
             "macro `" + name + "` with " + std::to_string(arity) + " argument(s) is already defined" +
                 (first && !first->file.empty() ? " in " + first->file : std::string()) +
                 "; this definition is ignored");
    return false;
  }
  return true;
}

bool MacroTable::load_file(const std::string& path, std::vector<Diagnostic>& diags) {
  std::string error;
  std::optional<std::string> text = read_text_file(path, error);
  if (!text) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = path;
    d.message = error;
    diags.push_back(std::move(d));
    return false;
  }
  return load_text(*text, path, diags);
}

size_t MacroTable::load_directory(const std::string& dir, std::vector<Diagnostic>& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> paths;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = dir;
    d.message = "cannot read macro directory: " + ec.message();
    diags.push_back(std::move(d));
    return 0;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::path& p = it->path();
    std::string ext = p.extension().string();
    if ((ext == ".yml" || ext == ".yaml") && it->is_regular_file(ec)) paths.push_back(p.string());
  }
  std::sort(paths.begin(), paths.end());
  size_t added = 0;
  for (const auto& p : paths)
    if (load_file(p, diags)) ++added;
  return added;
}

MacroPtr MacroTable::builtin(std::string_view name, size_t arity) const {
  if (!builtins_) return nullptr;
  static const MacroPtr drop = make_builtin("drop_dm_object_name", {"object"}, "rename \"$object$.*\" as *");
  static const MacroPtr add_dm = make_builtin("add_dm_object_name", {"object"}, "rename * as \"$object$.*\"");
  if (arity == 1 && name == "drop_dm_object_name") return drop;
  if (arity == 1 && name == "add_dm_object_name") return add_dm;
  if (arity == 1 && name == "get_asset") return make_builtin("get_asset", {"field"}, "search *");
  if (arity == 0 && name.size() > 7 && ends_with(name, "_filter"))
    return make_builtin(std::string(name), {}, "search *");
  if (arity == 0 && name.size() > 12 && name.substr(0, 4) == "cim_" && ends_with(name, "_indexes"))
    return make_builtin(std::string(name), {}, "*");
  return nullptr;
}

MacroPtr MacroTable::find(std::string_view name, size_t arity) const {
  auto it = macros_.find(name);
  if (it != macros_.end()) {
    auto jt = it->second.find(arity);
    if (jt != it->second.end()) return jt->second;
  }
  return builtin(name, arity);
}

std::vector<size_t> MacroTable::arities(std::string_view name) const {
  std::vector<size_t> out;
  auto it = macros_.find(name);
  if (it != macros_.end())
    for (const auto& [arity, m] : it->second) out.push_back(arity);
  for (size_t a : {size_t{0}, size_t{1}})
    if (builtin(name, a) && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace rulejit
