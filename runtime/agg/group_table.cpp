#include "runtime/agg/group_table.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace rulejit::rt {

GroupTable::GroupTable(std::vector<AggDef> aggs, size_t key_count, std::optional<std::string> fillnull,
                       bool dedup_splitvals)
    : aggs_(std::move(aggs)), key_count_(key_count), fillnull_(std::move(fillnull)),
      dedup_splitvals_(dedup_splitvals) {
  counts_only_ = std::all_of(aggs_.begin(), aggs_.end(),
                             [](const AggDef& a) { return a.func == ir::AggFunc::Count && !a.has_input; });
}

const Accumulator* GroupTable::accumulators(size_t g) const {
  if (!counts_only_) return accs_.data() + g * aggs_.size();
  view_.clear();
  for (size_t i = 0; i < aggs_.size(); ++i) {
    view_.emplace_back(aggs_[i].func, aggs_[i].param);
    view_.back().add_events(counts_[g * aggs_.size() + i]);
  }
  return view_.data();
}

void GroupTable::append_key_text(std::string& out, std::string_view text) {
  const auto len = static_cast<uint32_t>(text.size());
  char prefix[4];
  std::memcpy(prefix, &len, 4);
  out.append(prefix, 4);
  out.append(text);
}

void GroupTable::key_views(size_t g, std::vector<std::string_view>& out) const {
  std::string_view e = encoded_keys(g);
  while (e.size() >= 4) {
    uint32_t len;
    std::memcpy(&len, e.data(), 4);
    out.push_back(e.substr(4, len));
    e.remove_prefix(4 + len);
  }
}

void GroupTable::grow_index() {
  std::vector<uint32_t> slots(slots_.empty() ? 64 : slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (size_t g = 0; g < key_end_.size(); ++g) {
    size_t i = hash_[g] & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = static_cast<uint32_t>(g + 1);
  }
  slots_ = std::move(slots);
}

uint64_t GroupTable::text_hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

uint64_t GroupTable::encoded_hash(std::string_view e) {
  uint64_t h = kHashSeed;
  while (e.size() >= 4) {
    uint32_t len;
    std::memcpy(&len, e.data(), 4);
    h = combine_hash(h, text_hash(e.substr(4, len)));
    e.remove_prefix(4 + std::min<size_t>(len, e.size() - 4));
  }
  return h;
}

bool GroupTable::keys_equal(size_t g, std::span<const std::string_view> texts) const {
  std::string_view e = encoded_keys(g);
  for (std::string_view t : texts) {
    uint32_t len;
    if (e.size() < 4) return false;
    std::memcpy(&len, e.data(), 4);
    if (len != t.size() || e.size() - 4 < len || std::memcmp(e.data() + 4, t.data(), len) != 0) return false;
    e.remove_prefix(4 + len);
  }
  return e.empty();
}

size_t GroupTable::probe(std::string_view encoded, uint64_t h) const {
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i] && !(hash_[slots_[i] - 1] == h && encoded_keys(slots_[i] - 1) == encoded)) i = (i + 1) & mask;
  return i;
}

void GroupTable::encode_keys(const std::vector<std::string>& keys, std::string& out) {
  out.clear();
  for (const auto& k : keys) append_key_text(out, k);
}

size_t GroupTable::group_for_encoded(std::string_view encoded) {
  const uint64_t h = encoded_hash(encoded);
  if ((key_end_.size() + 1) * 2 > slots_.size()) grow_index();
  const size_t i = probe(encoded, h);
  if (slots_[i]) return slots_[i] - 1;
  // A new group: keys into the arena, fresh accumulators.
  arena_.append(encoded);
  return new_group(i, h);
}

size_t GroupTable::group_for_texts(std::span<const std::string_view> texts, std::span<const uint64_t> hashes) {
  uint64_t h = kHashSeed;
  for (uint64_t fh : hashes) h = combine_hash(h, fh);
  if ((key_end_.size() + 1) * 2 > slots_.size()) grow_index();
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i] && !(hash_[slots_[i] - 1] == h && keys_equal(slots_[i] - 1, texts))) i = (i + 1) & mask;
  if (slots_[i]) return slots_[i] - 1;
  // One resize and plain copies (append per text cost more than the bytes).
  size_t bytes = 0;
  for (std::string_view t : texts) bytes += 4 + t.size();
  size_t at = arena_.size();
  arena_.resize(at + bytes);
  for (std::string_view t : texts) {
    const auto len = static_cast<uint32_t>(t.size());
    std::memcpy(arena_.data() + at, &len, 4);
    if (len) std::memcpy(arena_.data() + at + 4, t.data(), len);
    at += 4 + len;
  }
  return new_group(i, h);
}

size_t GroupTable::new_group(size_t slot, uint64_t h) {
  const size_t g = key_end_.size();
  key_end_.push_back(arena_.size());
  hash_.push_back(h);
  if (counts_only_) {
    counts_.resize(counts_.size() + aggs_.size(), 0);
  } else {
    for (const auto& a : aggs_) accs_.emplace_back(a.func, a.param);
  }
  slots_[slot] = static_cast<uint32_t>(g + 1);
  return g;
}

size_t GroupTable::group_for(const std::vector<std::string>& keys) {
  encode_keys(keys, key_buf_);
  return group_for_encoded(key_buf_);
}

static const Value& deref(const Value& v) { return v; }
static const Value& deref(const Value* v) { return *v; }

template <typename Input>
void GroupTable::add_to(size_t g, const std::vector<Input>& inputs, double time, uint64_t seq) {
  if (counts_only_) {
    count_event(g);
    return;
  }
  Accumulator* accs = accs_.data() + g * aggs_.size();
  for (size_t i = 0; i < aggs_.size(); ++i) {
    if (!aggs_[i].has_input) accs[i].add_event();
    else accs[i].add(deref(inputs[i]), time, seq);
  }
}

void GroupTable::add(const std::vector<const Value*>& keys, const std::vector<const Value*>& inputs, double time,
                     uint64_t seq) {
  // Fast path: every by-field has exactly one value (the usual case).
  bool single = !dedup_splitvals_;
  for (size_t k = 0; k < key_count_ && single; ++k) single = keys[k]->count() == 1;
  if (!single) {
    std::vector<Value> kv, iv;
    for (const Value* k : keys) kv.push_back(*k);
    for (const Value* v : inputs) iv.push_back(*v);
    add(kv, iv, time, seq);
    return;
  }
  key_buf_.clear();
  for (size_t k = 0; k < key_count_; ++k) {
    const Value& v = *keys[k];
    if (v.is_string()) append_key_text(key_buf_, v.as_string());
    else append_key_text(key_buf_, v.to_text());
  }
  add_to(group_for_encoded(key_buf_), inputs, time, seq);
}

void GroupTable::add_texts(std::span<const std::string_view> key_texts, std::span<const uint64_t> key_hashes,
                           const std::vector<const Value*>& inputs, double time, uint64_t seq) {
  add_to(group_for_texts(key_texts, key_hashes), inputs, time, seq);
}

bool GroupTable::add_count(std::span<const std::string_view> key_texts) {
  if (!counts_only_ || dedup_splitvals_ || key_texts.size() != key_count_) return false;
  key_buf_.clear();
  for (std::string_view t : key_texts) append_key_text(key_buf_, t);
  count_event(group_for_encoded(key_buf_));
  return true;
}

void GroupTable::add(const std::vector<Value>& keys, const std::vector<Value>& inputs, double time, uint64_t seq) {
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
    add_to(group_for({}), inputs, time, seq);
    return;
  }
  // Cartesian product over multivalue keys.
  std::vector<size_t> idx(key_count_, 0);
  std::vector<std::string> combo(key_count_);
  while (true) {
    for (size_t k = 0; k < key_count_; ++k) combo[k] = per_key[k][idx[k]];
    add_to(group_for(combo), inputs, time, seq);
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
    char buf[9];
    buf[0] = '\0';
    for (int i = 0; i < 8; ++i) buf[1 + i] = static_cast<char>((bits >> (56 - 8 * i)) & 0xff);
    out.append(buf, sizeof buf);
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
  out.reserve(std::max<size_t>(group_count(), 1));
  for_each_sorted([&](std::span<const std::string_view> keys, const Accumulator* accs) {
    Row r;
    r.keys.assign(keys.begin(), keys.end());
    r.values.reserve(aggs_.size());
    for (size_t i = 0; i < aggs_.size(); ++i) r.values.push_back(accs[i].result());
    out.push_back(std::move(r));
  });
  return out;
}

std::vector<GroupTable::Row> GroupTable::take_rows() {
  std::vector<Row> out = rows();
  clear();
  return out;
}

void GroupTable::for_each_sorted(const GroupVisitor& visit) const {
  if (group_count() == 0 && key_count_ == 0) {
    std::vector<Accumulator> empty;
    for (const auto& a : aggs_) empty.emplace_back(a.func, a.param);
    visit({}, empty.data());
    return;
  }
  // Each group's by-fields encoded once into one byte string whose memcmp
  // order is the output order (append_sort_key); equal encodings keep the
  // groups' first-seen order.
  const size_t n = group_count();
  std::string arena;
  // Per text at most 11 bytes more than its stored form (tag, number, end
  // mark) unless it holds NULs: one allocation instead of doubling.
  arena.reserve(arena_.size() + n * key_count_ * 11);
  std::vector<std::pair<size_t, size_t>> spans(n);  // offset, length in arena
  std::vector<std::string_view> keys;
  for (size_t g = 0; g < n; ++g) {
    keys.clear();
    key_views(g, keys);
    const size_t start = arena.size();
    for (std::string_view t : keys) append_sort_key(arena, t);
    spans[g] = {start, arena.size() - start};
  }
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const std::string_view a(arena.data() + spans[x].first, spans[x].second);
    const std::string_view b(arena.data() + spans[y].first, spans[y].second);
    const int c = a.compare(b);
    return c != 0 ? c < 0 : x < y;
  });
  for (uint32_t g : order) {
    keys.clear();
    key_views(g, keys);
    visit(keys, accumulators(g));
  }
}

const Accumulator* GroupTable::find(const std::vector<std::string>& keys) const {
  if (slots_.empty()) return nullptr;
  std::string encoded;
  encode_keys(keys, encoded);
  const size_t i = probe(encoded, encoded_hash(encoded));
  return slots_[i] ? accumulators(slots_[i] - 1) : nullptr;
}

size_t GroupTable::memory_bytes() const {
  size_t bytes = sizeof(*this) + arena_.capacity() + key_end_.capacity() * sizeof(size_t) +
                 hash_.capacity() * sizeof(uint64_t) + slots_.capacity() * sizeof(uint32_t) +
                 counts_.capacity() * sizeof(uint64_t);
  for (const auto& a : accs_) bytes += a.memory_bytes();
  return bytes;
}

void GroupTable::clear() {
  // The storage is released, not kept for reuse: a table emptied when a
  // window closes (or is cut by the memory budget, windowed_engine.h) must
  // not go on holding its largest size.
  std::string().swap(arena_);  // (move-assigning an empty string keeps the buffer)
  key_end_ = std::vector<size_t>();
  hash_ = std::vector<uint64_t>();
  accs_ = std::vector<Accumulator>();
  counts_ = std::vector<uint64_t>();
  view_ = std::vector<Accumulator>();
  slots_ = std::vector<uint32_t>();
}

}  // namespace rulejit::rt
