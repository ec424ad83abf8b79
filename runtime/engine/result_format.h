// Rendering result rows: NDJSON objects (for files, pipes and the C API) and
// aligned text tables (for people).
//
// NDJSON contract: {"rule":"<name>","rule_id":"<id>", <column>: <value>, ...}
// in column order (result_columns); LeadingFields, when given, come right
// after rule_id as JSON numbers. A single value is a JSON string, a
// Number-typed value a JSON number, a multivalue a JSON array of strings.
// Internal fields other than _time are not shown.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

void append_json_string(std::string& out, std::string_view s);
void append_json_value(std::string& out, const Value& v);
// A number shown before the row's columns (not part of the row): e.g. the
// `_window_start` / `_window_end` of `rulejit run --window`.
struct LeadingField {
  std::string name;
  double value = 0;
};

std::string format_result_json(const std::string& rule_name, const std::string& rule_id, const ir::Plan& plan,
                               const Row& row, const std::vector<LeadingField>& leading = {});

// Collects rows of several rules and prints one aligned table per rule.
class TableFormatter {
 public:
  void add(const std::string& rule_name, const ir::Plan& plan, const Row& row,
           const std::vector<LeadingField>& leading = {});
  std::string render() const;

 private:
  struct RuleTable {
    std::string rule;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
  };
  std::vector<RuleTable> tables_;
};

}  // namespace rulejit::rt
