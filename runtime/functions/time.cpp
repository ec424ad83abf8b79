// Date and time eval functions (spl-semantics.md §2.8-2.10, §6): now, time,
// strftime, strptime, relative_time. The engines are in timefmt.cpp and
// reltime.cpp (time.h); this file adapts them to Values and the
// FunctionContext (now, fixed time zone).
#include "runtime/functions/time.h"

#include <cmath>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {

namespace {

Value fn_now(std::span<const Value>, FunctionContext& ctx) { return Value::number(ctx.now); }

Value fn_time(std::span<const Value>, FunctionContext& ctx) { return Value::number(ctx.wall_time()); }

Value fn_strftime(std::span<const Value> a, FunctionContext& ctx) {
  auto t = args::number(a[0], "strftime");
  args::Text f(a[1], "strftime");
  if (!t || f.null()) return Value();
  auto s = format_time(*t, f.view(), ctx.tz_offset_seconds);
  return s ? Value::string(std::move(*s)) : Value();
}

Value fn_strptime(std::span<const Value> a, FunctionContext& ctx) {
  args::Text s(a[0], "strptime");
  args::Text f(a[1], "strptime");
  if (s.null() || f.null()) return Value();
  ParseTimeOptions opt;
  opt.tz_offset_seconds = ctx.tz_offset_seconds;
  opt.now = ctx.now;
  auto t = parse_time(s.view(), f.view(), opt);
  return t ? Value::number(*t) : Value();
}

Value fn_relative_time(std::span<const Value> a, FunctionContext& ctx) {
  auto t = args::number(a[0], "relative_time");
  args::Text m(a[1], "relative_time");
  if (!t || m.null()) return Value();
  auto r = relative_time(*t, m.view(), ctx.tz_offset_seconds);
  return r ? Value::number(*r) : Value();
}

// `bin f span=S` lowers to _bin_floor(f, S): the lower bin boundary,
// floor(f / S) * S (spl-semantics.md §3.6). Sub-second spans floor on the
// time's decimal digits (split_epoch): with doubles, floor(1700000000.3 /
// 0.1) * 0.1 is 1700000000.2.
Value fn_bin_floor(std::span<const Value> a, FunctionContext&) {
  auto v = args::number(a[0], "bin");
  auto span = args::number(a[1], "bin");
  if (!v || !span || !(*span > 0)) return Value();
  if (*span < 1) {
    const auto span_us = static_cast<int64_t>(std::llround(*span * 1e6));
    if (const auto m = split_epoch(*v); m && span_us > 0) {
      const int64_t us = m->seconds * 1000000 + m->micros;
      const int64_t q = us / span_us - (us % span_us < 0 ? 1 : 0);
      return Value::number(static_cast<double>(q * span_us) / 1e6);
    }
  }
  return Value::number(std::floor(*v / *span) * *span);
}

constexpr FunctionInfo kTimeFunctions[] = {
    {"_bin_floor", 2, 2, fn_bin_floor, true},
    {"now", 0, 0, fn_now, false},
    {"relative_time", 2, 2, fn_relative_time, true},
    {"strftime", 2, 2, fn_strftime, true},
    {"strptime", 2, 2, fn_strptime, false},  // a format without a year uses now()
    {"time", 0, 0, fn_time, false},
};

}  // namespace

std::span<const FunctionInfo> families::time_functions() { return kTimeFunctions; }

}  // namespace rulejit::rt
