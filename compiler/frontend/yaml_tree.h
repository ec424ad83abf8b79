// A YAML document read with libyaml into a small immutable tree, for the
// files a big pack has hundreds of (detections): yaml-cpp 0.7 spent ~75% of
// the front end of a 500-rule pack in its scanner; libyaml reads the same
// files several times faster.
//
// Contract:
//  - parse_yaml() reads the first document of a text and never throws: a
//    syntax error is returned as a message and a mark instead of a tree.
//  - Node mirrors the part of YAML::Node the YAML readers use (Type,
//    IsNull/IsScalar/IsSequence/IsMap, Scalar, Mark, iteration), so
//    BasicYamlFields (yaml_fields.h) reads either kind of tree the same way.
//  - Same meaning as yaml-cpp: a plain untagged scalar "", "~", "null",
//    "Null" or "NULL" is Null; an alias is the node it names; repeated keys
//    are all kept, in file order (the reader decides which wins).
//  - Mark::pos is a byte offset in the text after a byte order mark, as
//    yaml-cpp counts it (libyaml counts characters; converted here), so
//    yaml_mark_to_offset() applies to both. line and column are 0-based.
//  - source_text() is a node's text as written in the file (for values kept
//    verbatim, e.g. a detection's unknown keys).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::yaml {

enum class NodeType { Undefined, Null, Scalar, Sequence, Map };

struct Mark {
  int pos = -1;
  int line = -1;
  int column = -1;
  bool is_null() const { return pos < 0; }
};

struct Document;
class NodeIterator;

class Node {
 public:
  Node() = default;
  Node(std::shared_ptr<const Document> doc, uint32_t index) : doc_(std::move(doc)), index_(index) {}

  NodeType Type() const;
  bool IsDefined() const { return Type() != NodeType::Undefined; }
  bool IsNull() const { return Type() == NodeType::Null; }
  bool IsScalar() const { return Type() == NodeType::Scalar; }
  bool IsSequence() const { return Type() == NodeType::Sequence; }
  bool IsMap() const { return Type() == NodeType::Map; }
  const std::string& Scalar() const;  // "" unless a scalar
  yaml::Mark Mark() const;
  size_t size() const;  // items of a sequence, entries of a map
  std::string_view source_text() const;

  NodeIterator begin() const;
  NodeIterator end() const;

 private:
  friend class NodeIterator;
  std::shared_ptr<const Document> doc_;
  uint32_t index_ = 0;
};

// What iteration yields: for a sequence the item itself; for a map `first`
// (the key) and `second` (the value), as yaml-cpp's iterator_value.
struct IteratorValue : Node {
  Node first;
  Node second;
};

class NodeIterator {
 public:
  NodeIterator(const Node& parent, size_t at) : parent_(parent), at_(at) {}
  IteratorValue operator*() const;
  NodeIterator& operator++() {
    at_ += parent_.IsMap() ? 2 : 1;
    return *this;
  }
  bool operator!=(const NodeIterator& o) const { return at_ != o.at_; }
  bool operator==(const NodeIterator& o) const { return at_ == o.at_; }

 private:
  Node parent_;
  size_t at_;
};

struct ParseResult {
  std::optional<Node> root;  // Null when the text holds no document
  std::string error;         // set when root is empty
  Mark error_mark;
};

ParseResult parse_yaml(std::string_view text);

}  // namespace rulejit::yaml
