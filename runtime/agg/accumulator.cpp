#include "runtime/agg/accumulator.h"

#include <algorithm>
#include <cmath>

#include "runtime/agg/agg_policy.h"

namespace rulejit::rt {

using ir::AggFunc;

void Accumulator::add(const Value& v, double time, uint64_t seq) {
  if (v.is_null()) return;
  switch (func_) {
    case AggFunc::Earliest: case AggFunc::Latest: case AggFunc::First: case AggFunc::Last:
    case AggFunc::EarliestTime: case AggFunc::LatestTime: {
      bool want_min = func_ == AggFunc::Earliest || func_ == AggFunc::Last || func_ == AggFunc::EarliestTime;
      bool better;
      if (!has_time_) better = true;
      else if (time != best_time_) better = want_min ? time < best_time_ : time > best_time_;
      else better = want_min ? seq < best_seq_ : seq > best_seq_;
      if (better) {
        has_time_ = true;
        best_time_ = time;
        best_seq_ = seq;
        text().best_values = v.texts();
      }
      return;
    }
    default: break;
  }
  if (func_ == AggFunc::Count || func_ == AggFunc::CountField) {  // no text needed
    count_ += v.count();
    return;
  }
  if (func_ == AggFunc::Sparkline) {  // counts like count(field), per second
    text().per_second[static_cast<int64_t>(std::floor(time))] += v.count();
    return;
  }
  if (v.is_multi()) {
    for (const auto& t : v.as_multi()) add_text(t, time, seq);
  } else {
    add_text(v.to_text(), time, seq);
  }
}

void Accumulator::add_text(const std::string& t, double /*time*/, uint64_t seq) {
  switch (func_) {
    case AggFunc::DistinctCount: case AggFunc::Estdc: case AggFunc::Values:
      text().distinct.insert(t);
      return;
    case AggFunc::List:
      if (text().list.size() < agg_policy::kListMax) text().list.push_back(t);
      return;
    case AggFunc::Mode: {
      auto [it, inserted] = text().mode.try_emplace(t, 0, seq);
      ++it->second.first;
      (void)inserted;
      return;
    }
    case AggFunc::Min: case AggFunc::Max: {
      if (auto n = parse_number(t)) {
        if (!has_num_ || *n < min_num_) min_num_ = *n;
        if (!has_num_ || *n > max_num_) max_num_ = *n;
        has_num_ = true;
      } else {
        TextState& ts = text();
        if (!has_str_ || t < ts.min_str) ts.min_str = t;
        if (!has_str_ || t > ts.max_str) ts.max_str = t;
        has_str_ = true;
      }
      return;
    }
    default: break;
  }
  // Numeric functions: non-numeric values are ignored.
  auto n = parse_number(t);
  if (!n) return;
  double x = *n;
  ++num_count_;
  sum_ += x;
  sumsq_ += x * x;
  double delta = x - mean_;
  mean_ += delta / static_cast<double>(num_count_);
  m2_ += delta * (x - mean_);
  if (num_count_ == 1 || x < min_num_) min_num_ = x;
  if (num_count_ == 1 || x > max_num_) max_num_ = x;
  if (func_ == AggFunc::Median || func_ == AggFunc::Perc || func_ == AggFunc::ExactPerc ||
      func_ == AggFunc::UpperPerc)
    text().nums.push_back(x);
}

Value Accumulator::result() const {
  static const TextState kEmpty;
  const TextState& ts = text_ ? *text_ : kEmpty;
  switch (func_) {
    case AggFunc::Count:
    case AggFunc::CountField:
      return Value::number(static_cast<double>(count_));
    case AggFunc::DistinctCount: case AggFunc::Estdc:
      return Value::number(static_cast<double>(ts.distinct.size()));
    case AggFunc::Values:
      return Value::make_multi(std::vector<std::string>(ts.distinct.begin(), ts.distinct.end()));
    case AggFunc::Sparkline: {
      std::vector<std::string> out;
      for (const auto& [sec, n] : ts.per_second) out.push_back(std::to_string(sec) + ":" + std::to_string(n));
      return Value::make_multi(std::move(out));
    }
    case AggFunc::List:
      return Value::make_multi(ts.list);
    case AggFunc::Mode: {
      const std::string* best = nullptr;
      uint64_t best_count = 0, best_seq = 0;
      for (const auto& [text, cs] : ts.mode) {
        if (!best || cs.first > best_count || (cs.first == best_count && cs.second < best_seq)) {
          best = &text;
          best_count = cs.first;
          best_seq = cs.second;
        }
      }
      return best ? Value::string(*best) : Value();
    }
    case AggFunc::Min:
      if (has_num_) return Value::number(min_num_);
      return has_str_ ? Value::string(ts.min_str) : Value();
    case AggFunc::Max:
      if (has_str_) return Value::string(ts.max_str);
      return has_num_ ? Value::number(max_num_) : Value();
    case AggFunc::Earliest: case AggFunc::Latest: case AggFunc::First: case AggFunc::Last:
      return has_time_ ? Value::make_multi(ts.best_values) : Value();
    case AggFunc::EarliestTime: case AggFunc::LatestTime:
      return has_time_ ? Value::number(best_time_) : Value();
    default: break;
  }
  if (num_count_ == 0) return Value();
  double n = static_cast<double>(num_count_);
  switch (func_) {
    case AggFunc::Sum: return Value::number(sum_);
    case AggFunc::Sumsq: return Value::number(sumsq_);
    case AggFunc::Avg: return Value::number(sum_ / n);
    case AggFunc::Range: return Value::number(max_num_ - min_num_);
    case AggFunc::Var: return num_count_ < 2 ? Value() : Value::number(m2_ / (n - 1));
    case AggFunc::Varp: return Value::number(m2_ / n);
    case AggFunc::Stdev: return num_count_ < 2 ? Value() : Value::number(std::sqrt(m2_ / (n - 1)));
    case AggFunc::Stdevp: return Value::number(std::sqrt(m2_ / n));
    case AggFunc::Median: {
      std::vector<double> v = ts.nums;
      std::sort(v.begin(), v.end());
      size_t mid = v.size() / 2;
      if (v.size() % 2 == 0 && !agg_policy::kMedianHigherMiddle) return Value::number((v[mid - 1] + v[mid]) / 2);
      return Value::number(v[mid]);
    }
    case AggFunc::Perc: case AggFunc::ExactPerc: case AggFunc::UpperPerc: {
      std::vector<double> v = ts.nums;
      std::sort(v.begin(), v.end());
      // Rank p*(n-1)/100, multiplied before dividing so that documented
      // values come out exactly (perc95 of 1..10 is 9.55, not 9.549999...).
      double pos = std::clamp(param_, 0.0, 100.0) * static_cast<double>(v.size() - 1) / 100.0;
      size_t lo = static_cast<size_t>(std::floor(pos));
      size_t hi = std::min(lo + 1, v.size() - 1);
      if (func_ == AggFunc::UpperPerc) return Value::number(v[static_cast<size_t>(std::ceil(pos))]);
      return Value::number(v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]));
    }
    default: return Value();
  }
}

size_t Accumulator::memory_bytes() const {
  size_t bytes = sizeof(*this);
  if (!text_) return bytes;
  const TextState& ts = *text_;
  bytes += sizeof(TextState) + ts.min_str.size() + ts.max_str.size();
  for (const auto& s : ts.distinct) bytes += s.size() + 48;
  for (const auto& s : ts.list) bytes += s.size() + 32;
  for (const auto& s : ts.best_values) bytes += s.size() + 32;
  for (const auto& entry : ts.mode) bytes += entry.first.size() + 64;
  bytes += ts.per_second.size() * 48;
  return bytes + ts.nums.size() * sizeof(double);
}

}  // namespace rulejit::rt
