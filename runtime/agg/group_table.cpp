#include "runtime/agg/group_table.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace rulejit::rt {

GroupTable::GroupTable(std::vector<AggDef> aggs, size_t key_count, std::optional<std::string> fillnull,
                       bool dedup_splitvals)
    : aggs_(std::move(aggs)), key_count_(key_count), fillnull_(std::move(fillnull)),
      dedup_splitvals_(dedup_splitvals) {}

GroupTable::Group& GroupTable::group_for(const std::vector<std::string>& keys) {
  std::string joined;
  for (const auto& k : keys) {
    joined += k;
    joined += '\x1f';
  }
  auto [it, inserted] = index_.try_emplace(std::move(joined), groups_.size());
  if (inserted) {
    Group g;
    g.keys = keys;
    for (const auto& a : aggs_) g.accs.emplace_back(a.func, a.param);
    groups_.push_back(std::move(g));
  }
  return groups_[it->second];
}

static const Value& deref(const Value& v) { return v; }
static const Value& deref(const Value* v) { return *v; }

template <typename Input>
void GroupTable::add_to(Group& g, const std::vector<Input>& inputs, double time) {
  for (size_t i = 0; i < aggs_.size(); ++i) {
    if (!aggs_[i].has_input) g.accs[i].add_event();
    else g.accs[i].add(deref(inputs[i]), time, seq_);
  }
}

void GroupTable::add(const std::vector<const Value*>& keys, const std::vector<const Value*>& inputs, double time) {
  // Fast path: every by-field has exactly one value (the usual case).
  bool single = !dedup_splitvals_;
  for (size_t k = 0; k < key_count_ && single; ++k) single = keys[k]->count() == 1;
  if (!single) {
    std::vector<Value> kv, iv;
    for (const Value* k : keys) kv.push_back(*k);
    for (const Value* v : inputs) iv.push_back(*v);
    add(kv, iv, time);
    return;
  }
  ++seq_;
  key_buf_.clear();
  for (size_t k = 0; k < key_count_; ++k) {
    const Value& v = *keys[k];
    if (v.is_string()) key_buf_ += v.as_string();
    else key_buf_ += v.to_text();
    key_buf_ += '\x1f';
  }
  auto [it, inserted] = index_.try_emplace(key_buf_, groups_.size());
  if (inserted) {  // a new group: its key texts, its accumulators
    Group g;
    g.keys.reserve(key_count_);
    for (size_t k = 0; k < key_count_; ++k) {
      const Value& v = *keys[k];
      g.keys.push_back(v.is_string() ? v.as_string() : v.to_text());
    }
    g.accs.reserve(aggs_.size());
    for (const auto& a : aggs_) g.accs.emplace_back(a.func, a.param);
    groups_.push_back(std::move(g));
  }
  add_to(groups_[it->second], inputs, time);
}

void GroupTable::add(const std::vector<Value>& keys, const std::vector<Value>& inputs, double time) {
  ++seq_;
  // Expand keys: each by-field contributes its values (or the fill value).
  std::vector<std::vector<std::string>> per_key(key_count_);
  for (size_t k = 0; k < key_count_; ++k) {
    per_key[k] = keys[k].texts();
    if (per_key[k].empty()) {
      if (!fillnull_) return;  // a null by-field drops the event
      per_key[k].push_back(*fillnull_);
    }
    if (dedup_splitvals_) {
      std::vector<std::string> uniq;
      std::set<std::string> seen;
      for (auto& t : per_key[k])
        if (seen.insert(t).second) uniq.push_back(t);
      per_key[k] = std::move(uniq);
    }
  }
  if (key_count_ == 0) {
    add_to(group_for({}), inputs, time);
    return;
  }
  // Cartesian product over multivalue keys.
  std::vector<size_t> idx(key_count_, 0);
  std::vector<std::string> combo(key_count_);
  while (true) {
    for (size_t k = 0; k < key_count_; ++k) combo[k] = per_key[k][idx[k]];
    add_to(group_for(combo), inputs, time);
    size_t k = key_count_;
    while (k > 0) {
      --k;
      if (++idx[k] < per_key[k].size()) break;
      idx[k] = 0;
      if (k == 0) return;
    }
  }
}

void append_sort_key(std::string& out, std::string_view text) {
  if (auto n = parse_number(text)) {
    // Numbers first: tag 0, then the double's bits made order-preserving
    // (big-endian; negatives flipped), then the text for numerically equal
    // spellings ("1" < "1.0").
    double d = *n == 0 ? 0.0 : *n;  // -0 sorts with 0
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    bits = (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
    out += '\0';
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((bits >> shift) & 0xff);
  } else {
    out += '\1';
  }
  // The text, bytewise: NUL escaped as 00 01, ended by 00 00, so a prefix
  // sorts before its extensions.
  if (!std::memchr(text.data(), '\0', text.size())) {
    out.append(text);
  } else {
    for (char c : text) {
      out += c;
      if (c == '\0') out += '\1';
    }
  }
  out.append(2, '\0');
}

int compare_sort_text(const std::string& a, const std::string& b) {
  auto na = parse_number(a), nb = parse_number(b);
  if (na && nb && *na != *nb) return *na < *nb ? -1 : 1;
  if (na && !nb) return -1;
  if (nb && !na) return 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::vector<GroupTable::Row> GroupTable::rows() const {
  std::vector<Row> out;
  out.reserve(std::max<size_t>(groups_.size(), 1));
  for (const auto& g : groups_) {
    Row r;
    r.keys = g.keys;
    for (const auto& acc : g.accs) r.values.push_back(acc.result());
    out.push_back(std::move(r));
  }
  return sorted_rows(std::move(out));
}

std::vector<GroupTable::Row> GroupTable::take_rows() {
  std::vector<Row> out;
  out.reserve(std::max<size_t>(groups_.size(), 1));
  for (auto& g : groups_) {
    Row r;
    r.keys = std::move(g.keys);
    r.values.reserve(g.accs.size());
    for (const auto& acc : g.accs) r.values.push_back(acc.result());
    out.push_back(std::move(r));
  }
  clear();
  return sorted_rows(std::move(out));
}

std::vector<GroupTable::Row> GroupTable::sorted_rows(std::vector<Row> out) const {
  if (out.empty() && key_count_ == 0) {
    Row r;
    for (const auto& a : aggs_) r.values.push_back(Accumulator(a.func, a.param).result());
    out.push_back(std::move(r));
    return out;
  }
  // Each row's by-fields encoded once into one byte string whose memcmp
  // order is the output order (append_sort_key); equal encodings keep the
  // groups' first-seen order.
  std::string arena;
  std::vector<std::pair<size_t, size_t>> spans(out.size());  // offset, length in arena
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t start = arena.size();
    for (const auto& t : out[i].keys) append_sort_key(arena, t);
    spans[i] = {start, arena.size() - start};
  }
  std::vector<uint32_t> order(out.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const std::string_view a(arena.data() + spans[x].first, spans[x].second);
    const std::string_view b(arena.data() + spans[y].first, spans[y].second);
    const int c = a.compare(b);
    return c != 0 ? c < 0 : x < y;
  });
  std::vector<Row> sorted;
  sorted.reserve(out.size());
  for (size_t i : order) sorted.push_back(std::move(out[i]));
  return sorted;
}

const std::vector<Accumulator>* GroupTable::find(const std::vector<std::string>& keys) const {
  std::string joined;
  for (const auto& k : keys) {
    joined += k;
    joined += '\x1f';
  }
  auto it = index_.find(joined);
  return it == index_.end() ? nullptr : &groups_[it->second].accs;
}

size_t GroupTable::memory_bytes() const {
  size_t bytes = sizeof(*this);
  for (const auto& g : groups_) {
    for (const auto& k : g.keys) bytes += k.size() + 32;
    for (const auto& a : g.accs) bytes += a.memory_bytes();
  }
  return bytes + index_.size() * 64;
}

void GroupTable::clear() {
  index_.clear();
  groups_.clear();
  seq_ = 0;
}

}  // namespace rulejit::rt
