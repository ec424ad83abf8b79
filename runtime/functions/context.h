// FunctionContext: the per-run state eval functions may read.
//
// Contract:
//  - now is the search start time (epoch seconds), fixed for a run so every
//    row sees the same now() (spl-semantics.md §6). Tests set it directly.
//  - tz_offset_seconds is the fixed UTC offset used for all calendar math
//    (strftime, strptime, relative_time snapping); 0 = UTC (policy.h).
//  - wall_clock (for time()) defaults to the system clock; tests replace it.
//  - The regex cache compiles each distinct dynamic pattern once. A context
//    is used by one thread at a time (the cache is not locked); compiled
//    Regex objects it hands out are immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "runtime/functions/geoip.h"
#include "runtime/functions/policy.h"
#include "runtime/functions/regex.h"

namespace rulejit::rt {

class FunctionContext {
 public:
  double now = 0;
  int tz_offset_seconds = policy::kDefaultTzOffsetSeconds;
  double (*wall_clock)() = nullptr;

  // Current wall-clock time in epoch seconds with microsecond resolution.
  double wall_time() const;

  // The compiled pattern, from the cache or compiled now. Throws EvalError
  // with PCRE2's message when the pattern is invalid.
  std::shared_ptr<const Regex> regex(std::string_view pattern);

  // The GeoIP database iplocation reads (null: none given), and the last
  // address looked up in it.
  std::shared_ptr<const GeoIpDb> geoip;
  struct GeoIpCache {
    bool valid = false;
    std::string ip, lang;
    GeoRecord record;
  } geoip_cache;
  size_t regex_cache_size() const { return regexes_.size(); }

 private:
  std::unordered_map<std::string, std::shared_ptr<const Regex>> regexes_;
};

}  // namespace rulejit::rt
