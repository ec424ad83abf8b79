// GroupTable: `stats ... by k1 k2` state — one set of accumulators per
// distinct combination of by-field values (spl-semantics.md §3.1).
//
// Contract:
//  - An event whose by-field is null is dropped, unless a fill value is set
//    (tstats fillnull_value). A multivalue by-field fans the event out into
//    one group per value (repeated values count repeatedly unless
//    dedup_splitvals).
//  - Grouping is on exact, case-sensitive text.
//  - rows() returns groups sorted ascending by the by-fields, each field
//    compared numbers-first-then-strings (numbers numerically, strings
//    bytewise), the documented recommendation for stats output order.
//  - With no by-fields there is exactly one row, even over zero events
//    (count=0, other aggregates empty).
//  - `seq` is the event's arrival number (the engine's line number), passed
//    to every accumulator it updates (a multivalue fan-out shares it).
//  - merge(other) adds another table of the same definition group by group
//    (exact key text); rows() of the result equal those of one table that
//    saw both tables' events (Accumulator::merge).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/agg/accumulator.h"

namespace rulejit::rt {

struct AggDef {
  ir::AggFunc func;
  double param = 0;
  bool has_input = true;  // false for plain count
  bool operator==(const AggDef&) const = default;
};

class GroupTable {
 public:
  GroupTable(std::vector<AggDef> aggs, size_t key_count, std::optional<std::string> fillnull = {},
             bool dedup_splitvals = false);

  // keys: one value per by-field; inputs: one value per agg (ignored for count).
  void add(const std::vector<Value>& keys, const std::vector<Value>& inputs, double time, uint64_t seq);
  // The same with pointers (no copies): the per-event path of the engines.
  void add(const std::vector<const Value*>& keys, const std::vector<const Value*>& inputs, double time,
           uint64_t seq);
  // One event of a table whose aggs are all plain `count`, by the text of
  // each by-field's single value (no Values built: compiled code's path).
  // False, and nothing added, for any other table. (Counts need no seq.)
  bool add_count(std::span<const std::string_view> key_texts);
  // One event whose by-fields each have exactly one value, given as texts
  // with each text's text_hash: a caller feeding several tables the same
  // fields hashes each text once per event. Nothing is copied unless the
  // group is new. key_texts.size() == key_hashes.size() == the key count.
  void add_texts(std::span<const std::string_view> key_texts, std::span<const uint64_t> key_hashes,
                 const std::vector<const Value*>& inputs, double time, uint64_t seq);
  // The hash of one by-field text (add_texts). A group's hash combines its
  // fields' hashes in order, whichever way it was added.
  static uint64_t text_hash(std::string_view text);

  struct Row {
    std::vector<std::string> keys;
    std::vector<Value> values;
  };
  std::vector<Row> rows() const;
  // The same, then the table is left empty (clear()).
  std::vector<Row> take_rows();
  // The groups in rows()' order without building rows: `visit` gets each
  // group's key texts (views into the table, valid during the call) and its
  // accumulators (one per agg). For output that goes straight to a sink.
  using GroupVisitor = std::function<void(std::span<const std::string_view> keys, const Accumulator* accs)>;
  void for_each_sorted(const GroupVisitor& visit) const;

  // The accumulators (one per agg, in order) of the group of these exact key
  // texts, or nullptr (eventstats). Valid until the next call on this table.
  const Accumulator* find(const std::vector<std::string>& keys) const;
  size_t group_count() const { return key_end_.size(); }

  // Adds `other`'s groups into this table (other is left empty). False, and
  // nothing changed, when the definitions (aggs, key count, fillnull,
  // dedup_splitvals) differ.
  bool merge(GroupTable&& other);
  bool same_definition(const GroupTable& other) const;

  // Serialization (runtime/stream/partial_state.cpp): the definition, then
  // every group's key texts and accumulators. decode() returns nullopt on
  // malformed input (the reader then says why).
  void encode(ByteWriter& w) const;
  static std::optional<GroupTable> decode(ByteReader& r);
  size_t memory_bytes() const;
  // Empties the table and frees its storage (memory_bytes() drops to the
  // empty table's).
  void clear();

 private:
  // Storage, all flat so that a new group allocates nothing in steady state:
  //  - group g's key texts are arena_[key_begin(g), key_end_[g]), each as a
  //    4-byte length then its bytes (lookups compare the same encoding);
  //  - its accumulators are accs_[g * aggs_.size() ...], except in a table
  //    whose aggs are all plain `count` (the usual `stats count by ...`):
  //    then only counts_[g * aggs_.size() ...] are kept, and accumulators()
  //    builds Accumulators from them when asked (8 bytes a group, not ~120);
  //  - slots_ is an open-addressing index (linear probing, power-of-two
  //    size, at most half full) of group numbers + 1, 0 = empty.
  static void append_key_text(std::string& out, std::string_view text);
  static void encode_keys(const std::vector<std::string>& keys, std::string& out);
  // The slot holding the group with these encoded keys (hash h), or the
  // empty slot where it belongs.
  size_t probe(std::string_view encoded, uint64_t h) const;
  // A group's hash from its fields' text_hash (see add_texts).
  static constexpr uint64_t kHashSeed = 0x9e3779b97f4a7c15ull;
  static uint64_t combine_hash(uint64_t h, uint64_t field) {
    h ^= field + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
  }
  static uint64_t encoded_hash(std::string_view encoded);
  // Whether group g's keys are exactly these texts.
  bool keys_equal(size_t g, std::span<const std::string_view> texts) const;
  // The group of these texts (hashes as in add_texts), created when absent.
  size_t group_for_texts(std::span<const std::string_view> texts, std::span<const uint64_t> hashes);
  // Registers the group whose encoded keys were just appended to arena_, in
  // index slot `slot`, with hash h.
  size_t new_group(size_t slot, uint64_t h);
  size_t key_begin(size_t g) const { return g == 0 ? 0 : key_end_[g - 1]; }
  std::string_view encoded_keys(size_t g) const {
    return std::string_view(arena_.data() + key_begin(g), key_end_[g] - key_begin(g));
  }
  // Group g's key texts as views into the arena (appended to `out`).
  void key_views(size_t g, std::vector<std::string_view>& out) const;
  // The group whose encoded keys equal `encoded` (created when absent).
  size_t group_for_encoded(std::string_view encoded);
  size_t group_for(const std::vector<std::string>& keys);
  void grow_index();
  // Group g's accumulators (see the storage note above).
  const Accumulator* accumulators(size_t g) const;
  template <typename Input>
  void add_to(size_t g, const std::vector<Input>& inputs, double time, uint64_t seq);
  // One event for group g of a counts_only_ table.
  void count_event(size_t g) {
    for (size_t i = 0; i < aggs_.size(); ++i) ++counts_[g * aggs_.size() + i];
  }

  std::vector<AggDef> aggs_;
  size_t key_count_;
  std::optional<std::string> fillnull_;
  bool dedup_splitvals_;
  std::string arena_;
  std::vector<size_t> key_end_;
  std::vector<uint64_t> hash_;
  std::vector<Accumulator> accs_;
  bool counts_only_ = false;
  std::vector<uint64_t> counts_;              // counts_only_: per group and agg
  mutable std::vector<Accumulator> view_;     // counts_only_: accumulators()' result
  std::vector<uint32_t> slots_;
  std::string key_buf_;  // the encoded keys of the event being added
};

// Compare two field texts for output ordering: numbers (numerically) before
// strings (bytewise).
int compare_sort_text(const std::string& a, const std::string& b);
// Appends `text` encoded so that comparing concatenated encodings bytewise
// orders rows like compare_sort_text field by field.
void append_sort_key(std::string& out, std::string_view text);

}  // namespace rulejit::rt
