// KV family: _extract_kv(text, key, pairdelim, kvdelim, limit, mv_add,
// clean_keys, maxchars) — internal, for `extract pairdelim= kvdelim=`
// (lowered per field name the rule uses, as spath's extract-everything).
//
// Semantics (Splunk's extract reference and transforms.conf DELIMS):
//  - only the first `maxchars` characters of text are read;
//  - text splits into pairs at any character of pairdelim, a pair into key
//    and value at the first character of kvdelim; a pair without one, or
//    whose value holds a kvdelim character too, is not extracted (the
//    reference's "Referer: https://..." example);
//  - key and value lose surrounding whitespace, and an empty value is no
//    value (UNCERTAIN: not documented);
//  - clean_keys: characters other than letters, digits and '_' become '_',
//    then leading '_' and digits are dropped (CLEAN_KEYS);
//  - at most `limit` pairs are extracted (0 = no limit);
//  - the values of every extracted pair named `key`: mv_add true gives them
//    all (a multivalue), false only the first (MV_ADD); none: null.
#include <string>
#include <string_view>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {
namespace {

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string clean_key(std::string_view k) {
  std::string out;
  for (char c : k) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += keep ? c : '_';
  }
  size_t lead = 0;
  while (lead < out.size() && (out[lead] == '_' || (out[lead] >= '0' && out[lead] <= '9'))) ++lead;
  return out.substr(lead);
}

Value fn_extract_kv(std::span<const Value> a, FunctionContext&) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  args::Text text_arg(a[0], "_extract_kv");
  args::Text key_arg(a[1], "_extract_kv");
  args::Text pair_arg(a[2], "_extract_kv");
  args::Text kv_arg(a[3], "_extract_kv");
  const auto limit = args::integer(a[4], "_extract_kv").value_or(0);
  const bool mv_add = args::is_true(a[5]);
  const bool clean = args::is_true(a[6]);
  const auto maxchars = args::integer(a[7], "_extract_kv").value_or(0);
  std::string_view text = text_arg.view(), key = key_arg.view();
  const std::string_view pairdelim = pair_arg.view(), kvdelim = kv_arg.view();
  if (key.empty() || kvdelim.empty()) return Value();
  if (maxchars > 0 && text.size() > static_cast<size_t>(maxchars)) text = text.substr(0, static_cast<size_t>(maxchars));
  std::vector<std::string> out;
  int64_t extracted = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = pairdelim.empty() ? std::string_view::npos : text.find_first_of(pairdelim, start);
    std::string_view pair = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    size_t d = pair.find_first_of(kvdelim);
    if (d != std::string_view::npos && pair.find_first_of(kvdelim, d + 1) == std::string_view::npos) {
      std::string_view k = trim(pair.substr(0, d));
      std::string name = clean ? clean_key(k) : std::string(k);
      if (!name.empty()) {
        if (limit > 0 && extracted >= limit) break;
        ++extracted;
        std::string_view value = trim(pair.substr(d + 1));
        if (name == key && !value.empty()) {
          out.emplace_back(value);
          if (!mv_add) break;
        }
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return Value::make_multi(std::move(out));
}

const FunctionInfo kKv[] = {
    {"_extract_kv", 8, 8, fn_extract_kv, true},
};

}  // namespace

std::span<const FunctionInfo> families::kv_functions() { return kKv; }

}  // namespace rulejit::rt
