// The pack-size curve of `rulejit bench --sweep`: events/s against the number
// of rules, as a TSV table (so a later run can draw an earlier one beside it)
// and as a self-contained SVG picture (log-log axes: a pack whose cost grows
// in proportion to its rules is a straight line falling at 45 degrees, a pack
// that shares its work stays flat).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rulejit::cli {

struct SweepPoint {
  size_t rules = 0;
  double events_per_s = 0;
  double mb_per_s = 0;
  double vs_baseline = 0;  // MB/s ratio to the hand-written one-rule program
};

struct SweepCurve {
  std::string label;  // e.g. "jit", or "jit (before)" for a curve read back
  std::vector<SweepPoint> points;
};

// TSV: a header line, then `label<TAB>rules<TAB>events/s<TAB>MB/s<TAB>vs baseline`.
std::string sweep_to_tsv(const std::vector<SweepCurve>& curves);
// Curves of a TSV written by sweep_to_tsv, in the order of first appearance;
// false with `error` (line number and what is wrong) on anything else.
bool sweep_from_tsv(const std::string& text, std::vector<SweepCurve>& curves, std::string* error);

// An SVG document: one polyline with labelled markers per curve, log axes,
// and the hand-written baseline's events/s as a dashed line when > 0.
std::string sweep_svg(const std::vector<SweepCurve>& curves, double baseline_events_per_s, const std::string& title);

}  // namespace rulejit::cli
