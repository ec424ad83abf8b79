#include "runtime/functions/registry.h"

#include <algorithm>
#include <array>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/functions/eval_error.h"
#include "runtime/functions/families.h"
#include "runtime/functions/policy.h"

namespace rulejit::rt {

namespace {

std::string fold(std::string_view name) {
  std::string s(name);
  if (policy::kFunctionNamesCaseInsensitive) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
  }
  return s;
}

const std::vector<FunctionInfo>& table() {
  static const std::vector<FunctionInfo> t = [] {
    std::vector<FunctionInfo> v;
    for (auto fam : {families::string_functions(), families::conversion_functions(),
                     families::conditional_functions(), families::hash_functions(), families::multivalue_functions(),
                     families::math_functions(), families::time_functions(), families::network_functions(),
                     families::extension_functions(), families::json_functions(),
                     families::xml_functions(), families::geoip_functions(), families::cyberchef_functions(),
                     families::kv_functions(), families::replace_functions()}) {
      v.insert(v.end(), fam.begin(), fam.end());
    }
    std::sort(v.begin(), v.end(), [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
    return v;
  }();
  return t;
}

constexpr std::array<std::string_view, 9> kSpecialForms = {
    "case", "false", "if", "mvfilter", "mvmap", "null", "searchmatch", "true", "validate"};

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  // The interpreter looks a function up on every call it evaluates: names as
  // written (almost always lower case already) go straight to a hash index;
  // only a miss pays for folding the case.
  static const std::unordered_map<std::string_view, const FunctionInfo*> index = [] {
    std::unordered_map<std::string_view, const FunctionInfo*> m;
    for (const auto& f : table()) m.emplace(f.name, &f);
    return m;
  }();
  if (auto it = index.find(name); it != index.end()) return it->second;
  const std::string key = fold(name);
  if (key == name) return nullptr;
  auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

bool is_special_form(std::string_view name) {
  const std::string key = fold(name);
  return std::find(kSpecialForms.begin(), kSpecialForms.end(), key) != kSpecialForms.end();
}

std::span<const FunctionInfo> all_functions() { return table(); }

Value call_function(const FunctionInfo& fn, std::span<const Value> args, FunctionContext& ctx) {
  const int n = static_cast<int>(args.size());
  if (n < fn.min_args || (fn.max_args >= 0 && n > fn.max_args)) {
    std::string range;
    if (fn.max_args < 0) {
      range = "at least " + std::to_string(fn.min_args);
    } else if (fn.min_args == fn.max_args) {
      range = std::to_string(fn.min_args);
    } else {
      range = std::to_string(fn.min_args) + " to " + std::to_string(fn.max_args);
    }
    throw EvalError(std::string(fn.name) + " takes " + range + " argument" +
                    (fn.max_args == 1 && fn.min_args == 1 ? "" : "s") + ", got " + std::to_string(n));
  }
  return fn.impl(args, ctx);
}

Value call_function(const FunctionInfo& fn, const Value* const* args, size_t n, FunctionContext& ctx) {
  // One buffer per nesting level (a function may evaluate another call);
  // a deque so that adding a level leaves the others in place.
  thread_local std::deque<std::vector<Value>> levels;
  thread_local size_t depth = 0;
  if (levels.size() <= depth) levels.emplace_back();
  std::vector<Value>& buf = levels[depth];
  if (buf.size() < n) buf.resize(n);
  for (size_t i = 0; i < n; ++i) buf[i] = *args[i];
  struct Level {
    size_t& d;
    explicit Level(size_t& x) : d(x) { ++d; }
    ~Level() { --d; }
  } level(depth);
  return call_function(fn, std::span<const Value>(buf.data(), n), ctx);
}

}  // namespace rulejit::rt
