#include "compiler/frontend/yaml_tree.h"

#include <yaml.h>

#include <map>

namespace rulejit::yaml {

struct Document {
  struct Data {
    NodeType type = NodeType::Null;
    std::string scalar;
    Mark mark;
    uint32_t first = 0;  // children: Document::children[first, first + count)
    uint32_t count = 0;  // (a map: key, value, key, value, ...)
    size_t begin = 0, end = 0;  // source bytes [begin, end) of the whole node
  };
  std::string source;
  std::vector<Data> nodes;
  std::vector<uint32_t> children;
};

namespace {

const std::string kEmpty;

// libyaml marks count characters; yaml-cpp's (and ours) count bytes after a
// byte order mark. Identity for ASCII text.
class CharToByte {
 public:
  explicit CharToByte(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
      bom_ = 3;
      text.remove_prefix(3);
    }
    bool ascii = true;
    for (unsigned char c : text)
      if (c >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) return;
    for (size_t i = 0; i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts_.push_back(static_cast<uint32_t>(i));
    starts_.push_back(static_cast<uint32_t>(text.size()));
  }
  size_t bytes(size_t chars) const {
    if (starts_.empty()) return chars;
    return chars < starts_.size() ? starts_[chars] : starts_.back();
  }
  size_t bom() const { return bom_; }

 private:
  std::vector<uint32_t> starts_;
  size_t bom_ = 0;
};

bool is_null_plain(const yaml_event_t& ev) {
  if (ev.data.scalar.tag || ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  std::string_view v(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

class Builder {
 public:
  Builder(Document& doc, const CharToByte& pos) : doc_(doc), pos_(pos) {}

  Mark mark(const yaml_mark_t& m) const {
    return Mark{static_cast<int>(pos_.bytes(m.index)), static_cast<int>(m.line), static_cast<int>(m.column)};
  }
  size_t offset(const yaml_mark_t& m) const { return pos_.bom() + pos_.bytes(m.index); }

  uint32_t add(NodeType t, const yaml_event_t& ev) {
    Document::Data d;
    d.type = t;
    d.mark = mark(ev.start_mark);
    d.begin = offset(ev.start_mark);
    d.end = offset(ev.end_mark);
    doc_.nodes.push_back(std::move(d));
    return static_cast<uint32_t>(doc_.nodes.size() - 1);
  }

  void anchor(const yaml_char_t* name, uint32_t node) {
    if (name) anchors_[reinterpret_cast<const char*>(name)] = node;
  }

  // Adds `node` to the open collection (or makes it the root).
  void attach(uint32_t node) {
    if (open_.empty()) root_ = node;
    else open_.back().items.push_back(node);
  }

  bool event(const yaml_event_t& ev) {
    switch (ev.type) {
      case YAML_SCALAR_EVENT: {
        const uint32_t n = add(is_null_plain(ev) ? NodeType::Null : NodeType::Scalar, ev);
        doc_.nodes[n].scalar.assign(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
        anchor(ev.data.scalar.anchor, n);
        attach(n);
        return true;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool map = ev.type == YAML_MAPPING_START_EVENT;
        const uint32_t n = add(map ? NodeType::Map : NodeType::Sequence, ev);
        anchor(map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor, n);
        attach(n);
        open_.push_back({n, {}});
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Open o = std::move(open_.back());
        open_.pop_back();
        Document::Data& d = doc_.nodes[o.node];
        d.first = static_cast<uint32_t>(doc_.children.size());
        d.count = static_cast<uint32_t>(o.items.size());
        d.end = offset(ev.end_mark);
        doc_.children.insert(doc_.children.end(), o.items.begin(), o.items.end());
        return true;
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(reinterpret_cast<const char*>(ev.data.alias.anchor));
        if (it == anchors_.end()) return false;  // libyaml does not check this
        attach(it->second);
        return true;
      }
      default: return true;
    }
  }

  std::optional<uint32_t> root() const { return root_; }

 private:
  struct Open {
    uint32_t node;
    std::vector<uint32_t> items;
  };
  Document& doc_;
  const CharToByte& pos_;
  std::vector<Open> open_;
  std::map<std::string, uint32_t> anchors_;
  std::optional<uint32_t> root_;
};

}  // namespace

ParseResult parse_yaml(std::string_view text) {
  ParseResult out;
  auto doc = std::make_shared<Document>();
  doc->source.assign(text);
  CharToByte pos(text);
  Builder b(*doc, pos);
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    out.error = "cannot start the YAML parser";
    return out;
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(doc->source.data()),
                               doc->source.size());
  bool ok = true, done = false;
  while (!done) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      ok = false;
      break;
    }
    // Only the first document is read (as YAML::Load does).
    done = ev.type == YAML_STREAM_END_EVENT || ev.type == YAML_DOCUMENT_END_EVENT;
    if (!b.event(ev)) {
      out.error = "unknown alias *" + std::string(reinterpret_cast<const char*>(ev.data.alias.anchor));
      out.error_mark = b.mark(ev.start_mark);
      yaml_event_delete(&ev);
      yaml_parser_delete(&parser);
      return out;
    }
    yaml_event_delete(&ev);
  }
  if (!ok) {
    out.error = parser.problem ? parser.problem : "invalid YAML";
    if (parser.context) out.error = std::string(parser.context) + ": " + out.error;
    out.error_mark = b.mark(parser.problem_mark);
    yaml_parser_delete(&parser);
    return out;
  }
  yaml_parser_delete(&parser);
  std::optional<uint32_t> root = b.root();
  if (!root) {  // no document: a Null root, as yaml-cpp gives
    Document::Data d;
    doc->nodes.push_back(d);
    root = static_cast<uint32_t>(doc->nodes.size() - 1);
  }
  out.root = Node(std::move(doc), *root);
  return out;
}

NodeType Node::Type() const { return doc_ ? doc_->nodes[index_].type : NodeType::Undefined; }

const std::string& Node::Scalar() const {
  return doc_ && doc_->nodes[index_].type == NodeType::Scalar ? doc_->nodes[index_].scalar : kEmpty;
}

yaml::Mark Node::Mark() const { return doc_ ? doc_->nodes[index_].mark : yaml::Mark{}; }

size_t Node::size() const {
  if (!doc_) return 0;
  const auto& d = doc_->nodes[index_];
  return d.type == NodeType::Map ? d.count / 2 : d.count;
}

std::string_view Node::source_text() const {
  if (!doc_) return {};
  const auto& d = doc_->nodes[index_];
  std::string_view all(doc_->source);
  if (d.begin >= all.size() || d.end <= d.begin) return {};
  return all.substr(d.begin, std::min(d.end, all.size()) - d.begin);
}

NodeIterator Node::begin() const { return NodeIterator(*this, 0); }

NodeIterator Node::end() const {
  const bool coll = doc_ && (IsMap() || IsSequence());
  return NodeIterator(*this, coll ? doc_->nodes[index_].count : 0);
}

IteratorValue NodeIterator::operator*() const {
  IteratorValue v;
  const auto& doc = parent_.doc_;
  const auto& d = doc->nodes[parent_.index_];
  if (parent_.IsMap()) {
    v.first = Node(doc, doc->children[d.first + at_]);
    v.second = Node(doc, doc->children[d.first + at_ + 1]);
  } else {
    static_cast<Node&>(v) = Node(doc, doc->children[d.first + at_]);
  }
  return v;
}

}  // namespace rulejit::yaml
