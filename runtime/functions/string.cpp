// Text functions (spl-semantics.md §2.8): lower, upper, len, substr,
// replace, trim, ltrim, rtrim, split, urldecode.
//
// Lengths and positions count UTF-8 code points (len("héllo") = 5). Scalar
// functions take the first value of a multivalue (policy.h); lower/upper map
// every value.
#include <algorithm>
#include <string>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/utf8.h"

namespace rulejit::rt {

namespace {

template <std::string (*Map)(std::string_view)>
Value map_case(std::span<const Value> a, FunctionContext&) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Value::Kind::Null:
      return Value();
    case Value::Kind::Bool:
      args::bool_error("lower/upper");
    case Value::Kind::Multi: {
      std::vector<std::string> out;
      out.reserve(v.as_multi().size());
      for (const auto& s : v.as_multi()) out.push_back(Map(s));
      return Value::make_multi(std::move(out));
    }
    default: {
      args::Text t(v, "lower/upper");
      return Value::string(Map(t.view()));
    }
  }
}

Value fn_len(std::span<const Value> a, FunctionContext&) {
  args::Text t(a[0], "len");
  if (t.null()) return Value();
  return Value::number(static_cast<double>(utf8::length(t.view())));
}

// substr(s, start[, length]): 1-based start; a negative start counts from the
// end (-3 = last three characters); start 0 behaves like 1; a length <= 0
// gives "".
Value fn_substr(std::span<const Value> a, FunctionContext&) {
  args::Text t(a[0], "substr");
  if (t.null()) return Value();
  auto start = args::integer(a[1], "substr");
  if (!start) return Value();
  std::optional<int64_t> count;
  if (a.size() > 2) {
    count = args::integer(a[2], "substr");
    if (!count) return Value();
  }
  const std::string_view s = t.view();
  const auto nchars = static_cast<int64_t>(utf8::length(s));
  int64_t begin;
  if (*start > 0) {
    begin = *start - 1;
  } else if (*start == 0) {
    begin = 0;
  } else {
    begin = std::max<int64_t>(0, nchars + *start);
  }
  if (begin >= nchars || (count && *count <= 0)) return Value::string("");
  int64_t end = nchars;
  if (count && *count < nchars - begin) end = begin + *count;
  size_t b = utf8::offset_of_char(s, static_cast<size_t>(begin));
  size_t e = b + utf8::offset_of_char(s.substr(b), static_cast<size_t>(end - begin));
  return Value::string(s.substr(b, e - b));
}

Value fn_replace(std::span<const Value> a, FunctionContext& ctx) {
  args::Text s(a[0], "replace");
  args::Text re(a[1], "replace");
  args::Text rep(a[2], "replace");
  if (s.null() || re.null() || rep.null()) return Value();
  auto regex = ctx.regex(re.view());
  std::string out;
  switch (regex->replace_all(s.view(), rep.view(), out)) {
    case Regex::Status::kLimit:
      throw EvalError("replace: regex \"" + re.str() + "\" exceeded its match limit");
    case Regex::Status::kError:
      throw EvalError("replace: regex \"" + re.str() + "\" failed to match");
    default:
      return Value::string(std::move(out));
  }
}

// trim family: strip any of the characters (code points) in `chars`
// (default space and tab) from the chosen ends.
template <bool Left, bool Right>
Value fn_trim(std::span<const Value> a, FunctionContext&) {
  args::Text t(a[0], "trim");
  if (t.null()) return Value();
  std::vector<std::string_view> set;
  if (a.size() > 1) {
    args::Text c(a[1], "trim");
    if (c.null()) return Value();
    set = utf8::split_chars(c.view());
  } else {
    set = {" ", "\t"};
  }
  auto in_set = [&](std::string_view ch) { return std::find(set.begin(), set.end(), ch) != set.end(); };
  std::vector<std::string_view> chars = utf8::split_chars(t.view());
  size_t b = 0, e = chars.size();
  if (Left) {
    while (b < e && in_set(chars[b])) ++b;
  }
  if (Right) {
    while (e > b && in_set(chars[e - 1])) --e;
  }
  if (b == e) return Value::string("");
  const char* first = chars[b].data();
  const char* last = chars[e - 1].data() + chars[e - 1].size();
  return Value::string(std::string_view(first, static_cast<size_t>(last - first)));
}

// split(s, delim): "" splits into characters; empty pieces are kept
// (split("a;;b",";") -> a,"",b).
Value fn_split(std::span<const Value> a, FunctionContext&) {
  args::Text t(a[0], "split");
  args::Text d(a[1], "split");
  if (t.null() || d.null()) return Value();
  const std::string_view s = t.view(), delim = d.view();
  std::vector<std::string> parts;
  if (delim.empty()) {
    for (std::string_view ch : utf8::split_chars(s)) parts.emplace_back(ch);
    if (parts.empty()) parts.emplace_back();
  } else {
    size_t i = 0;
    while (true) {
      size_t j = s.find(delim, i);
      if (j == std::string_view::npos) {
        parts.emplace_back(s.substr(i));
        break;
      }
      parts.emplace_back(s.substr(i, j - i));
      i = j + delim.size();
    }
  }
  return Value::make_multi(std::move(parts));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Value fn_urldecode(std::span<const Value> a, FunctionContext&) {
  args::Text t(a[0], "urldecode");
  if (t.null()) return Value();
  const std::string_view s = t.view();
  // Most text has nothing to decode: copy it whole, and copy the part before
  // the first '%' or '+' in one go (rules decode every command line).
  size_t first = s.find('%');
  if (policy::kUrldecodePlusIsSpace) first = std::min(first, s.find('+'));
  if (first == std::string_view::npos) return Value::string(s);
  std::string out;
  out.reserve(s.size());
  out.append(s.substr(0, first));
  for (size_t i = first; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && policy::kUrldecodePlusIsSpace) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return Value::string(std::move(out));
}

constexpr FunctionInfo kStringFunctions[] = {
    {"len", 1, 1, fn_len, true},
    {"lower", 1, 1, map_case<utf8::lower>, true},
    {"ltrim", 1, 2, fn_trim<true, false>, true},
    {"replace", 3, 3, fn_replace, true},
    {"rtrim", 1, 2, fn_trim<false, true>, true},
    {"split", 2, 2, fn_split, true},
    {"substr", 2, 3, fn_substr, true},
    {"trim", 1, 2, fn_trim<true, true>, true},
    {"upper", 1, 1, map_case<utf8::upper>, true},
    {"urldecode", 1, 1, fn_urldecode, true},
};

}  // namespace

std::span<const FunctionInfo> families::string_functions() { return kStringFunctions; }

}  // namespace rulejit::rt
