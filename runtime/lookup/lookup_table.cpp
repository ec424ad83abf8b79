#include "runtime/lookup/lookup_table.h"

#include <algorithm>
#include <cctype>

#include "runtime/functions/matchers.h"
#include "runtime/functions/network.h"

namespace rulejit::rt {
namespace {

std::string fold(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool parse_csv(std::string_view text, std::vector<std::vector<std::string>>& rows, std::string* error) {
  // Spreadsheet programs start UTF-8 CSV files with a byte order mark; it is
  // not part of the first column's name.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false, cell_started = false;
  size_t line = 1, quote_line = 1;
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      in_quotes = true;
      quote_line = line;
      cell_started = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n') {
      if (!cell.empty() && cell.back() == '\r') cell.pop_back();
      end_row();
      ++line;
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (in_quotes) {
    if (error) *error = "line " + std::to_string(quote_line) + ": a quoted field is never closed";
    return false;
  }
  if (!cell.empty() && cell.back() == '\r') cell.pop_back();
  if (!cell.empty() || !row.empty()) end_row();
  return true;
}

std::shared_ptr<const LookupTable> LookupTable::load(const ir::LookupRef& ref, std::string* error) {
  if (!ref.csv_text) {
    if (error) *error = ref.name + ": the lookup's data was not read when the pack was built";
    return nullptr;
  }
  return from_csv_text(ref, *ref.csv_text, error);
}

std::shared_ptr<const LookupTable> LookupTable::from_csv_text(const ir::LookupRef& ref, std::string_view csv,
                                                              std::string* error) {
  std::vector<std::vector<std::string>> rows;
  std::string err;
  if (!parse_csv(csv, rows, &err)) {
    if (error) *error = ref.name + ": " + err;
    return nullptr;
  }
  if (rows.empty()) {
    if (error) *error = ref.name + ": lookup file has no header row";
    return nullptr;
  }
  auto t = std::shared_ptr<LookupTable>(new LookupTable());
  t->ref_ = ref;
  t->columns_ = std::move(rows[0]);
  size_t ncol = t->columns_.size();
  for (size_t i = 1; i < rows.size(); ++i) {
    rows[i].resize(ncol);  // short rows pad with empty cells, long rows are cut
    t->rows_.push_back(std::move(rows[i]));
  }
  t->wildcard_.assign(ncol, false);
  t->cidr_.assign(ncol, false);
  for (size_t c = 0; c < ncol; ++c) {
    const auto& name = t->columns_[c];
    t->wildcard_[c] = std::find(ref.wildcard_columns.begin(), ref.wildcard_columns.end(), name) !=
                      ref.wildcard_columns.end();
    t->cidr_[c] = std::find(ref.cidr_columns.begin(), ref.cidr_columns.end(), name) != ref.cidr_columns.end();
  }
  t->build_indexes();
  return t;
}

// Columns matched by plain equality (not CIDR, no glob cell) get a hash
// index: value (folded when the lookup ignores case) -> rows, in file order.
void LookupTable::build_indexes() {
  index_.assign(columns_.size(), {});
  indexed_.assign(columns_.size(), false);
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (cidr_[c]) continue;
    bool plain = true;
    for (const auto& row : rows_)
      if (wildcard_[c] && row[c].find('*') != std::string::npos) plain = false;
    if (!plain) continue;
    indexed_[c] = true;
    for (size_t r = 0; r < rows_.size(); ++r)
      index_[c][ref_.case_sensitive ? rows_[r][c] : fold(rows_[r][c])].push_back(static_cast<uint32_t>(r));
  }
}

int LookupTable::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == name) return static_cast<int>(i);
  return -1;
}

bool LookupTable::cell_matches(size_t col, const std::string& cell, const std::string& value) const {
  if (cidr_[col]) {
    if (auto block = parse_cidr(cell)) return block->contains(std::string_view(value));
    return cell == value;
  }
  if (wildcard_[col] && cell.find('*') != std::string::npos)
    return GlobPattern(cell, ref_.case_sensitive).match(value);
  if (ref_.case_sensitive) return cell == value;
  return cell.size() == value.size() && fold(cell) == fold(value);
}

std::vector<size_t> LookupTable::match(const std::vector<std::pair<int, std::vector<std::string>>>& inputs) const {
  std::vector<size_t> out;
  // Through an indexed input column: only the rows holding one of its values
  // are checked (in file order), not every row.
  for (const auto& [col, values] : inputs) {
    if (col < 0 || !indexed_[static_cast<size_t>(col)]) continue;
    std::vector<uint32_t> rows;
    const auto& index = index_[static_cast<size_t>(col)];
    for (const auto& v : values) {
      auto it = index.find(ref_.case_sensitive ? v : fold(v));
      if (it != index.end()) rows.insert(rows.end(), it->second.begin(), it->second.end());
    }
    if (values.size() > 1) {
      std::sort(rows.begin(), rows.end());
      rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    }
    for (uint32_t r : rows) {
      if (out.size() >= ref_.max_matches) break;
      if (row_matches(r, inputs)) out.push_back(r);
    }
    return out;
  }
  for (size_t r = 0; r < rows_.size() && out.size() < ref_.max_matches; ++r)
    if (row_matches(r, inputs)) out.push_back(r);
  return out;
}

bool LookupTable::row_matches(size_t r, const std::vector<std::pair<int, std::vector<std::string>>>& inputs) const {
  for (const auto& [col, values] : inputs) {
    if (col < 0) return false;
    const std::string& cell = rows_[r][static_cast<size_t>(col)];
    bool any = false;
    for (const auto& v : values)
      if (cell_matches(static_cast<size_t>(col), cell, v)) {
        any = true;
        break;
      }
    if (!any) return false;
  }
  return true;
}

std::shared_ptr<const LookupTable> LookupCatalog::get(const ir::LookupRef& ref, std::string* error) {
  auto it = tables_.find(ref.name);
  if (it != tables_.end()) return it->second;
  auto t = LookupTable::load(ref, error);
  if (t) tables_[ref.name] = t;
  return t;
}

void LookupCatalog::add(const std::string& name, std::shared_ptr<const LookupTable> table) {
  tables_[name] = std::move(table);
}

}  // namespace rulejit::rt
