// Multivalue functions (spl-semantics.md §2.5, §2.8): mvcount, mvindex,
// mvjoin, mvappend, mvdedup, mvsort, mvfind, mvzip, mvrange.
// (split is in string.cpp; mvfilter/mvmap are special forms.)
//
// A single value (String or Number) is a multivalue of one; null has no
// values. Results with one value are a String (Value::make_multi).
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/time.h"

namespace rulejit::rt {

namespace {

void check_not_bool(const Value& v, std::string_view fn) {
  if (v.is_bool()) args::bool_error(fn);
}

// mvcount(x): number of values; null when x is null (§2.4, not 0).
Value fn_mvcount(std::span<const Value> a, FunctionContext&) {
  check_not_bool(a[0], "mvcount");
  if (a[0].is_null()) return Value();
  return Value::number(static_cast<double>(a[0].count()));
}

// mvindex(x, start[, end]): 0-based, negative counts from the end, end is
// inclusive. A start outside the values, or end before start, gives null; an
// end past the last value is clamped to it.
Value fn_mvindex(std::span<const Value> a, FunctionContext&) {
  const Value& x = a[0];
  check_not_bool(x, "mvindex");
  if (x.is_null()) return Value();
  const auto n = static_cast<int64_t>(x.count());
  auto s = args::integer(a[1], "mvindex");
  if (!s) return Value();
  int64_t start = *s < 0 ? *s + n : *s;
  if (start < 0 || start >= n) return Value();
  if (a.size() < 3) {
    if (n == 1) return x;
    return Value::string(x.as_multi()[static_cast<size_t>(start)]);
  }
  auto e = args::integer(a[2], "mvindex");
  if (!e) return Value();
  int64_t end = *e < 0 ? *e + n : *e;
  if (end < start) return Value();
  end = std::min(end, n - 1);
  if (n == 1) return x;
  const auto& vals = x.as_multi();
  return Value::make_multi(std::vector<std::string>(vals.begin() + start, vals.begin() + end + 1));
}

Value fn_mvjoin(std::span<const Value> a, FunctionContext&) {
  check_not_bool(a[0], "mvjoin");
  args::Text d(a[1], "mvjoin");
  if (a[0].is_null() || d.null()) return Value();
  std::string out, scratch;
  for (size_t i = 0; i < a[0].count(); ++i) {
    if (i) out += d.view();
    out += args::value_view(a[0], i, scratch);
  }
  return Value::string(std::move(out));
}

// mvappend(a, b, ...): all values of all arguments in order; null arguments
// contribute nothing; all null -> null.
Value fn_mvappend(std::span<const Value> a, FunctionContext&) {
  std::vector<std::string> out;
  std::string scratch;
  for (const Value& v : a) {
    check_not_bool(v, "mvappend");
    for (size_t i = 0; i < v.count(); ++i) out.emplace_back(args::value_view(v, i, scratch));
  }
  return Value::make_multi(std::move(out));
}

// mvdedup(x): drop repeated values, keeping each first occurrence in place.
Value fn_mvdedup(std::span<const Value> a, FunctionContext&) {
  const Value& x = a[0];
  check_not_bool(x, "mvdedup");
  if (!x.is_multi()) return x;
  std::unordered_set<std::string_view> seen;
  std::vector<std::string> out;
  for (const auto& s : x.as_multi()) {
    if (seen.insert(s).second) out.push_back(s);
  }
  return Value::make_multi(std::move(out));
}

// mvsort(x): lexicographic (byte order: digits < upper case < lower case).
Value fn_mvsort(std::span<const Value> a, FunctionContext&) {
  const Value& x = a[0];
  check_not_bool(x, "mvsort");
  if (!x.is_multi()) return x;
  std::vector<std::string> out = x.as_multi();
  std::sort(out.begin(), out.end());
  return Value::make_multi(std::move(out));
}

// mvfind(x, regex): index of the first value the regex matches, else null.
Value fn_mvfind(std::span<const Value> a, FunctionContext& ctx) {
  check_not_bool(a[0], "mvfind");
  args::Text p(a[1], "mvfind");
  if (a[0].is_null() || p.null()) return Value();
  auto re = ctx.regex(p.view());
  std::string scratch;
  for (size_t i = 0; i < a[0].count(); ++i) {
    switch (re->search(args::value_view(a[0], i, scratch))) {
      case Regex::Status::kMatch:
        return Value::number(static_cast<double>(i));
      case Regex::Status::kNoMatch:
        break;
      default:
        throw EvalError("mvfind: regex \"" + p.str() + "\" exceeded its match limit");
    }
  }
  return Value();
}

// mvzip(a, b[, delim]): a1<delim>b1, a2<delim>b2, ... up to the shorter one.
Value fn_mvzip(std::span<const Value> a, FunctionContext&) {
  check_not_bool(a[0], "mvzip");
  check_not_bool(a[1], "mvzip");
  if (a[0].is_null() || a[1].is_null()) return Value();
  std::string delim = ",";
  if (a.size() > 2) {
    args::Text d(a[2], "mvzip");
    if (d.null()) return Value();
    delim = d.str();
  }
  const size_t n = std::min(a[0].count(), a[1].count());
  std::vector<std::string> out;
  out.reserve(n);
  std::string s1, s2;
  for (size_t i = 0; i < n; ++i) {
    std::string item(args::value_view(a[0], i, s1));
    item += delim;
    item += args::value_view(a[1], i, s2);
    out.push_back(std::move(item));
  }
  return Value::make_multi(std::move(out));
}

// mvrange(start, end[, step]): start, start+step, ... while < end (> end for
// a negative step). The step may be a time span such as "7d" (epoch ranges).
Value fn_mvrange(std::span<const Value> a, FunctionContext&) {
  auto start = args::number(a[0], "mvrange");
  auto end = args::number(a[1], "mvrange");
  if (!start || !end) return Value();
  double step = 1;
  if (a.size() > 2) {
    if (a[2].is_null()) return Value();
    auto st = args::number(a[2], "mvrange");
    if (!st) {
      args::Text t(a[2], "mvrange");
      st = fixed_span_seconds(t.view());
      if (!st) throw EvalError("mvrange: step \"" + t.str() + "\" is neither a number nor a time span");
    }
    step = *st;
  }
  if (step == 0 || !std::isfinite(step) || !std::isfinite(*start) || !std::isfinite(*end)) return Value();
  const double span = (*end - *start) / step;
  if (span <= 0) return Value();
  const double count = std::ceil(span);
  if (count > static_cast<double>(policy::kMvrangeMaxValues)) {
    throw EvalError("mvrange: " + format_number(count) + " values exceed the limit of " +
                    std::to_string(policy::kMvrangeMaxValues));
  }
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) {
    out.push_back(format_number(*start + static_cast<double>(i) * step));
  }
  return Value::make_multi(std::move(out));
}

constexpr FunctionInfo kMultivalueFunctions[] = {
    {"mvappend", 1, -1, fn_mvappend, true},
    {"mvcount", 1, 1, fn_mvcount, true},
    {"mvdedup", 1, 1, fn_mvdedup, true},
    {"mvfind", 2, 2, fn_mvfind, true},
    {"mvindex", 2, 3, fn_mvindex, true},
    {"mvjoin", 2, 2, fn_mvjoin, true},
    {"mvrange", 2, 3, fn_mvrange, true},
    {"mvsort", 1, 1, fn_mvsort, true},
    {"mvzip", 2, 3, fn_mvzip, true},
};

}  // namespace

std::span<const FunctionInfo> families::multivalue_functions() { return kMultivalueFunctions; }

}  // namespace rulejit::rt
