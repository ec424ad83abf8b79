#include "runtime/stream/state_budget.h"

#include <algorithm>

namespace rulejit::rt {

bool StateBudget::needs_measure(size_t groups) {
  since_measure_ += kProbeEvery;
  if (since_measure_ >= std::max<size_t>(kProbeEvery, bytes_ / kMeasureCostDivisor)) return true;
  // New groups since the last measure, at that measure's bytes per group.
  const size_t per_group = groups_ > 0 ? std::max<size_t>(bytes_ / groups_, 1) : kFirstBytesPerGroup;
  const size_t added = groups > groups_ ? groups - groups_ : 0;
  return bytes_ + added * per_group > cut_point();
}

bool StateBudget::measured(size_t bytes, size_t groups) {
  since_measure_ = 0;
  ++measures_;
  bytes_ = bytes;
  groups_ = groups;
  peak_bytes_ = std::max(peak_bytes_, bytes);
  peak_groups_ = std::max(peak_groups_, groups);
  return enabled() && bytes > cut_point();
}

}  // namespace rulejit::rt
