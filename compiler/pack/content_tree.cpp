// Content trees (see content_tree.h): classify rule-folder YAML files and
// check the ones that are not detections with their own loaders.
#include "compiler/pack/content_tree.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/lookups.h"
#include "compiler/frontend/macros.h"
#include "compiler/frontend/source_file.h"
#include "compiler/frontend/yaml_fields.h"
#include "compiler/pack/fieldmap_loader.h"

namespace rulejit {
namespace fs = std::filesystem;

const char* content_kind_name(ContentKind k) {
  switch (k) {
    case ContentKind::Detection: return "detection";
    case ContentKind::Macro: return "macro";
    case ContentKind::Lookup: return "lookup definition";
    case ContentKind::FieldMap: return "field map";
    case ContentKind::DataSource: return "data source";
  }
  return "detection";
}

std::vector<std::string> ContentTree::paths_of(ContentKind k) const {
  std::vector<std::string> out;
  for (const auto& f : files)
    if (f.kind == k) out.push_back(f.path);
  return out;
}

const Diagnostic* ContentReport::first_error() const {
  for (const auto& d : diagnostics)
    if (d.severity == Severity::Error) return &d;
  return nullptr;
}

namespace {

std::optional<ContentKind> kind_of_folder(const std::string& name) {
  static const std::map<std::string, ContentKind> kFolders = {
      {"detections", ContentKind::Detection}, {"macros", ContentKind::Macro},
      {"lookups", ContentKind::Lookup},       {"data_sources", ContentKind::DataSource},
      {"fieldmaps", ContentKind::FieldMap},
  };
  auto it = kFolders.find(name);
  if (it == kFolders.end()) return std::nullopt;
  return it->second;
}

// Top-level scalar keys of a YAML mapping file (values as text; "" for
// non-scalars). Empty when the file cannot be read or is not a mapping.
std::map<std::string, std::string> top_level_keys(const std::string& path) {
  std::map<std::string, std::string> out;
  std::string err;
  auto text = read_text_file(path, err);
  if (!text) return out;
  try {
    YAML::Node root = YAML::Load(*text);
    if (!root.IsMap()) return out;
    for (const auto& kv : root) {
      if (!kv.first.IsScalar()) continue;
      out[kv.first.Scalar()] = kv.second.IsScalar() ? kv.second.Scalar() : std::string();
    }
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

ContentKind kind_of_content(const std::string& path) {
  auto keys = top_level_keys(path);
  auto has = [&](const char* k) { return keys.count(k) != 0; };
  if (has("search")) return ContentKind::Detection;
  if (has("definition")) return ContentKind::Macro;
  if (has("filename") || has("collection")) return ContentKind::Lookup;
  if (has("sourcetype") && has("match_key")) return ContentKind::FieldMap;
  if (has("sourcetype") && (has("supported_TA") || has("fields"))) return ContentKind::DataSource;
  return ContentKind::Detection;
}

// The nearest folder between the file and `top` (inclusive) with a known
// name decides; folders above what the user named do not.
ContentKind classify(const fs::path& file, const fs::path& top) {
  for (fs::path p = file.parent_path(); !p.empty(); p = p.parent_path()) {
    if (auto k = kind_of_folder(p.filename().string())) return *k;
    if (p == top || p == p.parent_path()) break;
  }
  return kind_of_content(file.string());
}

bool is_yaml(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yml" || ext == ".yaml";
}

void errors_first(std::vector<Diagnostic>& diags) {
  std::stable_partition(diags.begin(), diags.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::Error; });
}


// security_content data_sources/*.yml: a name and the sourcetype the data
// arrives with are what detections rely on; `fields` must be a list.
void check_data_source(const std::string& path, std::vector<Diagnostic>& diags) {
  std::string err;
  auto text = read_text_file(path, err);
  if (!text) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = path;
    d.message = err;
    diags.push_back(d);
    return;
  }
  SourceFile file(path, std::move(*text));
  YamlFields y(file, diags);
  auto root = y.load_mapping("data source");
  if (!root) return;
  bool have_name = false, have_sourcetype = false;
  for (auto& e : y.entries(*root, "data source")) {
    if (e.key == "name" || e.key == "sourcetype") {
      auto s = y.string(e.value, e.key, Severity::Error);
      if (!s) continue;
      if (s->empty()) {
        y.report(e.key_node, Severity::Error, "data source `" + e.key + "` is empty");
        continue;
      }
      (e.key == "name" ? have_name : have_sourcetype) = true;
    } else if (e.key == "fields") {
      y.string_list(e.value, e.key);
    }
  }
  if (!have_name && !has_errors(diags)) y.report(*root, Severity::Error, "data source has no `name`");
  if (!have_sourcetype && !has_errors(diags)) y.report(*root, Severity::Error, "data source has no `sourcetype`");
}

}  // namespace

ContentTree scan_content_tree(const std::vector<std::string>& paths, std::vector<Diagnostic>& diags) {
  std::map<std::string, ContentKind> found;
  for (const auto& arg : paths) {
    std::error_code ec;
    fs::path top(arg);
    if (fs::is_directory(top, ec)) {
      for (auto it = fs::recursive_directory_iterator(top, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && is_yaml(it->path()))
          found.emplace(it->path().string(), classify(it->path(), top));
      }
    } else if (fs::exists(top, ec)) {
      found.emplace(arg, classify(top, top.parent_path()));
    } else {
      Diagnostic d;
      d.stage = Stage::Yaml;
      d.file = arg;
      d.message = "no such file or folder";
      diags.push_back(d);
    }
  }
  ContentTree tree;
  std::set<std::string> macro_dirs, lookup_dirs, fieldmap_dirs;
  for (const auto& [path, kind] : found) {
    tree.files.push_back({path, kind});
    std::string dir = fs::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    if (kind == ContentKind::Macro) macro_dirs.insert(dir);
    if (kind == ContentKind::Lookup) lookup_dirs.insert(dir);
    if (kind == ContentKind::FieldMap) fieldmap_dirs.insert(dir);
  }
  tree.macro_dirs.assign(macro_dirs.begin(), macro_dirs.end());
  tree.lookup_dirs.assign(lookup_dirs.begin(), lookup_dirs.end());
  tree.fieldmap_dirs.assign(fieldmap_dirs.begin(), fieldmap_dirs.end());
  return tree;
}

ContentReport check_content_file(const ContentFile& f) {
  ContentReport r;
  r.file = f.path;
  r.kind = f.kind;
  auto keys = top_level_keys(f.path);
  r.name = keys.count("name") ? keys["name"] : std::string();
  switch (f.kind) {
    case ContentKind::Macro: {
      MacroTable table(false);
      r.ok = table.load_file(f.path, r.diagnostics);
      break;
    }
    case ContentKind::Lookup: {
      LookupTable table;
      r.ok = table.load_file(f.path, r.diagnostics);
      break;
    }
    case ContentKind::FieldMap: {
      r.name = keys.count("sourcetype") ? keys["sourcetype"] : std::string();
      r.ok = load_fieldmap_file(f.path, r.diagnostics).has_value();
      // No sourcetype and nothing wrong: a fragment, checked where included.
      if (!r.ok && !has_errors(r.diagnostics) && !keys.count("sourcetype")) r.ok = r.fragment = true;
      break;
    }
    case ContentKind::DataSource:
      check_data_source(f.path, r.diagnostics);
      r.ok = true;
      break;
    case ContentKind::Detection: {
      Diagnostic d;
      d.stage = Stage::Yaml;
      d.file = f.path;
      d.message = "internal: detections are checked by build_pack";
      r.diagnostics.push_back(d);
      break;
    }
  }
  if (has_errors(r.diagnostics)) r.ok = false;
  if (!r.ok && !has_errors(r.diagnostics)) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = f.path;
    d.message = std::string(content_kind_name(f.kind)) + " was not loaded";
    r.diagnostics.push_back(d);
  }
  errors_first(r.diagnostics);
  return r;
}

}  // namespace rulejit
