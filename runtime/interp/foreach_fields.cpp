// foreach over raw events: which fields match (foreach_fields.h).
#include "runtime/interp/foreach_fields.h"

#include <simdjson.h>

#include <map>
#include <set>

#include "runtime/functions/matchers.h"

namespace rulejit::rt {
namespace {

// Every scalar leaf under `e`, named as spath names it, into `out`.
void leaves(simdjson::dom::element e, std::string& name, std::map<std::string, std::vector<std::string>>& out,
            int depth) {
  if (depth > 64) return;
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object obj = e.get_object().value();
      for (auto [key, child] : obj) {
        size_t keep = name.size();
        if (!name.empty()) name += '.';
        name.append(key);
        leaves(child, name, out, depth + 1);
        name.resize(keep);
      }
      return;
    }
    case simdjson::dom::element_type::ARRAY: {
      size_t keep = name.size();
      name += "{}";
      simdjson::dom::array arr = e.get_array().value();
      for (auto child : arr) leaves(child, name, out, depth + 1);
      name.resize(keep);
      return;
    }
    case simdjson::dom::element_type::NULL_VALUE: return;
    case simdjson::dom::element_type::STRING:
      if (!name.empty()) out[name].emplace_back(std::string_view(e.get_string().value()));
      return;
    case simdjson::dom::element_type::BOOL:
      if (!name.empty()) out[name].emplace_back(e.get_bool().value() ? "true" : "false");
      return;
    default:
      if (!name.empty()) out[name].push_back(simdjson::minify(e));
      return;
  }
}

}  // namespace

bool foreach_name_matches(std::string_view pattern, std::string_view name) {
  if (!name.empty() && name[0] == '_' && (pattern.empty() || pattern[0] != '_')) return false;
  // Field names compare case-sensitively; only `*` is special.
  return GlobPattern(pattern, /*case_sensitive=*/true).match(name);
}

std::vector<std::pair<std::string, Value>> foreach_matching_fields(const ir::ForeachFieldsStage& stage,
                                                                   const ir::Plan& plan, const Row& row) {
  std::map<std::string, Value> found;
  std::set<std::string_view> slot_names;
  for (ir::SlotId s : stage.fields) {
    slot_names.insert(plan.slots[s]);
    if (!row.slots[s].is_null()) found.emplace(plan.slots[s], row.slots[s]);
  }
  const Value& raw = row.slots[stage.raw];
  if (raw.is_string()) {
    thread_local simdjson::dom::parser parser;
    const std::string& text = raw.as_string();
    auto doc = parser.parse(text.data(), text.size());
    if (!doc.error()) {
      std::map<std::string, std::vector<std::string>> all;
      std::string name;
      leaves(doc.value(), name, all, 0);
      for (auto& [n, values] : all) {
        if (slot_names.count(n) || !foreach_name_matches(stage.pattern, n)) continue;
        found.emplace(n, Value::make_multi(std::move(values)));
      }
    }
  }
  return {std::make_move_iterator(found.begin()), std::make_move_iterator(found.end())};
}

}  // namespace rulejit::rt
