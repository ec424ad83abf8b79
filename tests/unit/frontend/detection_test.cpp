// Detection YAML loading: schema fields and diagnostics with exact positions.
#include "compiler/frontend/detection.h"

#include <gtest/gtest.h>

#include <string>

namespace rulejit {
namespace {

const std::string kData = std::string(RULEJIT_SOURCE_DIR) + "/tests/data/frontend";

TEST(Detection, FullSchemaFile) {
  std::string path = kData + "/detections/full_schema.yml";
  DetectionLoad l = load_detection_file(path);
  for (const auto& d : l.diagnostics) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(l.detection);
  const Detection& d = *l.detection;
  EXPECT_EQ(d.file, path);
  EXPECT_EQ(d.name, "Suspicious Cmd Child Of Office");
  EXPECT_EQ(d.id, "0b1c2d3e-0000-4000-8000-000000000001");
  EXPECT_EQ(d.version.text, "3");
  EXPECT_EQ(d.version.value, 3);
  EXPECT_EQ(d.date, "2024-10-17");
  EXPECT_EQ(d.author, "Test Author, Example");
  EXPECT_EQ(d.status, "production");
  EXPECT_EQ(d.type, "TTP");
  EXPECT_EQ(d.description, "Finds cmd.exe started by an Office application.");
  EXPECT_EQ(d.data_source, std::vector<std::string>{"Sysmon EventID 1"});
  EXPECT_EQ(d.search.substr(0, 50), "| tstats `security_content_summariesonly` count mi");
  EXPECT_NE(d.search.find("Processes.dest Processes.user | `drop_dm_object_name(Processes)` | "),
            std::string::npos);
  EXPECT_TRUE(d.search_origin_exact);
  EXPECT_EQ(d.how_to_implement, "Ingest process events.");
  EXPECT_EQ(d.known_false_positives, "Macros that call cmd.exe.");
  EXPECT_EQ(d.references.size(), 2u);

  ASSERT_EQ(d.drilldown_searches.size(), 1u);
  EXPECT_EQ(d.drilldown_searches[0].search, "%original_detection_search% | search dest = $dest$");
  EXPECT_EQ(d.drilldown_searches[0].earliest_offset, "$info_min_time$");

  const DetectionTags& t = d.tags;
  EXPECT_EQ(t.analytic_story, std::vector<std::string>{"Office Abuse"});
  EXPECT_EQ(t.asset_type, "Endpoint");
  EXPECT_EQ(t.confidence.value, 80);
  EXPECT_EQ(t.impact.value, 70);
  EXPECT_EQ(t.risk_score.value, 56);
  EXPECT_EQ(t.message, "cmd.exe started by Office on $dest$");
  EXPECT_EQ(t.mitre_attack_id, std::vector<std::string>{"T1059.003"});
  ASSERT_EQ(t.observable.size(), 2u);
  EXPECT_EQ(t.observable[1].name, "user");
  EXPECT_EQ(t.observable[1].type, "User");
  EXPECT_EQ(t.observable[1].role, std::vector<std::string>{"Victim"});
  EXPECT_EQ(t.product, std::vector<std::string>{"Splunk Enterprise"});
  EXPECT_EQ(t.required_fields.size(), 2u);
  EXPECT_EQ(t.security_domain, "endpoint");
  EXPECT_EQ(t.cve, std::vector<std::string>{"CVE-2024-0001"});
  ASSERT_EQ(t.other.count("manual_test"), 1u);
  EXPECT_EQ(t.other.at("manual_test"), "Needs a baseline.");
  ASSERT_EQ(t.other.count("atomic_guid"), 1u);
  EXPECT_NE(t.other.at("atomic_guid").find("aaaa-bbbb"), std::string::npos);

  ASSERT_EQ(d.tests.size(), 1u);
  EXPECT_EQ(d.tests[0].name, "True Positive Test");
  ASSERT_EQ(d.tests[0].attack_data.size(), 1u);
  EXPECT_EQ(d.tests[0].attack_data[0].sourcetype, "XmlWinEventLog");
  EXPECT_EQ(d.tests[0].attack_data[0].other.at("custom_index"), "main");
  // Unknown top-level keys are kept as YAML text.
  ASSERT_EQ(d.other.count("deprecation_info"), 1u);
  EXPECT_EQ(d.other.at("deprecation_info"), "reason: none");
  EXPECT_FALSE(d.rba);
}

TEST(Detection, NewerSchemaTopLevelKeysAndRba) {
  DetectionLoad l = load_detection_file(kData + "/detections/newer_schema.yml");
  for (const auto& d : l.diagnostics) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(l.detection);
  const Detection& d = *l.detection;
  EXPECT_EQ(d.search, "`sysmon` EventCode=1\n| stats count by dest\n| `newer_schema_detection_filter`\n");
  EXPECT_TRUE(d.search_origin_exact);
  EXPECT_EQ(d.tags.analytic_story, std::vector<std::string>{"Story A"});
  EXPECT_EQ(d.tags.mitre_attack_id, std::vector<std::string>{"T1003"});
  EXPECT_EQ(d.tags.security_domain, "endpoint");
  ASSERT_TRUE(d.rba);
  EXPECT_EQ(d.rba->message, "Activity on $dest$");
  ASSERT_EQ(d.rba->risk_objects.size(), 1u);
  EXPECT_EQ(d.rba->risk_objects[0].score.value, 25);
  ASSERT_EQ(d.rba->threat_objects.size(), 1u);
  EXPECT_EQ(d.rba->threat_objects[0].field, "process_name");
  EXPECT_TRUE(d.data_source.empty());
}

TEST(Detection, SearchOriginPointsIntoTheFile) {
  std::string y = "name: n\nid: i\ntype: TTP\nsearch: 'a ''b''\n  c'\n";
  DetectionLoad l = parse_detection(y, "x.yml");
  ASSERT_TRUE(l.detection);
  const Detection& d = *l.detection;
  EXPECT_EQ(d.search, "a 'b' c");
  ASSERT_TRUE(d.search_origin_exact);
  EXPECT_EQ(d.search_origin.at(0), y.find("a ''"));
  EXPECT_EQ(d.search_origin.at(6), y.find("c'"));
  EXPECT_EQ(d.source->path(), "x.yml");
}

TEST(Detection, SyntaxErrorHasPosition) {
  DetectionLoad l = parse_detection("name: n\nsearch: [a, b\nid: 1\n", "bad.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  const Diagnostic& d = l.diagnostics[0];
  EXPECT_EQ(d.stage, Stage::Yaml);
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.file, "bad.yml");
  EXPECT_NE(d.message.find("YAML syntax error"), std::string::npos);
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.col, 3);
  EXPECT_EQ(d.source_line, "id: 1");
}

TEST(Detection, SyntaxErrorBadIndentation) {
  DetectionLoad l = parse_detection("name: n\nsearch: x\n  id: 1\n", "bad.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].line, 3);
  EXPECT_EQ(l.diagnostics[0].col, 5);
}

TEST(Detection, NotAMapping) {
  DetectionLoad l = parse_detection("- a\n- b\n", "list.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].message, "detection file must be a YAML mapping, found a list");
  EXPECT_EQ(l.diagnostics[0].line, 1);
  EXPECT_EQ(l.diagnostics[0].col, 1);

  DetectionLoad s = parse_detection("just a string\n", "s.yml");
  EXPECT_FALSE(s.detection);
  ASSERT_EQ(s.diagnostics.size(), 1u);
  EXPECT_EQ(s.diagnostics[0].message, "detection file must be a YAML mapping, found a string");
}

TEST(Detection, EmptyFile) {
  for (const char* text : {"", "# only a comment\n", "---\n"}) {
    DetectionLoad l = parse_detection(text, "e.yml");
    EXPECT_FALSE(l.detection);
    ASSERT_EQ(l.diagnostics.size(), 1u) << text;
    EXPECT_EQ(l.diagnostics[0].message, "detection file is empty");
  }
}

// yaml-cpp read this as no document at all; libyaml (the detection reader,
// yaml_tree.h) says what is wrong and where.
TEST(Detection, UnreadableDocument) {
  DetectionLoad l = parse_detection(",a: b\n", "u.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].message.rfind("YAML syntax error: ", 0), 0u) << l.diagnostics[0].message;
  EXPECT_EQ(l.diagnostics[0].line, 1);
  EXPECT_EQ(l.diagnostics[0].col, 1);
}

// A second document would be silently ignored: it is an error at its marker.
TEST(Detection, ASecondDocumentIsAnError) {
  DetectionLoad l = parse_detection("name: n\nid: i\ntype: t\nsearch: x\n---\nname: second\n", "d.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].line, 5);
  EXPECT_NE(l.diagnostics[0].message.find("a second YAML document"), std::string::npos);
  // Markers inside a block scalar are text, not documents.
  DetectionLoad ok = parse_detection("name: n\nid: i\ntype: t\nsearch: x\ndescription: |\n  ---\n  text\n", "d.yml");
  EXPECT_TRUE(ok.detection);
}

TEST(Detection, MissingRequiredFields) {
  DetectionLoad l = parse_detection("id: x\ntype: TTP\n", "m.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 2u);
  EXPECT_EQ(l.diagnostics[0].message, "detection has no `name`");
  EXPECT_EQ(l.diagnostics[1].message, "detection has no `search`");
  EXPECT_EQ(l.diagnostics[1].line, 1);
  EXPECT_EQ(l.diagnostics[1].col, 1);
}

TEST(Detection, MissingIdAndTypeAreWarnings) {
  DetectionLoad l = parse_detection("name: n\nsearch: index=x\n", "w.yml");
  ASSERT_TRUE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 2u);
  EXPECT_EQ(l.diagnostics[0].severity, Severity::Warning);
  EXPECT_EQ(l.diagnostics[0].message, "detection has no `id`");
  EXPECT_EQ(l.diagnostics[1].message, "detection has no `type`");
  EXPECT_FALSE(has_errors(l.diagnostics));
}

TEST(Detection, SearchMustBeAString) {
  DetectionLoad l = parse_detection("name: n\nid: i\ntype: TTP\nsearch:\n  - a\n  - b\n", "t.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  const Diagnostic& d = l.diagnostics[0];
  EXPECT_EQ(d.message, "field `search` must be a string, found a list");
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.col, 3);
  EXPECT_EQ(d.source_line, "  - a");
}

TEST(Detection, EmptySearchAndName) {
  DetectionLoad l = parse_detection("name: n\nid: i\ntype: TTP\nsearch:\n", "t.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].message, "field `search` is empty");
  EXPECT_EQ(l.diagnostics[0].line, 4);
  EXPECT_EQ(l.diagnostics[0].col, 1);

  DetectionLoad n = parse_detection("name: '  '\nid: i\ntype: TTP\nsearch: x\n", "t.yml");
  EXPECT_FALSE(n.detection);
  ASSERT_EQ(n.diagnostics.size(), 1u);
  EXPECT_EQ(n.diagnostics[0].message, "field `name` is empty");
  EXPECT_EQ(n.diagnostics[0].col, 7);
}

TEST(Detection, MistypedMetadataIsAWarning) {
  DetectionLoad l = parse_detection(
      "name: n\nid: i\ntype: TTP\nsearch: x\nreferences:\n  a: b\ndata_source: one\n"
      "tags:\n  mitre_attack_id: [T1, [nested]]\n  observable: oops\n",
      "t.yml");
  ASSERT_TRUE(l.detection);
  EXPECT_FALSE(has_errors(l.diagnostics));
  ASSERT_EQ(l.diagnostics.size(), 4u);
  EXPECT_EQ(l.diagnostics[0].message, "field `references` must be a list of strings, found a mapping");
  EXPECT_EQ(l.diagnostics[0].line, 6);
  EXPECT_EQ(l.diagnostics[0].col, 3);
  EXPECT_EQ(l.diagnostics[1].message,
            "field `data_source` should be a list; using the string as a one-element list");
  EXPECT_EQ(l.diagnostics[2].message, "items of `mitre_attack_id` must be strings, found a list");
  EXPECT_EQ(l.diagnostics[2].line, 9);
  EXPECT_EQ(l.diagnostics[2].col, 25);
  EXPECT_EQ(l.diagnostics[3].message, "field `observable` must be a list, found a string");
  EXPECT_TRUE(l.detection->references.empty());
  EXPECT_EQ(l.detection->data_source, std::vector<std::string>{"one"});
  EXPECT_EQ(l.detection->tags.mitre_attack_id, std::vector<std::string>{"T1"});
}

TEST(Detection, DuplicateKeyWarns) {
  DetectionLoad l = parse_detection("name: n\nid: i\ntype: TTP\nsearch: first\nsearch: second\n", "t.yml");
  ASSERT_TRUE(l.detection);
  EXPECT_EQ(l.detection->search, "first");
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].severity, Severity::Warning);
  EXPECT_EQ(l.diagnostics[0].line, 5);
  EXPECT_EQ(l.diagnostics[0].col, 1);
}

TEST(Detection, VersionKeepsNonNumericText) {
  DetectionLoad l = parse_detection("name: n\nid: i\ntype: TTP\nsearch: x\nversion: 1.2.3\n", "t.yml");
  ASSERT_TRUE(l.detection);
  EXPECT_EQ(l.detection->version.text, "1.2.3");
  EXPECT_FALSE(l.detection->version.value);
}

TEST(Detection, MissingFile) {
  DetectionLoad l = load_detection_file(kData + "/detections/does_not_exist.yml");
  EXPECT_FALSE(l.detection);
  ASSERT_EQ(l.diagnostics.size(), 1u);
  EXPECT_EQ(l.diagnostics[0].stage, Stage::Yaml);
  EXPECT_NE(l.diagnostics[0].message.find("cannot open file"), std::string::npos);
  EXPECT_EQ(l.diagnostics[0].file, kData + "/detections/does_not_exist.yml");

  DetectionLoad dir = load_detection_file(kData + "/detections");
  EXPECT_FALSE(dir.detection);
  ASSERT_EQ(dir.diagnostics.size(), 1u);
  EXPECT_NE(dir.diagnostics[0].message.find("directory"), std::string::npos);
}

TEST(Detection, HostileInputNeverThrows) {
  const std::string inputs[] = {
      std::string("\0\0\0", 3),
      "{{{{{{{{{{{{{{{{{{{{",
      std::string(5000, '[') ,
      "a: &x [*x]\n",
      "name: *undefined\n",
      "? [a, b]\n: c\nname: n\nsearch: s\n",
      "name: !!binary AAAA\nsearch: \"\\x\"\n",
      "search: \"unterminated\n",
      "\xff\xfe\x00n\x00a\x00m\x00e\x00",
      "name: n\nsearch: |\n\tbad tab\n",
      "name: n\nid: i\ntype: t\nsearch: x\n---\nname: second\n",
      // Found by fuzzing: yaml-cpp 0.7's LoadAll never returns on this.
      ",name: Plain\nse\xff" "arch\xba index=main sourment\n#  | `fan`\n",
  };
  for (const auto& in : inputs) {
    DetectionLoad l;
    EXPECT_NO_THROW(l = parse_detection(in, "h.yml"));
    for (const auto& d : l.diagnostics) EXPECT_FALSE(d.message.empty());
    if (!l.detection) {
      EXPECT_TRUE(has_errors(l.diagnostics)) << in;
    }
  }
}

}  // namespace
}  // namespace rulejit
