// Rendering of stats/tstats `sparkline` results (policy.h "sparkline"): the
// accumulator counts per second; once every group is known the shared time
// range and default span are fixed and each row becomes
// ["##__SPARKLINE__##", count of bucket 1, ..., count of bucket n].
#pragma once

#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

bool has_sparkline(const std::vector<ir::AggSpec>& aggs);

// The span in seconds a sparkline with `param` (0 = default) uses over the
// range [first_second, last_second].
int64_t sparkline_span(double param, int64_t first_second, int64_t last_second);

// Replaces each sparkline output of `rows` (per-second counts) by its
// rendered buckets. Returns how many rows could not be rendered (too many
// buckets: null).
size_t render_sparklines(const std::vector<ir::AggSpec>& aggs, std::vector<Row>& rows);

}  // namespace rulejit::rt
