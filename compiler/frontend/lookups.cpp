#include "compiler/frontend/lookups.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <memory>
#include <system_error>

#include "compiler/frontend/source_file.h"
#include "compiler/frontend/yaml_fields.h"

namespace rulejit {

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Splunk .conf booleans.
std::optional<bool> parse_bool(std::string_view text) {
  std::string t = upper(trim(text));
  if (t == "TRUE" || t == "T" || t == "1" || t == "YES" || t == "Y") return true;
  if (t == "FALSE" || t == "F" || t == "0" || t == "NO" || t == "N") return false;
  return std::nullopt;
}

// "WILDCARD(a), CIDR(b)" -> rules; nullopt when malformed.
std::optional<std::vector<LookupMatchRule>> parse_match_type(std::string_view text) {
  std::vector<LookupMatchRule> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('(', i);
    if (open == std::string_view::npos) return std::nullopt;
    size_t close = text.find(')', open);
    if (close == std::string_view::npos) return std::nullopt;
    LookupMatchRule r{upper(trim(text.substr(i, open - i))), trim(text.substr(open + 1, close - open - 1))};
    if (r.kind != "WILDCARD" && r.kind != "CIDR" && r.kind != "EXACT") return std::nullopt;
    if (r.field.empty()) return std::nullopt;
    out.push_back(std::move(r));
    i = close + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < text.size()) {
      if (text[i] != ',') return std::nullopt;
      ++i;
    }
  }
  return out;
}

}  // namespace

const LookupMatchRule* LookupDefinition::match_rule(std::string_view field) const {
  for (const auto& r : match_type)
    if (r.field == field) return &r;
  return nullptr;
}

bool LookupTable::load_text(std::string_view yaml_text, const std::string& file_name,
                            const std::string& data_dir, std::vector<Diagnostic>& diags) {
  auto file = std::make_shared<const SourceFile>(file_name, std::string(yaml_text));
  YamlFields y(*file, diags);
  std::optional<YAML::Node> root = y.load_mapping("lookup definition");
  if (!root) return false;

  LookupDefinition l;
  l.file = file_name;
  bool ok = true;
  bool have_name = false;
  size_t name_offset = 0;  // offsets, not Nodes: assigning a YAML::Node writes through it

  auto integer = [&](const YAML::Node& v, const std::string& key) -> std::optional<int64_t> {
    NumberField n = y.number(v, key);
    if (n.text.empty()) return std::nullopt;
    if (!n.value) {
      y.report(v, Severity::Error, "`" + key + "` must be an integer, found `" + n.text + "`");
      ok = false;
    }
    return n.value;
  };
  auto text = [&](const YAML::Node& v, const std::string& key, std::string& out) {
    if (auto s = y.string(v, key, Severity::Error)) out = trim(*s);
    else ok = false;
  };

  try {
    for (const auto& e : y.entries(*root, "the lookup definition")) {
      const std::string& k = e.key;
      const YAML::Node& v = e.value;
      if (k == "name") {
        text(v, k, l.name);
        have_name = true;
        name_offset = y.offset_of(v);
      } else if (k == "description") {
        if (auto s = y.string(v, k)) l.description = *s;
      } else if (k == "filename") {
        text(v, k, l.filename);
      } else if (k == "collection") {
        text(v, k, l.collection);
      } else if (k == "case_sensitive_match") {
        std::string s;
        text(v, k, s);
        if (!s.empty()) {
          l.case_sensitive_match = parse_bool(s);
          if (!l.case_sensitive_match) {
            y.report(v, Severity::Error, "`case_sensitive_match` must be true or false, found `" + s + "`");
            ok = false;
          }
        }
      } else if (k == "match_type") {
        std::string s;
        text(v, k, s);
        if (!s.empty()) {
          auto rules = parse_match_type(s);
          if (!rules) {
            y.report(v, Severity::Error,
                     "malformed `match_type` `" + s + "` (expected e.g. `WILDCARD(field), CIDR(field)`)");
            ok = false;
          } else {
            l.match_type = std::move(*rules);
          }
        }
      } else if (k == "min_matches") {
        l.min_matches = integer(v, k);
      } else if (k == "max_matches") {
        l.max_matches = integer(v, k);
      } else if (k == "max_offset_secs") {
        l.max_offset_secs = integer(v, k);
      } else if (k == "min_offset_secs") {
        l.min_offset_secs = integer(v, k);
      } else if (k == "default_match") {
        if (auto s = y.string(v, k, Severity::Error)) l.default_match = *s;
        else ok = false;
      } else if (k == "fields_list") {
        if (v.IsSequence()) {
          for (auto& f : y.string_list(v, k)) l.fields_list.push_back(trim(f));
        } else if (auto s = y.string(v, k, Severity::Error)) {
          std::string_view rest = *s;
          while (!rest.empty()) {
            size_t comma = rest.find(',');
            std::string f = trim(rest.substr(0, comma));
            if (!f.empty()) l.fields_list.push_back(std::move(f));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
          }
        } else {
          ok = false;
        }
      } else if (k == "filter") {
        text(v, k, l.filter);
      } else if (k == "time_field") {
        text(v, k, l.time_field);
      } else if (k == "time_format") {
        if (auto s = y.string(v, k, Severity::Error)) l.time_format = *s;
        else ok = false;
      } else {
        l.other[k] = YamlFields::yaml_text(v);
      }
    }
  } catch (const std::exception& ex) {
    y.report_at(0, Severity::Error, std::string("cannot read lookup definition: ") + ex.what());
    return false;
  }
  if (!ok) return false;
  if (!have_name || l.name.empty()) {
    y.report_at(name_offset, Severity::Error, "lookup definition has no `name`");
    return false;
  }
  if (l.filename.empty() && l.collection.empty()) {
    y.report(*root, Severity::Error, "lookup `" + l.name + "` has neither `filename` nor `collection`");
    return false;
  }
  if (l.min_matches && l.max_matches && *l.min_matches > *l.max_matches) {
    y.report(*root, Severity::Warning, "lookup `" + l.name + "` has min_matches greater than max_matches");
  }
  if (!l.filename.empty()) {
    namespace fs = std::filesystem;
    fs::path p = fs::path(data_dir) / l.filename;
    l.csv_path = p.string();
    std::error_code ec;
    l.csv_exists = fs::is_regular_file(p, ec);
    if (!l.csv_exists)
      y.report(*root, Severity::Warning,
               "lookup `" + l.name + "`: file `" + l.csv_path + "` does not exist");
  }
  std::string name = l.name;
  if (!lookups_.emplace(name, std::move(l)).second) {
    y.report_at(name_offset, Severity::Warning,
             "lookup `" + name + "` is already defined in " + lookups_.find(name)->second.file +
                 "; this definition is ignored");
    return false;
  }
  return true;
}

bool LookupTable::load_file(const std::string& path, std::vector<Diagnostic>& diags) {
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
  std::string dir = std::filesystem::path(path).parent_path().string();
  return load_text(*text, path, dir, diags);
}

size_t LookupTable::load_directory(const std::string& dir, std::vector<Diagnostic>& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = dir;
    d.message = "cannot read lookup directory: " + ec.message();
    diags.push_back(std::move(d));
    return 0;
  }
  std::vector<std::string> paths;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::string ext = it->path().extension().string();
    if ((ext == ".yml" || ext == ".yaml") && it->is_regular_file(ec)) paths.push_back(it->path().string());
  }
  std::sort(paths.begin(), paths.end());
  size_t added = 0;
  for (const auto& p : paths)
    if (load_file(p, diags)) ++added;
  return added;
}

const LookupDefinition* LookupTable::find(std::string_view name) const {
  auto it = lookups_.find(name);
  return it == lookups_.end() ? nullptr : &it->second;
}

}  // namespace rulejit
