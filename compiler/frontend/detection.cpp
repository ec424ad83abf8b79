#include "compiler/frontend/detection.h"

#include <algorithm>
#include <memory>

#include "compiler/frontend/yaml_fields.h"

namespace rulejit {

bool has_errors(const std::vector<Diagnostic>& diags) {
  return std::any_of(diags.begin(), diags.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

namespace {

// Reads the fields of one detection document into a Detection.
class DetectionReader {
 public:
  DetectionReader(FastYamlFields& y, Detection& d) : y_(y), d_(d) {}

  void read(const yaml::Node& root) {
    bool have_name = false, have_search = false, have_id = false, have_type = false;
    for (const auto& e : y_.entries(root, "the detection")) {
      const std::string& k = e.key;
      const yaml::Node& v = e.value;
      if (k == "name") {
        have_name = true;
        required_string(e, d_.name);
      } else if (k == "search") {
        have_search = true;
        if (required_string(e, d_.search)) map_search(e);
      } else if (k == "id") {
        have_id = true;
        text(v, k, d_.id);
      } else if (k == "version") {
        d_.version = y_.number(v, k);
      } else if (k == "date") {
        text(v, k, d_.date);
      } else if (k == "author") {
        text(v, k, d_.author);
      } else if (k == "status") {
        text(v, k, d_.status);
      } else if (k == "type") {
        have_type = true;
        text(v, k, d_.type);
      } else if (k == "description") {
        text(v, k, d_.description);
      } else if (k == "data_source") {
        d_.data_source = y_.string_list(v, k);
      } else if (k == "how_to_implement") {
        text(v, k, d_.how_to_implement);
      } else if (k == "known_false_positives") {
        text(v, k, d_.known_false_positives);
      } else if (k == "references") {
        d_.references = y_.string_list(v, k);
      } else if (k == "tags") {
        if (!v.IsNull() && y_.expect_mapping(v, k)) read_tags(v);
      } else if (k == "tests") {
        read_tests(v);
      } else if (k == "drilldown_searches") {
        read_drilldowns(v);
      } else if (k == "rba") {
        if (!v.IsNull() && y_.expect_mapping(v, k)) read_rba(v);
      } else if (k == "lint_ignore") {
        read_lint_ignore(v);
      } else if (k == "analytic_story") {
        top_level_alias_.emplace_back(k, v);
      } else if (k == "mitre_attack_id") {
        top_level_alias_.emplace_back(k, v);
      } else if (k == "security_domain") {
        top_level_alias_.emplace_back(k, v);
      } else {
        d_.other[k] = FastYamlFields::yaml_text(v);
      }
    }
    // Newer schema: these moved to the top level; `tags` wins when both exist.
    for (const auto& [k, v] : top_level_alias_) {
      if (k == "analytic_story" && d_.tags.analytic_story.empty())
        d_.tags.analytic_story = y_.string_list(v, k);
      else if (k == "mitre_attack_id" && d_.tags.mitre_attack_id.empty())
        d_.tags.mitre_attack_id = y_.string_list(v, k);
      else if (k == "security_domain" && d_.tags.security_domain.empty())
        text(v, k, d_.tags.security_domain);
    }
    if (!have_name) y_.report(root, Severity::Error, "detection has no `name`");
    if (!have_search) y_.report(root, Severity::Error, "detection has no `search`");
    if (!have_id) y_.report(root, Severity::Warning, "detection has no `id`");
    if (!have_type) y_.report(root, Severity::Warning, "detection has no `type`");
  }

 private:
  FastYamlFields& y_;
  Detection& d_;
  std::vector<std::pair<std::string, yaml::Node>> top_level_alias_;

  void text(const yaml::Node& v, std::string_view key, std::string& out) {
    if (auto s = y_.string(v, key)) out = std::move(*s);
  }

  bool required_string(const FastYamlFields::Entry& e, std::string& out) {
    auto s = y_.string(e.value, e.key, Severity::Error);
    if (!s) return false;
    if (s->find_first_not_of(" \t\r\n") == std::string::npos) {
      // An empty value has no node of its own worth pointing at; use the key.
      y_.report(e.value.IsNull() ? e.key_node : e.value, Severity::Error,
                "field `" + e.key + "` is empty");
      return false;
    }
    out = std::move(*s);
    return true;
  }

  void map_search(const FastYamlFields::Entry& e) {
    size_t off = y_.offset_of(e.value);
    ScalarPositions pos = map_scalar_positions(y_.file().text(), off, d_.search, y_.column_of(e.key_node));
    d_.search_origin = std::move(pos.map);
    d_.search_origin_exact = pos.exact;
  }

  void read_tags(const yaml::Node& tags) {
    DetectionTags& t = d_.tags;
    for (const auto& e : y_.entries(tags, "`tags`")) {
      const std::string& k = e.key;
      const yaml::Node& v = e.value;
      if (k == "analytic_story") t.analytic_story = y_.string_list(v, k);
      else if (k == "asset_type") text(v, k, t.asset_type);
      else if (k == "confidence") t.confidence = y_.number(v, k);
      else if (k == "impact") t.impact = y_.number(v, k);
      else if (k == "message") text(v, k, t.message);
      else if (k == "mitre_attack_id") t.mitre_attack_id = y_.string_list(v, k);
      else if (k == "observable") read_observables(v);
      else if (k == "product") t.product = y_.string_list(v, k);
      else if (k == "required_fields") t.required_fields = y_.string_list(v, k);
      else if (k == "risk_score") t.risk_score = y_.number(v, k);
      else if (k == "security_domain") text(v, k, t.security_domain);
      else if (k == "cve") t.cve = y_.string_list(v, k);
      else t.other[k] = FastYamlFields::yaml_text(v);
    }
  }

  void read_observables(const yaml::Node& v) {
    if (!y_.expect_sequence(v, "observable")) return;
    for (const yaml::Node& item : v) {
      if (!y_.expect_mapping(item, "observable item")) continue;
      Observable o;
      for (const auto& e : y_.entries(item, "an observable")) {
        if (e.key == "name") text(e.value, "observable name", o.name);
        else if (e.key == "type") text(e.value, "observable type", o.type);
        else if (e.key == "role") o.role = y_.string_list(e.value, "observable role");
      }
      d_.tags.observable.push_back(std::move(o));
    }
  }

  // lint_ignore: [{lint: unknown-field, reason: "..."}]. An entry without
  // both keys is a warning and ignores nothing.
  void read_lint_ignore(const yaml::Node& v) {
    if (!y_.expect_sequence(v, "lint_ignore")) return;
    for (const yaml::Node& item : v) {
      if (!y_.expect_mapping(item, "lint_ignore item")) continue;
      LintIgnore li;
      li.line = item.Mark().line + 1;
      for (const auto& e : y_.entries(item, "a lint_ignore item")) {
        if (e.key == "lint") text(e.value, "lint", li.lint);
        else if (e.key == "reason") text(e.value, "reason", li.reason);
        else y_.report(e.key_node, Severity::Warning, "unknown lint_ignore key '" + e.key + "'");
      }
      if (li.lint.empty() || li.reason.empty()) {
        y_.report(item, Severity::Warning, "a lint_ignore item needs `lint` and `reason`; it is ignored");
        continue;
      }
      d_.lint_ignore.push_back(std::move(li));
    }
  }

  void read_tests(const yaml::Node& v) {
    if (!y_.expect_sequence(v, "tests")) return;
    for (const yaml::Node& item : v) {
      if (!y_.expect_mapping(item, "test")) continue;
      DetectionTest t;
      for (const auto& e : y_.entries(item, "a test")) {
        if (e.key == "name") text(e.value, "test name", t.name);
        else if (e.key == "attack_data") read_attack_data(e.value, t);
        else t.other[e.key] = FastYamlFields::yaml_text(e.value);
      }
      d_.tests.push_back(std::move(t));
    }
  }

  void read_attack_data(const yaml::Node& v, DetectionTest& t) {
    if (!y_.expect_sequence(v, "attack_data")) return;
    for (const yaml::Node& item : v) {
      if (!y_.expect_mapping(item, "attack_data item")) continue;
      AttackData a;
      for (const auto& e : y_.entries(item, "attack_data")) {
        if (e.key == "data") text(e.value, "data", a.data);
        else if (e.key == "source") text(e.value, "source", a.source);
        else if (e.key == "sourcetype") text(e.value, "sourcetype", a.sourcetype);
        else a.other[e.key] = FastYamlFields::yaml_text(e.value);
      }
      t.attack_data.push_back(std::move(a));
    }
  }

  void read_drilldowns(const yaml::Node& v) {
    if (!y_.expect_sequence(v, "drilldown_searches")) return;
    for (const yaml::Node& item : v) {
      if (!y_.expect_mapping(item, "drilldown search")) continue;
      DrilldownSearch s;
      for (const auto& e : y_.entries(item, "a drilldown search")) {
        if (e.key == "name") text(e.value, "name", s.name);
        else if (e.key == "search") text(e.value, "search", s.search);
        else if (e.key == "earliest_offset") text(e.value, "earliest_offset", s.earliest_offset);
        else if (e.key == "latest_offset") text(e.value, "latest_offset", s.latest_offset);
        else s.other[e.key] = FastYamlFields::yaml_text(e.value);
      }
      d_.drilldown_searches.push_back(std::move(s));
    }
  }

  void read_rba(const yaml::Node& v) {
    RbaBlock r;
    for (const auto& e : y_.entries(v, "`rba`")) {
      if (e.key == "message") {
        text(e.value, "message", r.message);
      } else if (e.key == "risk_objects") {
        if (!y_.expect_sequence(e.value, "risk_objects")) continue;
        for (const yaml::Node& item : e.value) {
          if (!y_.expect_mapping(item, "risk object")) continue;
          RiskObject o;
          for (const auto& f : y_.entries(item, "a risk object")) {
            if (f.key == "field") text(f.value, "field", o.field);
            else if (f.key == "type") text(f.value, "type", o.type);
            else if (f.key == "score") o.score = y_.number(f.value, "score");
          }
          r.risk_objects.push_back(std::move(o));
        }
      } else if (e.key == "threat_objects") {
        if (!y_.expect_sequence(e.value, "threat_objects")) continue;
        for (const yaml::Node& item : e.value) {
          if (!y_.expect_mapping(item, "threat object")) continue;
          ThreatObject o;
          for (const auto& f : y_.entries(item, "a threat object")) {
            if (f.key == "field") text(f.value, "field", o.field);
            else if (f.key == "type") text(f.value, "type", o.type);
          }
          r.threat_objects.push_back(std::move(o));
        }
      } else {
        r.other[e.key] = FastYamlFields::yaml_text(e.value);
      }
    }
    d_.rba = std::move(r);
  }
};

}  // namespace

DetectionLoad parse_detection(std::string_view yaml_text, const std::string& file_name) {
  DetectionLoad out;
  auto file = std::make_shared<const SourceFile>(file_name, std::string(yaml_text));
  FastYamlFields y(*file, out.diagnostics);
  std::optional<yaml::Node> root = y.load_mapping("detection");
  if (!root) return out;
  Detection d;
  d.file = file_name;
  d.source = file;
  try {
    DetectionReader(y, d).read(*root);
  } catch (const std::exception& e) {  // yaml-cpp accessors; should not happen
    y.report_at(0, Severity::Error, std::string("cannot read detection: ") + e.what());
  }
  if (!has_errors(out.diagnostics)) out.detection = std::move(d);
  return out;
}

DetectionLoad load_detection_file(const std::string& path) {
  std::string error;
  std::optional<std::string> text = read_text_file(path, error);
  if (!text) {
    DetectionLoad out;
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = path;
    d.message = error;
    out.diagnostics.push_back(std::move(d));
    return out;
  }
  return parse_detection(*text, path);
}

}  // namespace rulejit
