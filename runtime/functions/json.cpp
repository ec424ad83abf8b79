// JSON family: spath(json_text, path) — the value(s) at a Splunk path in a
// JSON string (spl-semantics.md §3.14): `a.b.c` walks objects, `a{}` takes
// every element of an array (a multivalue), `a{N}` the N-th element
// (1-based, UNCERTAIN §3.14), a leaf gives its text (numbers as written),
// an object or array gives its JSON text. Not JSON, or no such path: null.
// _fromjson_key(json_text, key) — internal, for `fromjson` (lowered per field
// name the rule uses): the top-level member `key` of a JSON object; an array
// gives a multivalue of its elements (objects and arrays among them as JSON
// text, nulls skipped), an object its JSON text, a JSON null no value.
#include <simdjson.h>

#include <optional>
#include <string>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {
namespace {

struct Step {
  std::string key;    // object member ("" when only an array step)
  bool all = false;   // {}
  long index = 0;     // {N}, 1-based; 0 = none
};

bool parse_path(std::string_view path, std::vector<Step>& out) {
  size_t i = 0;
  while (i < path.size()) {
    Step st;
    while (i < path.size() && path[i] != '.' && path[i] != '{') st.key += path[i++];
    if (i < path.size() && path[i] == '{') {
      size_t close = path.find('}', i);
      if (close == std::string_view::npos) return false;
      std::string_view inside = path.substr(i + 1, close - i - 1);
      if (inside.empty()) {
        st.all = true;
      } else {
        st.index = std::strtol(std::string(inside).c_str(), nullptr, 10);
        if (st.index <= 0) return false;
      }
      i = close + 1;
    }
    out.push_back(std::move(st));
    if (i < path.size() && path[i] == '.') ++i;
  }
  return true;
}

// leaf_only: spath's extract-everything names only scalar leaves, so an
// object or array at the end of the path is no field of that name.
void collect(simdjson::dom::element e, const std::vector<Step>& steps, size_t k, std::vector<std::string>& out,
             bool leaf_only) {
  if (k == steps.size()) {
    switch (e.type()) {
      case simdjson::dom::element_type::ARRAY:
      case simdjson::dom::element_type::OBJECT:
        if (leaf_only) break;
        out.push_back(simdjson::minify(e));
        break;
      case simdjson::dom::element_type::STRING: out.emplace_back(std::string_view(e.get_string().value())); break;
      case simdjson::dom::element_type::NULL_VALUE: break;
      case simdjson::dom::element_type::BOOL: out.emplace_back(e.get_bool().value() ? "true" : "false"); break;
      default: out.push_back(simdjson::minify(e)); break;
    }
    return;
  }
  const Step& st = steps[k];
  simdjson::dom::element cur = e;
  if (!st.key.empty()) {
    auto obj = cur.get_object();
    if (obj.error()) return;
    auto v = obj.value().at_key(st.key);
    if (v.error()) return;
    cur = v.value();
  }
  if (st.all || st.index > 0) {
    auto arr = cur.get_array();
    if (arr.error()) return;
    long n = 0;
    for (auto item : arr.value()) {
      ++n;
      if (st.all || n == st.index) collect(item, steps, k + 1, out, leaf_only);
    }
    return;
  }
  collect(cur, steps, k + 1, out, leaf_only);
}

Value spath_impl(std::span<const Value> a, bool leaf_only) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  args::Text json(a[0], "spath");
  args::Text path(a[1], "spath");
  std::vector<Step> steps;
  if (!parse_path(path.view(), steps)) return Value();
  thread_local simdjson::dom::parser parser;
  auto doc = parser.parse(json.view().data(), json.view().size());
  if (doc.error()) return Value();
  std::vector<std::string> out;
  collect(doc.value(), steps, 0, out, leaf_only);
  return Value::make_multi(std::move(out));
}

Value fn_spath(std::span<const Value> a, FunctionContext&) { return spath_impl(a, false); }

// Internal (`spath input=f` with no path, lowered per field name the rule
// uses): the field that extract-everything would name `path`.
Value fn_spath_leaf(std::span<const Value> a, FunctionContext&) { return spath_impl(a, true); }

// One JSON value as field text (nullopt for JSON null).
std::optional<std::string> member_text(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: return std::string(e.get_string().value());
    case simdjson::dom::element_type::NULL_VALUE: return std::nullopt;
    case simdjson::dom::element_type::BOOL: return std::string(e.get_bool().value() ? "true" : "false");
    default: return simdjson::minify(e);
  }
}

Value fn_fromjson_key(std::span<const Value> a, FunctionContext&) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  args::Text json(a[0], "_fromjson_key");
  args::Text key(a[1], "_fromjson_key");
  thread_local simdjson::dom::parser parser;
  auto doc = parser.parse(json.view().data(), json.view().size());
  if (doc.error()) return Value();
  auto obj = doc.value().get_object();
  if (obj.error()) return Value();
  auto v = obj.value().at_key(key.view());
  if (v.error()) return Value();
  if (v.value().type() != simdjson::dom::element_type::ARRAY) {
    auto t = member_text(v.value());
    return t ? Value::string(*t) : Value();
  }
  std::vector<std::string> out;
  simdjson::dom::array arr = v.value().get_array().value();
  for (auto item : arr)
    if (auto t = member_text(item)) out.push_back(std::move(*t));
  return Value::make_multi(std::move(out));
}

const FunctionInfo kJson[] = {
    {"_fromjson_key", 2, 2, fn_fromjson_key, true},
    {"spath", 2, 2, fn_spath, true},
    {"_spath_leaf", 2, 2, fn_spath_leaf, true},
};

}  // namespace

std::span<const FunctionInfo> families::json_functions() { return kJson; }

}  // namespace rulejit::rt
