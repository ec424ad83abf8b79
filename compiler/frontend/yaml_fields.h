// Typed, diagnosed access to YAML mapping fields, shared by the detection,
// macro and lookup loaders and by other YAML readers (e.g. pack field maps).
// Two trees: YamlFields reads yaml-cpp nodes; FastYamlFields reads libyaml
// nodes (yaml_tree.h: several times faster; detections, which big packs have
// hundreds of). The same reader code and diagnostics serve both.
//
// Contract: nothing here throws. Every shape problem becomes a Diagnostic
// (stage Yaml) positioned at the offending node of `file`. Only the first
// YAML document of a file is read.
//
// Pitfall: `node_a = node_b` on a YAML::Node that already refers to a node
// writes through it (it changes the tree), it does not rebind. Keep offsets
// (offset_of) or copy-construct Nodes instead of assigning them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/yaml_tree.h"
#include "compiler/frontend/source_file.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

template <class NodeT>
class BasicYamlFields {
 public:
  using Node = NodeT;
  BasicYamlFields(const SourceFile& file, std::vector<Diagnostic>& diags) : file_(file), diags_(diags) {}

  // Parses the text of `file`; returns its root if it is a mapping, otherwise
  // reports an error ("`what` file must be a YAML mapping") and returns nullopt.
  std::optional<Node> load_mapping(std::string_view what);

  // File offset and 0-based column of a node (its mark).
  size_t offset_of(const Node& node) const;
  int column_of(const Node& node) const;

  void report(const Node& at, Severity severity, std::string message);
  void report_at(size_t offset, Severity severity, std::string message);

  struct Entry {
    std::string key;
    Node key_node;
    Node value;
  };
  // The entries of a mapping in file order. Non-string keys and repeated keys
  // get a warning and are skipped (the first occurrence wins).
  std::vector<Entry> entries(const Node& map, std::string_view context);

  // A string field: a scalar (null gives ""). A list or mapping is reported
  // with `severity` and gives nullopt.
  std::optional<std::string> string(const Node& value, std::string_view key,
                                    Severity severity = Severity::Warning);
  // A list of strings. A lone scalar is accepted as a one-element list (with a
  // warning); other shapes give a warning and an empty list.
  std::vector<std::string> string_list(const Node& value, std::string_view key);
  NumberField number(const Node& value, std::string_view key);
  // True when `value` is a sequence (null counts as an empty one); otherwise a warning.
  bool expect_sequence(const Node& value, std::string_view key);
  bool expect_mapping(const Node& value, std::string_view key);

  // The YAML text of a node: a scalar's value, "" for null, else YAML text
  // (yaml-cpp: emitted again; libyaml tree: as written in the file).
  static std::string yaml_text(const Node& node);

  const SourceFile& file() const { return file_; }

 private:
  const SourceFile& file_;
  std::vector<Diagnostic>& diags_;
};

using YamlFields = BasicYamlFields<YAML::Node>;
using FastYamlFields = BasicYamlFields<yaml::Node>;

const char* yaml_kind(const YAML::Node& node);  // "a string", "a list", ...
const char* yaml_kind(const yaml::Node& node);

}  // namespace rulejit
