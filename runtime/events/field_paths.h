// FieldPathSet: the compiled set of Splunk field names a rule pack demands
// from JSON events, each with a dense slot id, organised as a trie so the
// extractor walks each event once and descends only where a name leads.
//
// Splunk's JSON naming (spl-semantics.md §0): nested object keys are joined
// with '.', an array step is written "{}" (`a{}` = the scalar elements of a,
// `a{}.b` = member b of each object element). Keys are not escaped, so a key
// may itself contain dots: `pod.pod_labels.app.kubernetes.io/name` names
// {"pod":{"pod_labels":{"app.kubernetes.io/name":...}}} as well as the fully
// nested spelling; both match (values of both, in document order).
//
// Contract:
//  - add(name) returns the value slot for `name` (the same id when added
//    again), or -1 when the name is not a valid path: empty, starting with
//    "{}", or with "{}" followed by something other than '.', "{}" or the end.
//  - add_presence(path) returns a separate slot that is set when the path
//    exists in the event with a non-null value of any type (object, array or
//    scalar). Used to route events by top-level key ("process_exec").
//  - Value slots and presence slots share one dense id space [0, size()).
//  - set_all_fields(true) additionally asks the extractor to flatten every
//    leaf of the event (for wildcard field names and spath on _raw).
//  - Trie internals (Node, child lookup) are public for the extractor; they
//    are not a stable API.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::rt {

class FieldPathSet {
 public:
  int add(std::string_view splunk_name);
  int add_presence(std::string_view path);
  // Value slot of a name already added, or -1.
  int find(std::string_view splunk_name) const;

  void set_all_fields(bool on) { all_fields_ = on; }
  bool all_fields() const { return all_fields_; }

  size_t size() const { return slots_.size(); }
  std::string_view name(int slot) const { return slots_[static_cast<size_t>(slot)].name; }
  bool is_presence(int slot) const { return slots_[static_cast<size_t>(slot)].presence; }
  // True when the name has a "{}" step (it is multivalued by nature).
  bool under_array(int slot) const { return slots_[static_cast<size_t>(slot)].under_array; }

  // ---- trie, for the extractor ----
  struct Child {
    std::string segment;  // text between dots (may be empty)
    int32_t node;
  };
  struct Node {
    int32_t value_slot = -1;     // name ends here: scalar values go to this slot
    int32_t presence_slot = -1;  // presence path ends here
    int32_t array_child = -1;    // the "{}" step
    uint64_t length_mask = 0;    // bit (len % 64) set for each child segment length
    std::vector<Child> children; // '.' steps
    std::vector<int32_t> below;  // value slots of names through this node (itself included)
    uint64_t first_bytes[4] = {};  // bit per first byte of a non-empty child segment
    bool empty_child = false;      // a child segment is empty ("a..b")
    // Whether a child segment may start with byte c (an empty one matches any).
    bool may_start(char c) const {
      const auto u = static_cast<unsigned char>(c);
      return empty_child || (first_bytes[u >> 6] >> (u & 63) & 1);
    }
  };
  static constexpr int32_t kRoot = 0;

  FieldPathSet();
  const Node& node(int32_t id) const { return nodes_[static_cast<size_t>(id)]; }
  // Child reached from `node` by the '.'-separated segment `seg`, or -1.
  int32_t child(int32_t node, std::string_view seg) const {
    const Node& n = nodes_[static_cast<size_t>(node)];
    if (!(n.length_mask >> (seg.size() & 63) & 1)) return -1;
    // Most candidates differ in their first byte: test that before memcmp.
    for (const Child& c : n.children) {
      if (c.segment.size() != seg.size()) continue;
      if (seg.empty()) return c.node;
      if (c.segment[0] == seg[0] && std::memcmp(c.segment.data() + 1, seg.data() + 1, seg.size() - 1) == 0)
        return c.node;
    }
    return -1;
  }
  // Node reached from `node` by a JSON key, which may span several dotted
  // segments ("app.kubernetes.io/name"); -1 when no demanded name continues.
  int32_t descend_key(int32_t node, std::string_view key) const;
  // True when a value slot at or below `node` already has a value in `count`
  // (a callable slot -> number of values). After an early stop, a key that
  // leads to such a node is a repeat that could add values (a multivalue).
  template <typename Count>
  bool has_values_below(int32_t node, Count count) const {
    for (int32_t s : nodes_[static_cast<size_t>(node)].below)
      if (count(s) > 0) return true;
    return false;
  }

 private:
  struct Slot {
    std::string name;
    bool presence = false;
    bool under_array = false;
  };
  // Node for `name`, created as needed; -1 when the name is invalid.
  int32_t walk(std::string_view name, bool* under_array);

  std::vector<Node> nodes_;
  std::vector<Slot> slots_;
  bool all_fields_ = false;
};

}  // namespace rulejit::rt
