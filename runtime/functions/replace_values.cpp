// Replace family: _replace_values(value, from1, to1, from2, to2, ...) —
// internal, for the `replace` command (one call per field in its IN list).
//
// Semantics (Splunk's replace reference):
//  - a pattern matches a whole value; `*` matches any run of characters and
//    its captures fill the `*`s of the replacement in order (a replacement
//    without `*` is taken as is);
//  - when several patterns match: a pattern without wildcards beats one with
//    them ("non-wildcard replacement values specified later take precedence
//    over those specified earlier"), and among wildcard patterns the fuller
//    match wins ("fuller matches take precedence over lesser matches"),
//    read here as the most literal characters; equal: the later one
//    (UNCERTAIN: how Splunk breaks that tie is not documented);
//  - matching is case-sensitive (UNCERTAIN: not documented);
//  - a multivalue is replaced value by value; a value no pattern matches,
//    and null, are left as they were (a number stays a number).
#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {
namespace {

// Glob match of the whole `s`, with the text each `*` took. Only the last
// `*` seen is ever widened (enough for `*`-only globs), so this is
// O(|p| * |s|) even for long values.
bool capture(std::string_view p, std::string_view s, std::vector<std::string_view>& caps) {
  std::vector<size_t> begin, end;
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      begin.push_back(si);
      end.push_back(si);
      star = pi++;
      mark = si;
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      // Drop the stars opened after `star` while matching (none: only the
      // last star is reopened, and stars after it were not reached yet).
      pi = star + 1;
      si = ++mark;
      end.back() = mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') {
    begin.push_back(si);
    end.push_back(si);
    ++pi;
  }
  if (pi != p.size()) return false;
  caps.clear();
  for (size_t k = 0; k < begin.size(); ++k) caps.push_back(s.substr(begin[k], end[k] - begin[k]));
  return true;
}

std::string substitute(std::string_view to, const std::vector<std::string_view>& caps) {
  if (to.find('*') == std::string_view::npos) return std::string(to);
  std::string out;
  size_t k = 0;
  for (char c : to) {
    if (c != '*') out += c;
    else if (k < caps.size()) out.append(caps[k++]);
  }
  return out;
}

// The replacement for one value, or false when no pattern matches.
bool replace_one(std::string_view v, std::span<const Value> pairs, std::string& out) {
  std::vector<std::string_view> caps, best_caps;
  long best = -1;
  size_t best_pair = 0;
  std::string scratch_from;
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    std::string_view from = args::value_view(pairs[i], 0, scratch_from);
    bool wild = from.find('*') != std::string_view::npos;
    if (!wild ? from != v : !capture(from, v, caps)) continue;
    long score = wild ? static_cast<long>(from.size()) - static_cast<long>(std::count(from.begin(), from.end(), '*'))
                      : static_cast<long>(v.size()) + 1 + 1000000000L;
    if (score >= best) {
      best = score;
      best_pair = i;
      best_caps = wild ? caps : std::vector<std::string_view>{};
    }
  }
  if (best < 0) return false;
  std::string scratch_to;
  out = substitute(args::value_view(pairs[best_pair + 1], 0, scratch_to), best_caps);
  return true;
}

Value fn_replace_values(std::span<const Value> a, FunctionContext&) {
  if (a[0].is_null()) return Value();
  if (a.size() % 2 == 0) throw EvalError("_replace_values takes a value and (from, to) pairs");
  auto pairs = a.subspan(1);
  std::string scratch, replaced;
  if (a[0].count() <= 1) {
    std::string_view v = args::value_view(a[0], 0, scratch);
    return replace_one(v, pairs, replaced) ? Value::string(replaced) : a[0];
  }
  std::vector<std::string> out;
  bool changed = false;
  for (size_t i = 0; i < a[0].count(); ++i) {
    std::string_view v = args::value_view(a[0], i, scratch);
    if (replace_one(v, pairs, replaced)) {
      out.push_back(replaced);
      changed = true;
    } else {
      out.emplace_back(v);
    }
  }
  return changed ? Value::make_multi(std::move(out)) : a[0];
}

const FunctionInfo kReplace[] = {
    {"_replace_values", 3, -1, fn_replace_values, true},
};

}  // namespace

std::span<const FunctionInfo> families::replace_functions() { return kReplace; }

}  // namespace rulejit::rt
