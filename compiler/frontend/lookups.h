// Lookup definitions: security_content lookups/*.yml (the transforms.conf
// side of a lookup), without reading the lookup data itself.
//
// Contract: loading never throws; a malformed file gives Stage::Yaml
// diagnostics and is skipped. A definition has a `name` and either a
// `filename` (a file next to the YAML, usually CSV) or a `collection` (a KV
// store, which has no file here). `csv_path` is <directory>/<filename>;
// `csv_exists` says whether that file exists (a missing file is a warning,
// since only rules that use the lookup need it). Splunk's transforms.conf
// keys are accepted with their documented meaning:
//   case_sensitive_match (default true), match_type "WILDCARD(f), CIDR(g)",
//   min_matches (default 0), max_matches (default 100; 1 with time_field),
//   default_match, fields_list ("a, b" or a YAML list), filter,
//   time_field, time_format, max_offset_secs, min_offset_secs.
// Unknown keys are kept as YAML text in `other`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/diagnostic.h"

namespace rulejit {

struct LookupMatchRule {
  std::string kind;   // upper-case: "WILDCARD", "CIDR", "EXACT"
  std::string field;  // the lookup column it applies to
};

struct LookupDefinition {
  std::string name;
  std::string description;
  std::string filename;    // as written; empty for a KV store collection
  std::string collection;  // KV store collection; empty for file lookups
  std::optional<bool> case_sensitive_match;
  std::vector<LookupMatchRule> match_type;
  std::optional<int64_t> min_matches;
  std::optional<int64_t> max_matches;
  std::optional<std::string> default_match;
  std::vector<std::string> fields_list;
  std::string filter;
  std::string time_field;
  std::string time_format;
  std::optional<int64_t> max_offset_secs;
  std::optional<int64_t> min_offset_secs;
  std::map<std::string, std::string> other;

  std::string file;        // the YAML file it was loaded from
  std::string csv_path;    // <directory of `file`>/<filename>; empty without filename
  bool csv_exists = false;

  bool is_kvstore() const { return filename.empty() && !collection.empty(); }
  // Effective values with Splunk's defaults.
  bool case_sensitive() const { return case_sensitive_match.value_or(true); }
  int64_t effective_min_matches() const { return min_matches.value_or(0); }
  int64_t effective_max_matches() const { return max_matches.value_or(time_field.empty() ? 100 : 1); }
  const LookupMatchRule* match_rule(std::string_view field) const;
};

class LookupTable {
 public:
  // Loads every *.yml / *.yaml in `dir`, sorted. Returns how many were added.
  size_t load_directory(const std::string& dir, std::vector<Diagnostic>& diags);
  bool load_file(const std::string& path, std::vector<Diagnostic>& diags);
  // `data_dir` is where `filename` is looked for.
  bool load_text(std::string_view yaml_text, const std::string& file_name,
                 const std::string& data_dir, std::vector<Diagnostic>& diags);

  const LookupDefinition* find(std::string_view name) const;
  size_t size() const { return lookups_.size(); }
  const std::map<std::string, LookupDefinition, std::less<>>& all() const { return lookups_; }

 private:
  std::map<std::string, LookupDefinition, std::less<>> lookups_;
};

}  // namespace rulejit
