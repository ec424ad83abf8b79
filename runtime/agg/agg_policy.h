// Aggregation choices where Splunk is UNCERTAIN (spl-semantics.md §3.1, §6).
// One named place; each is pinned by a test in tests/unit/agg/.
#pragma once

#include <cstddef>

namespace rulejit::rt::agg_policy {

// list() keeps at most this many values (limits.conf list_maxsize).
inline constexpr size_t kListMax = 100;
// count(f) on a multivalue field counts each value.
inline constexpr bool kCountEachValue = true;
// median: the higher of the two middle values for an even count.
inline constexpr bool kMedianHigherMiddle = true;
// perc<N>: linear interpolation between closest ranks (exactperc semantics):
// perc50(1..10) = 5.5, perc95(1..10) = 9.55 as in Splunk's documentation.
// Ties on _time for earliest/latest/first/last: a later arrival counts as more recent.
inline constexpr bool kLaterArrivalIsMoreRecent = true;

}  // namespace rulejit::rt::agg_policy
