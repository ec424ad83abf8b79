#include "tools/rulejit/row_compare.h"

#include <simdjson.h>

#include <algorithm>
#include <iterator>

namespace rulejit::cli {

std::string canonical_json(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::padded_string ps(text);
  simdjson::dom::element doc;
  if (parser.parse(ps).get(doc) != simdjson::SUCCESS || !doc.is_object()) return {};
  return simdjson::minify(doc);
}

RowDiff diff_rows(std::vector<std::string> expected, std::vector<std::string> actual) {
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  RowDiff d;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(d.missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(d.unexpected));
  return d;
}

std::string format_row_diff(const RowDiff& d, const std::string& indent) {
  std::string out;
  for (const auto& r : d.missing) out += indent + "- " + r + "\n";
  for (const auto& r : d.unexpected) out += indent + "+ " + r + "\n";
  return out;
}

}  // namespace rulejit::cli
