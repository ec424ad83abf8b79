// Date and time eval functions (spl-semantics.md §2.8-2.10, §6): now, time,
// strftime, strptime, relative_time. The engines are in timefmt.cpp and
// reltime.cpp (time.h); this file adapts them to Values and the
// FunctionContext (now, fixed time zone).
#include "runtime/functions/time.h"

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

constexpr FunctionInfo kTimeFunctions[] = {
    {"now", 0, 0, fn_now, false},
    {"relative_time", 2, 2, fn_relative_time, true},
    {"strftime", 2, 2, fn_strftime, true},
    {"strptime", 2, 2, fn_strptime, false},  // a format without a year uses now()
    {"time", 0, 0, fn_time, false},
};

}  // namespace

std::span<const FunctionInfo> families::time_functions() { return kTimeFunctions; }

}  // namespace rulejit::rt
