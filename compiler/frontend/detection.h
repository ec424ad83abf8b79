// A security_content detection loaded from YAML.
//
// Contract: parse_detection()/load_detection_file() never throw and never
// crash; every problem is a Diagnostic with stage Yaml and, when known, the
// file/line/col of the offending node. The YAML is read with libyaml
// (yaml_tree.h), not yaml-cpp: big packs have hundreds of detections.
//
// Severity policy (what stops a detection from being compiled):
//   error   - YAML syntax error; the document is not a mapping; `name` or
//             `search` missing, empty, or not a string. `detection` is nullopt.
//   warning - `id` or `type` missing; any other field with the wrong shape
//             (e.g. `references` is a mapping) - that field is left empty;
//             duplicate keys (the first value is kept). The detection loads.
// A metadata mistake does not change what the search computes, so it should
// not make the rule unusable; the search and its name do.
//
// Schema: every field of the security_content detection schema is kept. The
// newer top-level `analytic_story`, `mitre_attack_id` and `security_domain`
// fill the same fields of `tags` (when `tags` does not set them). Keys the
// loader does not know are kept, as YAML text, in `other` maps, so nothing in
// the file is lost. Numbers (version, confidence, impact, risk_score, score)
// keep their text and, when the text is an integer, its value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/frontend/scalar_positions.h"
#include "compiler/frontend/source_file.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

struct NumberField {
  std::string text;              // as written; empty when absent
  std::optional<int64_t> value;  // set when `text` is an integer
};

struct Observable {
  std::string name;
  std::string type;
  std::vector<std::string> role;
};

struct DetectionTags {
  std::vector<std::string> analytic_story;
  std::string asset_type;
  NumberField confidence;
  NumberField impact;
  std::string message;
  std::vector<std::string> mitre_attack_id;
  std::vector<Observable> observable;
  std::vector<std::string> product;
  std::vector<std::string> required_fields;
  NumberField risk_score;
  std::string security_domain;
  std::vector<std::string> cve;
  std::map<std::string, std::string> other;  // any other tag: key -> YAML text
};

struct AttackData {
  std::string data;
  std::string source;
  std::string sourcetype;
  std::map<std::string, std::string> other;
};

struct DetectionTest {
  std::string name;
  std::vector<AttackData> attack_data;
  std::map<std::string, std::string> other;
};

struct DrilldownSearch {
  std::string name;
  std::string search;
  std::string earliest_offset;
  std::string latest_offset;
  std::map<std::string, std::string> other;
};

// Newer schema: risk-based alerting block.
struct RiskObject {
  std::string field;
  std::string type;
  NumberField score;
};
struct ThreatObject {
  std::string field;
  std::string type;
};
struct RbaBlock {
  std::string message;
  std::vector<RiskObject> risk_objects;
  std::vector<ThreatObject> threat_objects;
  std::map<std::string, std::string> other;
};

// A lint the detection acknowledges (`lint_ignore:` entries), so
// `rulejit check --lint` stays quiet about it; the reason is required.
struct LintIgnore {
  std::string lint;    // a lint name, e.g. "unknown-field"
  std::string reason;
  int line = 0;        // where the entry is, for messages about it
};

struct Detection {
  std::string file;       // path as given (empty for in-memory text)
  SourceFilePtr source;   // the whole YAML text, for diagnostics

  std::string name;
  std::string id;
  NumberField version;
  std::string date;
  std::string author;
  std::string status;
  std::string type;
  std::string description;
  std::vector<std::string> data_source;
  std::string search;
  std::string how_to_implement;
  std::string known_false_positives;
  std::vector<std::string> references;
  DetectionTags tags;
  std::vector<DetectionTest> tests;
  std::vector<DrilldownSearch> drilldown_searches;
  std::optional<RbaBlock> rba;
  std::vector<LintIgnore> lint_ignore;
  std::map<std::string, std::string> other;  // unknown top-level keys -> YAML text

  // search_origin.at(i) = byte offset in `source` of byte i of `search`.
  OffsetMap search_origin;
  bool search_origin_exact = false;  // false: all bytes map to the scalar start
};

struct DetectionLoad {
  std::optional<Detection> detection;
  std::vector<Diagnostic> diagnostics;
};

DetectionLoad load_detection_file(const std::string& path);
DetectionLoad parse_detection(std::string_view yaml_text, const std::string& file_name);

bool has_errors(const std::vector<Diagnostic>& diags);

}  // namespace rulejit
