// Mathematical functions (spl-semantics.md §2.8): abs, ceil/ceiling, floor,
// round, pow, sqrt, ln, log, exp, pi, min, max, avg, exact, sigfig.
//
// Arguments that are null or not numeric give null. A result outside the
// function's domain (sqrt(-1), ln(0), log(x, 1)) is null rather than NaN.
// exact() and sigfig() return their argument unchanged: the engine computes
// in doubles and does not emulate Splunk's precision tracking (§2.3 note).
#include "runtime/functions/math.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/policy.h"

namespace rulejit::rt {

double round_decimals(double x, int n) {
  if (!std::isfinite(x) || x == 0) return x;
  if (n > 300) return x;
  if (n < -300) return 0;
  // Shortest round-trip digits of |x| in scientific form: d.ddddde[+-]XX.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  size_t epos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, epos)) {
    if (c != '.') digits += c;
  }
  int exp10 = 0;
  std::from_chars(sci.data() + epos + 1 + (sci[epos + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp10);
  // digits[0] has weight 10^exp10; keep the digits down to weight 10^-n.
  const long keep = static_cast<long>(exp10) + 1 + n;
  if (keep >= static_cast<long>(digits.size())) return x;
  if (keep < 0) return std::copysign(0.0, x);
  std::string kept = digits.substr(0, static_cast<size_t>(keep));
  if (digits[static_cast<size_t>(keep)] >= '5') {
    int i = static_cast<int>(kept.size()) - 1;
    while (i >= 0 && kept[static_cast<size_t>(i)] == '9') kept[static_cast<size_t>(i--)] = '0';
    if (i < 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[static_cast<size_t>(i)];
    }
  }
  if (kept.empty()) kept = "0";
  std::string text = kept + "e" + std::to_string(-n);
  double r = 0;
  std::from_chars(text.data(), text.data() + text.size(), r);
  return std::copysign(r, x);
}

namespace {

Value num_or_null(double d) { return std::isnan(d) ? Value() : Value::number(d); }

template <double (*F)(double)>
Value unary(std::span<const Value> a, FunctionContext&) {
  auto x = args::number(a[0], "math");
  if (!x) return Value();
  return num_or_null(F(*x));
}

double d_abs(double x) { return std::fabs(x); }
double d_ceil(double x) { return std::ceil(x); }
double d_floor(double x) { return std::floor(x); }
double d_exp(double x) { return std::exp(x); }
double d_sqrt(double x) { return x < 0 ? NAN : std::sqrt(x); }
double d_ln(double x) { return x <= 0 ? NAN : std::log(x); }
double d_identity(double x) { return x; }

Value fn_round(std::span<const Value> a, FunctionContext&) {
  auto x = args::number(a[0], "round");
  if (!x) return Value();
  int64_t n = 0;
  if (a.size() > 1) {
    auto d = args::integer(a[1], "round");
    if (!d) return Value();
    n = *d;
  }
  if (n == 0) return Value::number(std::round(*x));
  if (n > 400) n = 400;
  if (n < -400) n = -400;
  return Value::number(round_decimals(*x, static_cast<int>(n)));
}

Value fn_pow(std::span<const Value> a, FunctionContext&) {
  auto x = args::number(a[0], "pow");
  auto y = args::number(a[1], "pow");
  if (!x || !y) return Value();
  return num_or_null(std::pow(*x, *y));
}

Value fn_log(std::span<const Value> a, FunctionContext&) {
  auto x = args::number(a[0], "log");
  if (!x) return Value();
  double base = 10;
  if (a.size() > 1) {
    auto b = args::number(a[1], "log");
    if (!b) return Value();
    base = *b;
  }
  if (*x <= 0 || base <= 0 || base == 1) return Value();
  if (base == 10) return Value::number(std::log10(*x));
  return num_or_null(std::log(*x) / std::log(base));
}

Value fn_pi(std::span<const Value>, FunctionContext&) { return Value::number(3.14159265358979323846); }

// Eval min/max over all values of all arguments: numbers compare
// numerically and are smaller than any non-numeric string; strings compare
// lexicographically (bytes). Nulls are skipped; all null -> null.
template <bool Max>
Value fn_minmax(std::span<const Value> a, FunctionContext&) {
  bool have_num = false, have_str = false;
  double best_num = 0;
  std::string best_str;
  std::string scratch;
  for (const Value& v : a) {
    if (v.is_bool()) args::bool_error(Max ? "max" : "min");
    if (v.is_number()) {
      double d = v.as_number();
      if (!have_num || (Max ? d > best_num : d < best_num)) best_num = d;
      have_num = true;
      continue;
    }
    for (size_t i = 0; i < v.count(); ++i) {
      std::string_view s = args::value_view(v, i, scratch);
      if (auto d = parse_number(s)) {
        if (!have_num || (Max ? *d > best_num : *d < best_num)) best_num = *d;
        have_num = true;
      } else {
        if (!have_str || (Max ? s > best_str : s < best_str)) best_str = std::string(s);
        have_str = true;
      }
    }
  }
  if (Max) {
    if (have_str) return Value::string(std::move(best_str));
    if (have_num) return Value::number(best_num);
  } else {
    if (have_num) return Value::number(best_num);
    if (have_str) return Value::string(std::move(best_str));
  }
  return Value();
}

// Eval avg: the mean of every numeric value of every argument (each value
// of a multivalue counts). Null arguments and values that are not numbers
// are left out of both the sum and the count (Splunk: "ignores arguments
// that don't exist in an event or can't be converted to a number"); with no
// numeric value at all the result is null.
Value fn_avg(std::span<const Value> a, FunctionContext&) {
  double sum = 0;
  size_t n = 0;
  std::string scratch;
  for (const Value& v : a) {
    if (v.is_bool()) args::bool_error("avg");
    if (v.is_number()) {
      sum += v.as_number();
      ++n;
      continue;
    }
    for (size_t i = 0; i < v.count(); ++i) {
      if (auto d = parse_number(args::value_view(v, i, scratch))) {
        sum += *d;
        ++n;
      }
    }
  }
  if (n == 0) return Value();
  double mean = sum / static_cast<double>(n);
  return num_or_null(policy::kEvalAvgKeepsFraction ? mean : std::trunc(mean));
}

// Internal, for `addtotals`: the sum of the arguments that are numbers or
// text that is a whole number; null, a multivalue and other text are not
// numeric and are skipped. None numeric: null (policy::kAddtotalsNoneIsNull).
Value fn_addtotals(std::span<const Value> a, FunctionContext&) {
  double sum = 0;
  bool any = false;
  for (const Value& v : a) {
    std::optional<double> d;
    if (v.is_number()) d = v.as_number();
    else if (v.is_string()) d = parse_number(v.as_string());
    if (!d) continue;
    sum += *d;
    any = true;
  }
  if (!any) return policy::kAddtotalsNoneIsNull ? Value() : Value::number(0);
  return num_or_null(sum);
}

constexpr FunctionInfo kMathFunctions[] = {
    {"_addtotals", 0, -1, fn_addtotals, true},
    {"abs", 1, 1, unary<d_abs>, true},
    {"avg", 1, -1, fn_avg, true},
    {"ceil", 1, 1, unary<d_ceil>, true},
    {"ceiling", 1, 1, unary<d_ceil>, true},
    {"exact", 1, 1, unary<d_identity>, true},
    {"exp", 1, 1, unary<d_exp>, true},
    {"floor", 1, 1, unary<d_floor>, true},
    {"ln", 1, 1, unary<d_ln>, true},
    {"log", 1, 2, fn_log, true},
    {"max", 1, -1, fn_minmax<true>, true},
    {"min", 1, -1, fn_minmax<false>, true},
    {"pi", 0, 0, fn_pi, true},
    {"pow", 2, 2, fn_pow, true},
    {"round", 1, 2, fn_round, true},
    {"sigfig", 1, 1, unary<d_identity>, true},
    {"sqrt", 1, 1, unary<d_sqrt>, true},
};

}  // namespace

std::span<const FunctionInfo> families::math_functions() { return kMathFunctions; }

}  // namespace rulejit::rt
