#include "runtime/interp/sparkline.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "runtime/functions/policy.h"

namespace rulejit::rt {

namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// "SECOND:COUNT" -> (second, count); false when malformed.
bool parse_entry(const std::string& text, int64_t& sec, uint64_t& n) {
  auto colon = text.find(':');
  if (colon == std::string::npos) return false;
  auto a = std::from_chars(text.data(), text.data() + colon, sec);
  auto b = std::from_chars(text.data() + colon + 1, text.data() + text.size(), n);
  return a.ec == std::errc() && b.ec == std::errc();
}

}  // namespace

bool has_sparkline(const std::vector<ir::AggSpec>& aggs) {
  return std::any_of(aggs.begin(), aggs.end(), [](const ir::AggSpec& a) { return a.func == ir::AggFunc::Sparkline; });
}

int64_t sparkline_span(double param, int64_t first_second, int64_t last_second) {
  if (param >= 1) return static_cast<int64_t>(param);
  const double range = static_cast<double>(last_second - first_second);
  for (int64_t s : policy::kSparklineDefaultSpans)
    if (range / static_cast<double>(s) <= policy::kSparklineDefaultBins) return s;
  return std::end(policy::kSparklineDefaultSpans)[-1];
}

size_t render_sparklines(const std::vector<ir::AggSpec>& aggs, std::vector<Row>& rows) {
  size_t failed = 0;
  for (const auto& a : aggs) {
    if (a.func != ir::AggFunc::Sparkline) continue;
    // Each row's per-second counts, and the range over all rows.
    std::vector<std::vector<std::pair<int64_t, uint64_t>>> counts(rows.size());
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (size_t r = 0; r < rows.size(); ++r) {
      for (const auto& t : rows[r].slots[a.output].texts()) {
        int64_t sec = 0;
        uint64_t n = 0;
        if (!parse_entry(t, sec, n)) continue;
        counts[r].emplace_back(sec, n);
        lo = std::min(lo, sec);
        hi = std::max(hi, sec);
      }
    }
    int64_t span = lo <= hi ? sparkline_span(a.param, lo, hi) : 1;
    int64_t first = lo <= hi ? floor_div(lo, span) : 0;
    int64_t buckets = lo <= hi ? floor_div(hi, span) - first + 1 : 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (buckets > policy::kSparklineMaxBuckets) {
        rows[r].slots[a.output] = Value();
        ++failed;
        continue;
      }
      std::vector<uint64_t> per(static_cast<size_t>(buckets), 0);
      for (const auto& [sec, n] : counts[r]) per[static_cast<size_t>(floor_div(sec, span) - first)] += n;
      std::vector<std::string> out{policy::kSparklineMarker};
      for (uint64_t n : per) out.push_back(std::to_string(n));
      rows[r].slots[a.output] = Value::make_multi(std::move(out));
    }
  }
  return failed;
}

}  // namespace rulejit::rt
