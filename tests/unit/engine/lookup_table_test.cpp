// LookupTable::match (spl-semantics.md §3.13): the hash index over plain
// columns returns exactly the rows a row-by-row scan returns, in file order,
// whatever the case rule, wildcard and CIDR columns, repeats and max_matches.
#include "runtime/lookup/lookup_table.h"

#include <gtest/gtest.h>

#include <random>

namespace rulejit::rt {
namespace {

// What match() must return, from first principles: every input column's
// cell equals (or globs, or contains) one of its values.
std::vector<size_t> reference(const LookupTable& t, const std::vector<std::pair<int, std::vector<std::string>>>& in,
                              bool case_sensitive, uint32_t max_matches) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::vector<size_t> out;
  for (size_t r = 0; r < t.row_count() && out.size() < max_matches; ++r) {
    bool all = true;
    for (const auto& [col, values] : in) {
      bool any = false;
      for (const auto& v : values) {
        const std::string& cell = t.cell(r, static_cast<size_t>(col));
        if (cell.find('*') != std::string::npos && t.columns()[static_cast<size_t>(col)] == "glob") {
          const std::string prefix = cell.substr(0, cell.find('*'));
          const std::string a = case_sensitive ? v : lower(v), p = case_sensitive ? prefix : lower(prefix);
          any = any || a.rfind(p, 0) == 0;  // the test's glob cells are "prefix*"
        } else {
          any = any || (case_sensitive ? cell == v : lower(cell) == lower(v));
        }
      }
      all = all && any;
    }
    if (all) out.push_back(r);
  }
  return out;
}

TEST(LookupTable, IndexedMatchEqualsARowByRowScan) {
  std::mt19937 rng(11);
  const std::vector<std::string> words = {"nmap", "NMAP", "Nmap", "socat", "nc", "", "curl", "x"};
  for (const bool cs : {true, false}) {
    for (const uint32_t max : {1u, 2u, 100u}) {
      std::string csv = "tool,category,glob\n";
      for (int r = 0; r < 60; ++r)
        csv += words[rng() % words.size()] + "," + words[rng() % words.size()] + "," +
               (rng() % 3 == 0 ? words[rng() % words.size()] + "*" : words[rng() % words.size()]) + "\n";
      ir::LookupRef ref;
      ref.name = "t";
      ref.case_sensitive = cs;
      ref.max_matches = max;
      ref.wildcard_columns = {"glob"};
      std::string err;
      auto t = LookupTable::from_csv_text(ref, csv, &err);
      ASSERT_TRUE(t) << err;
      for (int q = 0; q < 300; ++q) {
        std::vector<std::pair<int, std::vector<std::string>>> in;
        for (int col : {0, 1, 2}) {
          if (rng() % 2) continue;
          std::vector<std::string> values;
          for (size_t n = 1 + rng() % 3; n > 0; --n) values.push_back(words[rng() % words.size()]);
          in.emplace_back(col, values);
        }
        if (in.empty()) in.emplace_back(0, std::vector<std::string>{words[rng() % words.size()]});
        EXPECT_EQ(t->match(in), reference(*t, in, cs, max)) << "case_sensitive=" << cs << " max=" << max;
      }
      // A column the lookup does not have matches no row.
      EXPECT_TRUE(t->match({{-1, {"nmap"}}, {0, {"nmap"}}}).empty());
    }
  }
}

}  // namespace
}  // namespace rulejit::rt
