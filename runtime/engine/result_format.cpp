#include "runtime/engine/result_format.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "runtime/engine/engine.h"

namespace rulejit::rt {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
}

void append_json_value(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: out += "null"; return;
    case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::Number: {
      double d = v.as_number();
      if (std::isfinite(d)) out += format_number(d);
      else append_json_string(out, format_number(d));
      return;
    }
    case Value::Kind::String: append_json_string(out, v.as_string()); return;
    case Value::Kind::Multi: {
      out += '[';
      bool first = true;
      for (const auto& t : v.as_multi()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, t);
      }
      out += ']';
      return;
    }
  }
}

std::string format_result_json(const std::string& rule_name, const std::string& rule_id, const ir::Plan& plan,
                               const Row& row, const std::vector<LeadingField>& leading) {
  std::string out = "{\"rule\":";
  append_json_string(out, rule_name);
  out += ",\"rule_id\":";
  append_json_string(out, rule_id);
  for (const auto& f : leading) {
    out += ',';
    append_json_string(out, f.name);
    out += ':';
    out += format_number(f.value);
  }
  for (ir::SlotId c : result_columns(plan, row)) {
    out += ',';
    append_json_string(out, plan.slots[c]);
    out += ':';
    append_json_value(out, row.slots[c]);
  }
  out += '}';
  return out;
}

void TableFormatter::add(const std::string& rule_name, const ir::Plan& plan, const Row& row,
                         const std::vector<LeadingField>& leading) {
  auto cols = result_columns(plan, row);
  std::vector<std::string> header;
  for (const auto& f : leading) header.push_back(f.name);
  for (auto c : cols) header.push_back(plan.slots[c]);
  auto it = std::find_if(tables_.begin(), tables_.end(),
                         [&](const RuleTable& t) { return t.rule == rule_name && t.header == header; });
  if (it == tables_.end()) {
    tables_.push_back({rule_name, header, {}});
    it = tables_.end() - 1;
  }
  std::vector<std::string> cells;
  for (const auto& f : leading) cells.push_back(format_number(f.value));
  for (auto c : cols) {
    const Value& v = row.slots[c];
    std::string cell;
    for (size_t i = 0; i < v.count(); ++i) cell += (i ? " | " : "") + v.value_text(i);
    cells.push_back(cell);
  }
  it->rows.push_back(std::move(cells));
}

std::string TableFormatter::render() const {
  std::string out;
  for (const auto& t : tables_) {
    out += "== " + t.rule + " (" + std::to_string(t.rows.size()) + " result" + (t.rows.size() == 1 ? "" : "s") +
           ")\n";
    std::vector<size_t> w(t.header.size());
    for (size_t i = 0; i < t.header.size(); ++i) w[i] = std::min<size_t>(t.header[i].size(), 60);
    for (const auto& r : t.rows)
      for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], std::min<size_t>(r[i].size(), 60));
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l;
      for (size_t i = 0; i < cells.size(); ++i) {
        std::string c = cells[i].size() > 60 ? cells[i].substr(0, 57) + "..." : cells[i];
        l += c + std::string(w[i] - std::min(w[i], c.size()) + 2, ' ');
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      return l + "\n";
    };
    out += line(t.header);
    std::vector<std::string> dashes;
    for (size_t x : w) dashes.push_back(std::string(x, '-'));
    out += line(dashes);
    for (const auto& r : t.rows) out += line(r);
    out += "\n";
  }
  return out;
}

}  // namespace rulejit::rt
