// Lookup tables (spl-semantics.md §3.13): CSV files matched by input columns.
//
// Contract:
//  - A LookupTable is loaded once from its CSV (RFC 4180 quoting, CRLF ok,
//    header row required) and is immutable afterwards (thread-safe reads).
//  - match() returns the indexes of matching rows in file order, at most
//    max_matches. A row matches when every input column matches one of the
//    given values: exact (case-sensitive unless the definition says
//    otherwise), glob for WILDCARD(col) columns (the CSV cell is the
//    pattern), subnet for CIDR(col) columns.
//  - Fewer than min_matches rows -> the caller outputs default_match.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ir/plan.h"

namespace rulejit::rt {

class LookupTable {
 public:
  // Builds the table from ref.csv_text. On failure returns nullptr and sets *error.
  static std::shared_ptr<const LookupTable> load(const ir::LookupRef& ref, std::string* error);
  // Builds a table from memory (tests, inline data).
  static std::shared_ptr<const LookupTable> from_csv_text(const ir::LookupRef& ref, std::string_view csv,
                                                           std::string* error);

  const ir::LookupRef& ref() const { return ref_; }
  const std::vector<std::string>& columns() const { return columns_; }
  int column_index(std::string_view name) const;
  size_t row_count() const { return rows_.size(); }
  const std::string& cell(size_t row, size_t col) const { return rows_[row][col]; }

  // inputs[i] = (column index, candidate values of the event field)
  std::vector<size_t> match(const std::vector<std::pair<int, std::vector<std::string>>>& inputs) const;

 private:
  bool cell_matches(size_t col, const std::string& cell, const std::string& value) const;
  bool row_matches(size_t row, const std::vector<std::pair<int, std::vector<std::string>>>& inputs) const;
  void build_indexes();

  ir::LookupRef ref_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> wildcard_, cidr_;
  std::vector<bool> indexed_;  // per column: index_ holds it (build_indexes)
  std::vector<std::unordered_map<std::string, std::vector<uint32_t>>> index_;
};

// Parse CSV text into rows of cells. Returns false with *error on a malformed
// quote. Exposed for tests.
bool parse_csv(std::string_view text, std::vector<std::vector<std::string>>& rows, std::string* error);

// Resolves a plan's lookups to loaded tables, caching by name.
class LookupCatalog {
 public:
  std::shared_ptr<const LookupTable> get(const ir::LookupRef& ref, std::string* error);
  void add(const std::string& name, std::shared_ptr<const LookupTable> table);

 private:
  std::unordered_map<std::string, std::shared_ptr<const LookupTable>> tables_;
};

}  // namespace rulejit::rt
