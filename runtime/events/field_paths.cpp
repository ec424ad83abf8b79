#include "runtime/events/field_paths.h"

#include <cstring>

namespace rulejit::rt {
namespace {

struct Step {
  bool array;            // a "{}" step
  std::string_view seg;  // key segment when !array
};

// Splits a Splunk JSON field name into key segments and "{}" steps. A '{'
// that does not start "{}" is ordinary key text.
bool parse_steps(std::string_view name, std::vector<Step>& steps) {
  steps.clear();
  if (name.empty()) return false;
  size_t i = 0;
  const size_t n = name.size();
  for (;;) {
    // A key segment: up to '.', "{}" or the end.
    size_t j = i;
    while (j < n && name[j] != '.' && !(name[j] == '{' && j + 1 < n && name[j + 1] == '}')) ++j;
    if (j == i && j < n && name[j] == '{') return false;  // "{}" where a key must be
    steps.push_back({false, name.substr(i, j - i)});
    if (j == n) return true;
    if (name[j] == '.') {
      i = j + 1;
      continue;
    }
    // One or more "{}".
    while (j + 1 < n && name[j] == '{' && name[j + 1] == '}') {
      steps.push_back({true, {}});
      j += 2;
    }
    if (j == n) return true;
    if (name[j] != '.') return false;
    i = j + 1;
  }
}

}  // namespace

FieldPathSet::FieldPathSet() { nodes_.emplace_back(); }

int32_t FieldPathSet::walk(std::string_view name, bool* under_array) {
  std::vector<Step> steps;
  if (!parse_steps(name, steps)) return -1;
  int32_t cur = kRoot;
  bool arr = false;
  for (const Step& s : steps) {
    int32_t next = s.array ? nodes_[static_cast<size_t>(cur)].array_child : child(cur, s.seg);
    if (next < 0) {
      next = static_cast<int32_t>(nodes_.size());
      nodes_.emplace_back();  // may reallocate: index, do not hold references
      Node& parent = nodes_[static_cast<size_t>(cur)];
      if (s.array) {
        parent.array_child = next;
      } else {
        parent.children.push_back(Child{std::string(s.seg), next});
        if (s.seg.empty()) parent.empty_child = true;
        else parent.first_bytes[static_cast<unsigned char>(s.seg[0]) >> 6] |= uint64_t{1} << (s.seg[0] & 63);
        parent.length_mask |= uint64_t{1} << (s.seg.size() & 63);
      }
    }
    arr = arr || s.array;
    cur = next;
  }
  *under_array = arr;
  return cur;
}

int FieldPathSet::add(std::string_view splunk_name) {
  bool arr = false;
  const int32_t nd = walk(splunk_name, &arr);
  if (nd < 0) return -1;
  Node& n = nodes_[static_cast<size_t>(nd)];
  if (n.value_slot >= 0) return n.value_slot;
  const auto slot = static_cast<int32_t>(slots_.size());
  n.value_slot = slot;
  slots_.push_back(Slot{std::string(splunk_name), false, arr});
  // Every node on the name's path knows the slot is below it.
  std::vector<Step> steps;
  parse_steps(splunk_name, steps);
  int32_t cur = kRoot;
  for (const Step& st : steps) {
    cur = st.array ? nodes_[static_cast<size_t>(cur)].array_child : child(cur, st.seg);
    nodes_[static_cast<size_t>(cur)].below.push_back(slot);
  }
  return slot;
}

int FieldPathSet::add_presence(std::string_view path) {
  bool arr = false;
  const int32_t nd = walk(path, &arr);
  if (nd < 0) return -1;
  Node& n = nodes_[static_cast<size_t>(nd)];
  if (n.presence_slot >= 0) return n.presence_slot;
  n.presence_slot = static_cast<int32_t>(slots_.size());
  slots_.push_back(Slot{std::string(path), true, arr});
  return n.presence_slot;
}

int FieldPathSet::find(std::string_view splunk_name) const {
  std::vector<Step> steps;
  if (!parse_steps(splunk_name, steps)) return -1;
  int32_t cur = kRoot;
  for (const Step& s : steps) {
    cur = s.array ? nodes_[static_cast<size_t>(cur)].array_child : child(cur, s.seg);
    if (cur < 0) return -1;
  }
  return nodes_[static_cast<size_t>(cur)].value_slot;
}

int32_t FieldPathSet::descend_key(int32_t node, std::string_view key) const {
  // Usually one segment: no dot (memchr, not a byte loop: this runs for
  // every key of every event read).
  // A dotted key's first segment starts with its first byte: when no child
  // starts with that byte, no dotted reading of the key can match either.
  const int32_t whole = child(node, key);
  if (whole >= 0 || key.empty() || !nodes_[static_cast<size_t>(node)].may_start(key[0])) return whole;
  if (!std::memchr(key.data(), '.', key.size())) return -1;
  const char* p = key.data();
  const char* e = p + key.size();
  for (;;) {
    const char* d = p;
    while (d < e && *d != '.') ++d;
    node = child(node, std::string_view(p, static_cast<size_t>(d - p)));
    if (node < 0 || d == e) return node;
    p = d + 1;
  }
}

}  // namespace rulejit::rt
