// A subsearch inside a search expression, `... [| inputlookup t | rename a
// as b | table b]`: Splunk runs it first and splices its rows in as
// `(b="v1") OR (b="v2") ...` (each row an AND of its non-empty fields). Over
// a lookup the rows are known when the rule is compiled, so the filter is
// built here and lowered like written search terms. A subsearch over events
// would need every event held until the subsearch finished: unsupported.
#include "compiler/commands/fields.h"
#include "compiler/commands/inputlookup.h"
#include "compiler/commands/rename.h"
#include "compiler/commands/table.h"
#include "compiler/lower/lowerer.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {
namespace {

using Row = std::vector<std::pair<std::string, std::string>>;  // field, value in column order

// Splunk's subsearch row limit (limits.conf [subsearch] maxout).
constexpr size_t kSubsearchMaxRows = 10000;

// Applies rename/table/fields to the rows; false (with an issue) for any
// other command or a wildcard.
bool apply_command(const spl::Command& c, std::vector<Row>& rows, Lowerer& l) {
  auto no_wildcards = [&](const std::vector<spl::FieldName>& fs) {
    for (const auto& f : fs)
      if (has_wildcard(f.name)) {
        l.unsupported(f.span, "wildcards in a lookup subsearch are not supported");
        return false;
      }
    return true;
  };
  if (c.name == "rename") {
    for (const auto& p : static_cast<const spl::RenameCommand&>(c).pairs) {
      if (has_wildcard(p.from.name) || has_wildcard(p.to.name)) {
        l.unsupported(p.from.span, "wildcards in a lookup subsearch are not supported");
        return false;
      }
      for (auto& r : rows) {
        std::erase_if(r, [&](const auto& kv) { return kv.first == p.to.name; });
        for (auto& kv : r)
          if (kv.first == p.from.name) kv.first = p.to.name;
      }
    }
    return true;
  }
  if (c.name == "table" || c.name == "fields") {
    const auto& fs = c.name == "table" ? static_cast<const spl::TableCommand&>(c).fields
                                       : static_cast<const spl::FieldsCommand&>(c).fields;
    bool remove = c.name == "fields" && static_cast<const spl::FieldsCommand&>(c).remove;
    if (!no_wildcards(fs)) return false;
    for (auto& r : rows) {
      Row kept;
      if (remove) {
        for (auto& kv : r)
          if (std::none_of(fs.begin(), fs.end(), [&](const auto& f) { return f.name == kv.first; })) kept.push_back(kv);
      } else {
        for (const auto& f : fs)
          for (auto& kv : r)
            if (kv.first == f.name) kept.push_back(kv);
      }
      r = std::move(kept);
    }
    return true;
  }
  l.unsupported(c.span, "command '" + c.name +
                            "' in a subsearch inside a search expression is not supported (only inputlookup, "
                            "rename, table and fields: a lookup's rows are known when the rule is compiled)");
  return false;
}

}  // namespace

ir::ExprPtr lower_lookup_subsearch(Lowerer& l, const spl::SearchExpr& e) {
  auto nothing = [] { return ir::Expr::constant(rt::Value::boolean(false)); };
  const auto& cmds = e.subsearch->commands;
  if (cmds.empty() || cmds[0]->name != "inputlookup") {
    l.unsupported(e.span, "subsearches over events inside a search expression are not supported (a subsearch "
                          "starting with inputlookup is)");
    return nothing();
  }
  const auto& il = static_cast<const spl::InputlookupCommand&>(*cmds[0]);
  if (il.where || il.start || il.max) {
    l.unsupported(il.span, "inputlookup where=/start=/max= in a subsearch inside a search expression is not supported");
    return nothing();
  }
  std::string name = il.table.name;
  LowerEnv::LookupResolution found;
  if (l.env().find_lookup) found = l.env().find_lookup(name);
  // `inputlookup file.csv` names the lookup by its file too.
  if (!found.ref && name.size() > 4 && name.ends_with(".csv") && l.env().find_lookup)
    found = l.env().find_lookup(name.substr(0, name.size() - 4));
  std::vector<std::vector<std::string>> table;
  std::string err;
  if (!found.ref) {
    l.error(il.table.span, "lookup '" + name + "': " + (found.error.empty() ? "no lookup definition with that name" : found.error));
    return nothing();
  }
  if (!l.env().parse_lookup_rows || !l.env().parse_lookup_rows(*found.ref, table, &err)) {
    l.error(il.table.span, "lookup '" + name + "': " + (err.empty() ? "its rows cannot be read here" : err));
    return nothing();
  }
  std::vector<Row> rows;
  for (size_t i = 1; i < table.size() && rows.size() < kSubsearchMaxRows; ++i) {
    Row r;
    for (size_t c = 0; c < table[0].size() && c < table[i].size(); ++c) r.emplace_back(table[0][c], table[i][c]);
    rows.push_back(std::move(r));
  }
  for (size_t i = 1; i < cmds.size(); ++i)
    if (!apply_command(*cmds[i], rows, l)) return nothing();
  // Build the search expression Splunk's `format` would, then lower it.
  spl::SearchExpr any;
  any.kind = spl::SearchExpr::Kind::Or;
  any.span = e.span;
  for (const auto& r : rows) {
    auto all = std::make_unique<spl::SearchExpr>();
    all->kind = spl::SearchExpr::Kind::And;
    all->span = e.span;
    for (const auto& [field, value] : r) {
      if (value.empty()) continue;
      auto cmp = std::make_unique<spl::SearchExpr>();
      cmp->kind = spl::SearchExpr::Kind::Compare;
      cmp->span = e.span;
      cmp->field = field;
      spl::SearchValue v;
      v.text = value;
      v.quoted = true;
      v.span = e.span;
      cmp->values.push_back(std::move(v));
      all->children.push_back(std::move(cmp));
    }
    if (!all->children.empty()) any.children.push_back(std::move(all));
  }
  // No rows: Splunk's subsearch then matches nothing.
  if (any.children.empty()) return nothing();
  return l.lower_search(any);
}

}  // namespace rulejit::lower
