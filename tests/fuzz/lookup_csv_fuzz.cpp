// libFuzzer target: lookup CSV loading and matching must never crash, hang or
// hit UB, whatever the file holds (a pack's lookups are written by others).
// The first byte picks the definition's options (case sensitivity, WILDCARD
// and CIDR columns, max_matches); the rest is the CSV. Every cell of the
// table is then looked up against the table itself and a few odd values.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/lookup/lookup_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const std::string_view csv(reinterpret_cast<const char*>(data + 1), size - 1);

  rulejit::ir::LookupRef ref;
  ref.name = "fuzz";
  ref.case_sensitive = flags & 1;
  ref.max_matches = 1 + (flags >> 5);
  std::vector<std::vector<std::string>> rows;
  std::string error;
  if (!rulejit::rt::parse_csv(csv, rows, &error) || rows.empty()) return 0;
  ref.columns = rows[0];
  for (size_t c = 0; c < ref.columns.size() && c < 4; ++c) {
    if (flags & (2u << c)) ref.wildcard_columns.push_back(ref.columns[c]);
    else if (flags & (16u >> c)) ref.cidr_columns.push_back(ref.columns[c]);
  }
  auto table = rulejit::rt::LookupTable::from_csv_text(ref, csv, &error);
  if (!table) return 0;

  std::vector<std::string> probes = {"", "*", "10.0.0.1", "::1", "A", "\xff"};
  for (size_t r = 0; r < table->row_count() && r < 16; ++r)
    for (size_t c = 0; c < table->columns().size() && c < 4; ++c) probes.push_back(table->cell(r, c));
  for (size_t c = 0; c < table->columns().size() && c < 4; ++c) {
    for (const auto& p : probes) {
      std::vector<std::pair<int, std::vector<std::string>>> inputs = {{static_cast<int>(c), {p}}};
      for (size_t row : table->match(inputs))
        if (row >= table->row_count()) __builtin_trap();
    }
  }
  return 0;
}
