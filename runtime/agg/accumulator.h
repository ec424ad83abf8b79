// Accumulator: the running state of one stats function for one group
// (spl-semantics.md §3.1), shared by stats, tstats, eventstats and streamstats
// and by both executors.
//
// Contract:
//  - add() takes one input value of one event (a multivalue contributes each
//    of its values) with the event's _time and arrival sequence number.
//  - result() is the value Splunk shows: count -> number, values -> sorted
//    distinct multivalue, avg -> number, earliest -> the value, ...
//  - Order-dependent functions use _time, not arrival order, because Splunk
//    sees events newest-first (§0): first() is the value of the most recent
//    event and last() the oldest, i.e. first == latest and last == earliest.
//    Ties on _time: the later arrival is "more recent". See agg_policy.h.
//  - merge(other) combines two accumulators of the same function as if one
//    had seen both inputs: the result equals one accumulator over the union,
//    bit for bit, whatever the split and merge order, provided sequence
//    numbers are global (the engine's line numbers). Sums are exact
//    (ExactSum), so sum/avg/var/stdev do not depend on order either; list
//    keeps the kListMax entries of smallest sequence number, in that order.
//  - sparkline's result() is not final: its counts per second of _time as a
//    multivalue of "SECOND:COUNT", which runtime/interp/sparkline.h turns
//    into buckets once the time range of all groups is known.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/agg/exact_sum.h"
#include "runtime/core/value.h"

namespace rulejit::rt {

class ByteWriter;
class ByteReader;

class Accumulator {
 public:
  Accumulator(ir::AggFunc func, double param) : func_(func), param_(param) {}

  // Plain `count` (no input): one per event.
  void add_event() { ++count_; }
  // n such events at once (GroupTable's count-only storage).
  void add_events(uint64_t n) { count_ += n; }
  // One event's input value (null contributes nothing except to nothing).
  void add(const Value& v, double time, uint64_t seq);
  // Combine another accumulator of the same function and parameter (shards
  // of one aggregation); false, and nothing changed, when they differ.
  bool merge(const Accumulator& other);
  Value result() const;
  double param() const { return param_; }

  ir::AggFunc func() const { return func_; }
  // Approximate bytes held, for the memory budget.
  size_t memory_bytes() const;

  // Serialization (runtime/stream/partial_state.cpp): every field, in a
  // fixed order. decode() reads into a fresh accumulator of the same
  // function; false on malformed or truncated input.
  void encode(ByteWriter& w) const;
  bool decode(ByteReader& r);

 private:
  void add_text(const std::string& text, double time, uint64_t seq);
  // One numeric value of a function that takes_number (add_text's numeric
  // part, for a value already parsed or held as a number).
  void add_number(double x);
  static bool takes_number(ir::AggFunc f);

  // State only some functions use, allocated on their first value: a group
  // of `count` stays small (most stats groups are counts).
  struct TextState {
    std::string min_str, max_str;  // min/max: numbers rank below strings (§3.1)
    std::set<std::string> distinct;  // values / dc
    std::vector<std::pair<uint64_t, std::string>> list;  // list: (seq, text), by seq, capped
    std::vector<double> nums;        // median/perc numbers
    std::map<std::string, std::pair<uint64_t, uint64_t>> mode;  // text -> (count, first seq)
    std::vector<std::string> best_values;  // earliest/latest: the whole (multi)value at the best time
    std::map<int64_t, uint64_t> per_second;  // sparkline: values counted per whole second of _time
  };
  TextState& text() {
    if (!text_) text_ = std::make_unique<TextState>();
    return *text_;
  }

  ir::AggFunc func_;
  double param_;
  uint64_t count_ = 0;
  // numeric moments (sum, avg, stdev, var, range, sumsq): exact sums of x
  // and x^2 (x^2 split exactly into two doubles), so merges are exact.
  uint64_t num_count_ = 0;
  ExactSum sum_, sumsq_;
  bool has_num_ = false, has_str_ = false;
  double min_num_ = 0, max_num_ = 0;
  // earliest/latest
  bool has_time_ = false;
  double best_time_ = 0;
  uint64_t best_seq_ = 0;
  std::unique_ptr<TextState> text_;
};

}  // namespace rulejit::rt
