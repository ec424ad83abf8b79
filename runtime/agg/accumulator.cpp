#include "runtime/agg/accumulator.h"

#include <algorithm>
#include <cmath>

#include "runtime/agg/agg_policy.h"

namespace rulejit::rt {

using ir::AggFunc;

// The functions that need both exact sums (Σx and Σx²).
static bool is_moment(AggFunc f) {
  return f == AggFunc::Stdev || f == AggFunc::Stdevp || f == AggFunc::Var || f == AggFunc::Varp;
}

// n·Σx² − (Σx)² exactly (then rounded once): each partial of Σx² times n
// and each product of two partials of Σx split exactly into two doubles.
// n <= 2^53 keeps the products exact; the result depends only on the exact
// sums, never on the order the terms came in.
static double scaled_variance_numerator(const ExactSum& s1, const ExactSum& s2, double n) {
  if (s1.has_special() || s2.has_special()) return s2.value() * n - s1.value() * s1.value();
  ExactSum t;
  double hi, lo;
  for (double p : s2.partials()) {
    two_product(p, n, hi, lo);
    t.add(hi);
    t.add(lo);
  }
  auto ps = s1.partials();
  for (size_t i = 0; i < ps.size(); ++i)
    for (size_t j = 0; j < ps.size(); ++j) {
      two_product(ps[i], ps[j], hi, lo);
      t.add(-hi);
      t.add(-lo);
    }
  return std::max(t.value(), 0.0);
}

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
  } else if (v.is_number() && std::isfinite(v.as_number()) && takes_number(func_)) {
    // What parsing the number's text gives back (format_number is exact
    // for finite values, and prints -0 as "0"), without the text.
    add_number(v.as_number() == 0 ? 0.0 : v.as_number());
  } else {
    add_text(v.to_text(), time, seq);
  }
}

bool Accumulator::takes_number(AggFunc f) {
  switch (f) {
    case AggFunc::DistinctCount: case AggFunc::Estdc: case AggFunc::Values: case AggFunc::List:
    case AggFunc::Mode:
      return false;  // these keep the text
    default:
      return true;
  }
}

void Accumulator::add_text(const std::string& t, double /*time*/, uint64_t seq) {
  switch (func_) {
    case AggFunc::DistinctCount: case AggFunc::Estdc: case AggFunc::Values:
      text().distinct.insert(t);
      return;
    case AggFunc::List: {
      // The kListMax entries of smallest seq, in seq order; values of one
      // event (equal seq) keep their order. In-order arrival appends.
      auto& list = text().list;
      if (list.size() >= agg_policy::kListMax && seq >= list.back().first) return;
      auto at = list.end();
      if (!list.empty() && seq < list.back().first)
        at = std::upper_bound(list.begin(), list.end(), seq,
                              [](uint64_t s, const std::pair<uint64_t, std::string>& e) { return s < e.first; });
      list.emplace(at, seq, t);
      if (list.size() > agg_policy::kListMax) list.pop_back();
      return;
    }
    case AggFunc::Mode: {
      // (count, first seq): the smallest seq, whatever the arrival order.
      auto [it, inserted] = text().mode.try_emplace(t, 0, seq);
      ++it->second.first;
      if (!inserted) it->second.second = std::min(it->second.second, seq);
      return;
    }
    case AggFunc::Min: case AggFunc::Max: {
      if (auto n = parse_number(t)) {
        add_number(*n);
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
  if (auto n = parse_number(t)) add_number(*n);
}

void Accumulator::add_number(double x) {
  if (func_ == AggFunc::Min || func_ == AggFunc::Max) {
    if (!has_num_ || x < min_num_) min_num_ = x;
    if (!has_num_ || x > max_num_) max_num_ = x;
    has_num_ = true;
    return;
  }
  ++num_count_;
  if (func_ == AggFunc::Sum || func_ == AggFunc::Avg || is_moment(func_)) sum_.add(x);
  if (func_ == AggFunc::Sumsq || is_moment(func_)) {
    double hi, lo;
    two_product(x, x, hi, lo);
    sumsq_.add(hi);
    sumsq_.add(lo);
  }
  if (num_count_ == 1 || x < min_num_) min_num_ = x;
  if (num_count_ == 1 || x > max_num_) max_num_ = x;
  if (func_ == AggFunc::Median || func_ == AggFunc::Perc || func_ == AggFunc::ExactPerc ||
      func_ == AggFunc::UpperPerc)
    text().nums.push_back(x);
}

bool Accumulator::merge(const Accumulator& o) {
  if (&o == this) return false;  // would count itself twice
  if (o.func_ != func_ || o.param_ != param_) return false;
  count_ += o.count_;
  if (!o.text_ && !o.has_time_ && o.num_count_ == 0 && !o.has_num_ && !o.has_str_) return true;  // nothing else
  static const TextState kEmpty;
  const TextState& ot = o.text_ ? *o.text_ : kEmpty;
  switch (func_) {
    case AggFunc::Count: case AggFunc::CountField:
      return true;
    case AggFunc::Earliest: case AggFunc::Latest: case AggFunc::First: case AggFunc::Last:
    case AggFunc::EarliestTime: case AggFunc::LatestTime: {
      if (!o.has_time_) return true;
      bool want_min = func_ == AggFunc::Earliest || func_ == AggFunc::Last || func_ == AggFunc::EarliestTime;
      bool better;  // as in add()
      if (!has_time_) better = true;
      else if (o.best_time_ != best_time_) better = want_min ? o.best_time_ < best_time_ : o.best_time_ > best_time_;
      else better = want_min ? o.best_seq_ < best_seq_ : o.best_seq_ > best_seq_;
      if (better) {
        has_time_ = true;
        best_time_ = o.best_time_;
        best_seq_ = o.best_seq_;
        text().best_values = ot.best_values;
      }
      return true;
    }
    case AggFunc::Sparkline:
      for (const auto& [sec, n] : ot.per_second) text().per_second[sec] += n;
      return true;
    case AggFunc::DistinctCount: case AggFunc::Estdc: case AggFunc::Values:
      if (!ot.distinct.empty()) text().distinct.insert(ot.distinct.begin(), ot.distinct.end());
      return true;
    case AggFunc::List: {
      if (ot.list.empty()) return true;
      // Interleave by seq (ties: this side first, as its entries are kept in
      // order already), then cap.
      auto& mine = text().list;
      std::vector<std::pair<uint64_t, std::string>> out;
      out.reserve(std::min(mine.size() + ot.list.size(), agg_policy::kListMax));
      size_t i = 0, j = 0;
      while (out.size() < agg_policy::kListMax && (i < mine.size() || j < ot.list.size())) {
        if (j == ot.list.size() || (i < mine.size() && mine[i].first <= ot.list[j].first)) out.push_back(std::move(mine[i++]));
        else out.push_back(ot.list[j++]);
      }
      mine = std::move(out);
      return true;
    }
    case AggFunc::Mode:
      for (const auto& [t, cs] : ot.mode) {
        auto [it, inserted] = text().mode.try_emplace(t, cs);
        if (inserted) continue;
        it->second.first += cs.first;
        it->second.second = std::min(it->second.second, cs.second);
      }
      return true;
    case AggFunc::Min: case AggFunc::Max:
      if (o.has_num_) {
        if (!has_num_ || o.min_num_ < min_num_) min_num_ = o.min_num_;
        if (!has_num_ || o.max_num_ > max_num_) max_num_ = o.max_num_;
        has_num_ = true;
      }
      if (o.has_str_) {
        TextState& ts = text();
        if (!has_str_ || ot.min_str < ts.min_str) ts.min_str = ot.min_str;
        if (!has_str_ || ot.max_str > ts.max_str) ts.max_str = ot.max_str;
        has_str_ = true;
      }
      return true;
    default: break;
  }
  // Numeric functions.
  if (o.num_count_ == 0) return true;
  if (num_count_ == 0 || o.min_num_ < min_num_) min_num_ = o.min_num_;
  if (num_count_ == 0 || o.max_num_ > max_num_) max_num_ = o.max_num_;
  num_count_ += o.num_count_;
  sum_.add(o.sum_);
  sumsq_.add(o.sumsq_);
  if (!ot.nums.empty()) text().nums.insert(text().nums.end(), ot.nums.begin(), ot.nums.end());
  return true;
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
    case AggFunc::List: {
      std::vector<std::string> out;
      out.reserve(ts.list.size());
      for (const auto& e : ts.list) out.push_back(e.second);
      return Value::make_multi(std::move(out));
    }
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
  // Variances from exact sums: n·Σx² − (Σx)² over n(n−1) (sample) or n².
  auto variance = [&](bool sample) {
    return scaled_variance_numerator(sum_, sumsq_, n) / (n * (sample ? n - 1 : n));
  };
  switch (func_) {
    case AggFunc::Sum: return Value::number(sum_.value());
    case AggFunc::Sumsq: return Value::number(sumsq_.value());
    case AggFunc::Avg: return Value::number(sum_.value() / n);
    case AggFunc::Range: return Value::number(max_num_ - min_num_);
    case AggFunc::Var: return num_count_ < 2 ? Value() : Value::number(variance(true));
    case AggFunc::Varp: return Value::number(variance(false));
    case AggFunc::Stdev: return num_count_ < 2 ? Value() : Value::number(std::sqrt(variance(true)));
    case AggFunc::Stdevp: return Value::number(std::sqrt(variance(false)));
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
  size_t bytes = sizeof(*this) + sum_.heap_bytes() + sumsq_.heap_bytes();
  if (!text_) return bytes;
  const TextState& ts = *text_;
  bytes += sizeof(TextState) + ts.min_str.size() + ts.max_str.size();
  for (const auto& s : ts.distinct) bytes += s.size() + 48;
  for (const auto& e : ts.list) bytes += e.second.size() + 40;
  for (const auto& s : ts.best_values) bytes += s.size() + 32;
  for (const auto& entry : ts.mode) bytes += entry.first.size() + 64;
  bytes += ts.per_second.size() * 48;
  return bytes + ts.nums.size() * sizeof(double);
}

}  // namespace rulejit::rt
