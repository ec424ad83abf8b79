// GroupTable::merge and the table's binary form (encode / decode): combining
// the aggregation state of shards of one stream (parallel workers, saved
// checkpoints, other machines). See group_table.h.
#include <algorithm>

#include "runtime/agg/byte_codec.h"
#include "runtime/agg/group_table.h"

namespace rulejit::rt {

bool GroupTable::same_definition(const GroupTable& o) const {
  return aggs_ == o.aggs_ && key_count_ == o.key_count_ && fillnull_ == o.fillnull_ &&
         dedup_splitvals_ == o.dedup_splitvals_;
}

bool GroupTable::merge(GroupTable&& o) {
  if (&o == this || !same_definition(o)) return false;
  if (group_count() == 0) {  // nothing to combine with: take the groups as they are
    std::swap(*this, o);
    o.clear();
    return true;
  }
  const size_t n = aggs_.size();
  for (size_t g = 0; g < o.group_count(); ++g) {
    // Copy the encoded keys: group_for_encoded may grow arena_ (not o's, but
    // keep the view independent of both).
    key_buf_.assign(o.encoded_keys(g));
    const size_t mine = group_for_encoded(key_buf_);
    if (counts_only_) {
      for (size_t i = 0; i < n; ++i) counts_[mine * n + i] += o.counts_[g * n + i];
    } else {
      for (size_t i = 0; i < n; ++i) accs_[mine * n + i].merge(o.accs_[g * n + i]);
    }
  }
  o.clear();
  return true;
}

void GroupTable::encode(ByteWriter& w) const {
  w.u64(aggs_.size());
  for (const auto& a : aggs_) {
    w.u8(static_cast<uint8_t>(a.func));
    w.f64(a.param);
    w.u8(a.has_input);
  }
  w.u64(key_count_);
  w.u8(fillnull_.has_value());
  if (fillnull_) w.str(*fillnull_);
  w.u8(dedup_splitvals_);
  w.u64(group_count());
  std::vector<std::string_view> keys;
  for (size_t g = 0; g < group_count(); ++g) {
    keys.clear();
    key_views(g, keys);
    for (std::string_view k : keys) w.str(k);
    for (size_t i = 0; i < aggs_.size(); ++i) {
      if (counts_only_) w.u64(counts_[g * aggs_.size() + i]);
      else accs_[g * aggs_.size() + i].encode(w);
    }
  }
}

std::optional<GroupTable> GroupTable::decode(ByteReader& r) {
  std::vector<AggDef> aggs;
  for (uint64_t n = r.count_of(10); n > 0 && r.ok(); --n) {
    const uint8_t f = r.u8();
    if (f > static_cast<uint8_t>(ir::AggFunc::Sparkline)) {
      r.fail("unknown aggregation function");
      return std::nullopt;
    }
    const double param = r.f64();
    const bool has_input = r.boolean();
    aggs.push_back({static_cast<ir::AggFunc>(f), param, has_input});
  }
  // Key texts are stored with a 4-byte length; each costs 8 bytes here.
  const uint64_t key_count = r.count_of(8);
  std::optional<std::string> fill;
  if (r.boolean()) fill = r.str();
  const bool dedup = r.boolean();
  if (!r.ok()) return std::nullopt;
  GroupTable t(std::move(aggs), key_count, std::move(fill), dedup);
  // Each group holds at least its key lengths and one u64/accumulator per agg.
  const uint64_t groups = r.count_of(key_count * 8 + t.aggs_.size() * 8 + 1);
  std::vector<std::string> keys(key_count);
  for (uint64_t g = 0; g < groups && r.ok(); ++g) {
    for (auto& k : keys) {
      k = r.str();
      if (k.size() > UINT32_MAX) r.fail("key text too long");
    }
    if (!r.ok()) break;
    if (t.group_count() >= UINT32_MAX / 2) {
      r.fail("too many groups");
      break;
    }
    const size_t mine = t.group_for(keys);  // a repeated key merges (hostile input)
    const size_t n = t.aggs_.size();
    for (size_t i = 0; i < n && r.ok(); ++i) {
      if (t.counts_only_) {
        t.counts_[mine * n + i] += r.u64();
        continue;
      }
      Accumulator a(t.aggs_[i].func, t.aggs_[i].param);
      if (a.decode(r)) t.accs_[mine * n + i].merge(a);
    }
  }
  if (!r.ok()) return std::nullopt;
  return t;
}

}  // namespace rulejit::rt
