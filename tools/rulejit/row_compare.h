// Comparing result rows as multisets: both sides sorted, then what is only
// on one side listed, so a failing test shows a short, readable diff.
#pragma once

#include <string>
#include <vector>

namespace rulejit::cli {

// JSON object text with insignificant white space removed (simdjson), so
// rows written by hand compare equal to rows the engine formats. Invalid
// JSON: empty.
std::string canonical_json(const std::string& text);

struct RowDiff {
  std::vector<std::string> missing;     // expected, not produced (sorted)
  std::vector<std::string> unexpected;  // produced, not expected (sorted)
  bool equal() const { return missing.empty() && unexpected.empty(); }
};

RowDiff diff_rows(std::vector<std::string> expected, std::vector<std::string> actual);

// "  - <missing row>" and "  + <unexpected row>" lines, missing first.
std::string format_row_diff(const RowDiff& d, const std::string& indent = "  ");

}  // namespace rulejit::cli
