#include "compiler/frontend/yaml_fields.h"

#include <charconv>
#include <set>
#include <type_traits>

namespace rulejit {

const char* yaml_kind(const yaml::Node& node) {
  switch (node.Type()) {
    case yaml::NodeType::Null: return "empty";
    case yaml::NodeType::Scalar: return "a string";
    case yaml::NodeType::Sequence: return "a list";
    case yaml::NodeType::Map: return "a mapping";
    case yaml::NodeType::Undefined: return "undefined";
  }
  return "unknown";
}

const char* yaml_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "empty";
    case YAML::NodeType::Scalar: return "a string";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Undefined: return "undefined";
  }
  return "unknown";
}

namespace {

// True if some line holds more than a comment or a document marker.
bool has_content(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos && line[b] != '#' && line.substr(b, 3) != "---" &&
        line.substr(b, 3) != "...")
      return true;
    pos = eol + 1;
  }
  return false;
}

// Offset of a line that starts a second YAML document ("---" or "..." at
// column 0 after some content), or npos. A document marker cannot sit inside
// a block scalar (its lines are indented) or a quoted one (YAML forbids it).
size_t second_document(std::string_view text) {
  bool content = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool marker = (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") &&
                        (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
    if (marker && content) {
      // "..." only ends the document; it is a second one when more follows.
      if (line.substr(0, 3) == "---" || has_content(text.substr(eol < text.size() ? eol + 1 : eol)))
        return pos;
    }
    const size_t b = line.find_first_not_of(" \t");
    if (!marker && b != std::string_view::npos && line[b] != '#') content = true;
    pos = eol + 1;
  }
  return std::string_view::npos;
}

}  // namespace

template <class NodeT>
std::optional<NodeT> BasicYamlFields<NodeT>::load_mapping(std::string_view what) {
  NodeT root;
  if constexpr (std::is_same_v<NodeT, yaml::Node>) {
    yaml::ParseResult parsed = yaml::parse_yaml(file_.text());
    if (!parsed.root) {
      Diagnostic d;
      d.stage = Stage::Yaml;
      d.message = "YAML syntax error: " + parsed.error;
      if (parsed.error_mark.is_null()) d.file = file_.path();
      else file_.set_position(d, yaml_mark_to_offset(file_.text(), parsed.error_mark.pos));
      diags_.push_back(std::move(d));
      return std::nullopt;
    }
    root = *parsed.root;
  } else {
    // Only the first document is read: yaml-cpp 0.7's LoadAll loops forever on
    // some malformed input (e.g. a leading ','), found by fuzzing.
    try {
      root = YAML::Load(file_.text());
    } catch (const YAML::Exception& e) {
      // yaml-cpp marks are 0-based and do not count a byte order mark.
      Diagnostic d;
      d.stage = Stage::Yaml;
      d.message = "YAML syntax error: " + (e.msg.empty() ? std::string(e.what()) : e.msg);
      if (e.mark.is_null() || e.mark.pos < 0) d.file = file_.path();
      else file_.set_position(d, yaml_mark_to_offset(file_.text(), e.mark.pos));
      diags_.push_back(std::move(d));
      return std::nullopt;
    } catch (const std::exception& e) {
      Diagnostic d;
      d.stage = Stage::Yaml;
      d.file = file_.path();
      d.message = std::string("cannot parse YAML: ") + e.what();
      diags_.push_back(std::move(d));
      return std::nullopt;
    }
  }
  if (root.IsNull()) {
    report_at(0, Severity::Error,
              std::string(what) + (has_content(file_.text()) ? " file has no readable YAML document"
                                                             : " file is empty"));
    return std::nullopt;
  }
  if (!root.IsMap()) {
    report(root, Severity::Error,
           std::string(what) + " file must be a YAML mapping, found " + yaml_kind(root));
    return std::nullopt;
  }
  if (const size_t at = second_document(file_.text()); at != std::string_view::npos) {
    report_at(at, Severity::Error,
              "a second YAML document starts here; a " + std::string(what) +
                  " file holds one document (its other documents would be ignored)");
    return std::nullopt;
  }
  return root;
}

template <class NodeT>
size_t BasicYamlFields<NodeT>::offset_of(const NodeT& node) const {
  const auto m = node.Mark();
  if (m.is_null() || m.pos < 0) return 0;
  return yaml_mark_to_offset(file_.text(), m.pos);
}

template <class NodeT>
int BasicYamlFields<NodeT>::column_of(const NodeT& node) const {
  return file_.locate(offset_of(node)).col - 1;
}

template <class NodeT>
void BasicYamlFields<NodeT>::report_at(size_t offset, Severity severity, std::string message) {
  diags_.push_back(file_.diagnostic_at(offset, Stage::Yaml, severity, std::move(message)));
}

template <class NodeT>
void BasicYamlFields<NodeT>::report(const NodeT& at, Severity severity, std::string message) {
  report_at(offset_of(at), severity, std::move(message));
}

template <class NodeT>
std::vector<typename BasicYamlFields<NodeT>::Entry> BasicYamlFields<NodeT>::entries(const NodeT& map, std::string_view context) {
  std::vector<Entry> out;
  if (!map.IsMap()) return out;
  std::set<std::string, std::less<>> seen;
  for (const auto& kv : map) {  // iterator_value is a temporary: copy the nodes out
    NodeT k = kv.first;
    if (!k.IsScalar()) {
      report(k, Severity::Warning,
             std::string("ignoring a key that is ") + yaml_kind(k) + " in " + std::string(context));
      continue;
    }
    if (!seen.insert(k.Scalar()).second) {
      report(k, Severity::Warning,
             "duplicate key `" + k.Scalar() + "` in " + std::string(context) + "; the first one is used");
      continue;
    }
    out.push_back({k.Scalar(), k, kv.second});
  }
  return out;
}

template <class NodeT>
std::optional<std::string> BasicYamlFields<NodeT>::string(const NodeT& value, std::string_view key,
                                              Severity severity) {
  if (value.IsNull()) return std::string();
  if (value.IsScalar()) return value.Scalar();
  report(value, severity,
         "field `" + std::string(key) + "` must be a string, found " + yaml_kind(value));
  return std::nullopt;
}

template <class NodeT>
std::vector<std::string> BasicYamlFields<NodeT>::string_list(const NodeT& value, std::string_view key) {
  std::vector<std::string> out;
  if (value.IsNull()) return out;
  if (value.IsScalar()) {
    report(value, Severity::Warning,
           "field `" + std::string(key) + "` should be a list; using the string as a one-element list");
    out.push_back(value.Scalar());
    return out;
  }
  if (!value.IsSequence()) {
    report(value, Severity::Warning,
           "field `" + std::string(key) + "` must be a list of strings, found " + yaml_kind(value));
    return out;
  }
  for (const NodeT& item : value) {
    if (item.IsScalar()) out.push_back(item.Scalar());
    else if (!item.IsNull())
      report(item, Severity::Warning,
             "items of `" + std::string(key) + "` must be strings, found " + yaml_kind(item));
  }
  return out;
}

template <class NodeT>
NumberField BasicYamlFields<NodeT>::number(const NodeT& value, std::string_view key) {
  NumberField n;
  auto s = string(value, key);
  if (!s) return n;
  n.text = *s;
  int64_t v = 0;
  const char* b = n.text.data();
  const char* e = b + n.text.size();
  if (b != e && *b == '+') ++b;  // YAML allows a leading '+'
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec == std::errc() && p == e && b != e) n.value = v;
  return n;
}

template <class NodeT>
bool BasicYamlFields<NodeT>::expect_sequence(const NodeT& value, std::string_view key) {
  if (value.IsNull() || value.IsSequence()) return true;
  report(value, Severity::Warning,
         "field `" + std::string(key) + "` must be a list, found " + yaml_kind(value));
  return false;
}

template <class NodeT>
bool BasicYamlFields<NodeT>::expect_mapping(const NodeT& value, std::string_view key) {
  if (value.IsMap()) return true;
  report(value, Severity::Warning,
         "`" + std::string(key) + "` must be a mapping, found " + yaml_kind(value));
  return false;
}

template <class NodeT>
std::string BasicYamlFields<NodeT>::yaml_text(const NodeT& node) {
  if (node.IsNull()) return {};
  if (node.IsScalar()) return node.Scalar();
  if constexpr (std::is_same_v<NodeT, yaml::Node>) {
    std::string_view t = node.source_text();
    while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t'))
      t.remove_suffix(1);
    return std::string(t);
  } else {
    try {
      return YAML::Dump(node);
    } catch (const std::exception&) {
      return {};
    }
  }
}

template class BasicYamlFields<YAML::Node>;
template class BasicYamlFields<yaml::Node>;

}  // namespace rulejit
