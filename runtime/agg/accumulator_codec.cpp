// Accumulator::encode / decode: every field of an accumulator in the binary
// form of saved partial state (runtime/stream/partial_state.h). The
// function and parameter are not written: the group table's definition
// gives them. decode() checks what it reads (lengths against the input,
// list size against its cap) so hostile input fails instead of crashing.
#include <algorithm>
#include <cmath>

#include "runtime/agg/accumulator.h"
#include "runtime/agg/agg_policy.h"
#include "runtime/agg/byte_codec.h"

namespace rulejit::rt {

static void encode_sum(ByteWriter& w, const ExactSum& s) {
  w.u8(s.has_special());
  w.f64(s.special());
  w.u64(s.partials().size());
  for (double p : s.partials()) w.f64(p);
}

// The partials are added again one by one, which restores the invariant
// (non-overlapping, increasing) whatever doubles the input holds.
static bool decode_sum(ByteReader& r, ExactSum& s) {
  const bool special = r.boolean();
  const double sv = r.f64();
  const uint64_t n = r.count_of(8);
  s = ExactSum();
  for (uint64_t i = 0; i < n && r.ok(); ++i) s.add(r.f64());
  if (special) s.add_special(sv);
  return r.ok();
}

void Accumulator::encode(ByteWriter& w) const {
  w.u64(count_);
  w.u64(num_count_);
  encode_sum(w, sum_);
  encode_sum(w, sumsq_);
  w.u8(has_num_);
  w.u8(has_str_);
  w.f64(min_num_);
  w.f64(max_num_);
  w.u8(has_time_);
  w.f64(best_time_);
  w.u64(best_seq_);
  w.u8(text_ != nullptr);
  if (!text_) return;
  const TextState& ts = *text_;
  w.str(ts.min_str);
  w.str(ts.max_str);
  w.u64(ts.distinct.size());
  for (const auto& t : ts.distinct) w.str(t);
  w.u64(ts.list.size());
  for (const auto& [seq, t] : ts.list) {
    w.u64(seq);
    w.str(t);
  }
  w.u64(ts.nums.size());
  for (double d : ts.nums) w.f64(d);
  w.u64(ts.mode.size());
  for (const auto& [t, cs] : ts.mode) {
    w.str(t);
    w.u64(cs.first);
    w.u64(cs.second);
  }
  w.u64(ts.best_values.size());
  for (const auto& t : ts.best_values) w.str(t);
  w.u64(ts.per_second.size());
  for (const auto& [sec, n] : ts.per_second) {
    w.u64(static_cast<uint64_t>(sec));
    w.u64(n);
  }
}

bool Accumulator::decode(ByteReader& r) {
  count_ = r.u64();
  num_count_ = r.u64();
  if (!decode_sum(r, sum_) || !decode_sum(r, sumsq_)) return false;
  has_num_ = r.boolean();
  has_str_ = r.boolean();
  min_num_ = r.f64();
  max_num_ = r.f64();
  has_time_ = r.boolean();
  best_time_ = r.f64();
  best_seq_ = r.u64();
  const bool has_text = r.boolean();
  text_.reset();
  if (!r.ok()) return false;
  // median/perc read nums[k] for k < num_count_: they must agree.
  const bool ranks = func_ == ir::AggFunc::Median || func_ == ir::AggFunc::Perc ||
                     func_ == ir::AggFunc::ExactPerc || func_ == ir::AggFunc::UpperPerc;
  if (!has_text) return !(ranks && num_count_ > 0) || r.fail("percentile without its numbers");
  TextState& ts = text();
  ts.min_str = r.str();
  ts.max_str = r.str();
  for (uint64_t n = r.count_of(8); n > 0 && r.ok(); --n) ts.distinct.insert(ts.distinct.end(), r.str());
  const uint64_t list_n = r.count_of(16);
  if (list_n > agg_policy::kListMax) return r.fail("list longer than its cap");
  for (uint64_t i = 0; i < list_n && r.ok(); ++i) {
    uint64_t seq = r.u64();
    std::string t = r.str();
    if (!ts.list.empty() && seq < ts.list.back().first) return r.fail("list not in sequence order");
    ts.list.emplace_back(seq, std::move(t));
  }
  const uint64_t nums_n = r.count_of(8);
  ts.nums.reserve(nums_n);
  for (uint64_t i = 0; i < nums_n && r.ok(); ++i) {
    ts.nums.push_back(r.f64());
    if (std::isnan(ts.nums.back())) return r.fail("nan among the numbers");  // sort needs an order
  }
  if (ranks && nums_n != num_count_) return r.fail("percentile numbers do not match their count");
  for (uint64_t n = r.count_of(24); n > 0 && r.ok(); --n) {
    std::string t = r.str();
    uint64_t c = r.u64(), seq = r.u64();
    ts.mode.insert_or_assign(std::move(t), std::make_pair(c, seq));
  }
  for (uint64_t n = r.count_of(8); n > 0 && r.ok(); --n) ts.best_values.push_back(r.str());
  for (uint64_t n = r.count_of(16); n > 0 && r.ok(); --n) {
    const auto sec = static_cast<int64_t>(r.u64());
    ts.per_second[sec] = r.u64();
  }
  return r.ok();
}

}  // namespace rulejit::rt
