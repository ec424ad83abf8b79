#include "runtime/functions/context.h"

#include <chrono>

#include "runtime/functions/eval_error.h"

namespace rulejit::rt {

double FunctionContext::wall_time() const {
  if (wall_clock) return wall_clock();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return static_cast<double>(us) / 1e6;
}

std::shared_ptr<const Regex> FunctionContext::regex(std::string_view pattern) {
  std::string key(pattern);
  auto it = regexes_.find(key);
  if (it != regexes_.end()) return it->second;
  std::string error;
  // Patterns met while running (a function's pattern argument, possibly from
  // a field) skip the Hyperscan prefilter: its compile costs more than it
  // saves for a pattern that may be used once.
  RegexOptions options;
  options.prefilter = false;
  auto re = Regex::compile(pattern, &error, options);
  if (!re) throw EvalError(error);
  // Bounded: a field-driven pattern must not grow the cache without limit.
  if (regexes_.size() >= policy::kRegexCacheCapacity) regexes_.clear();
  regexes_.emplace(std::move(key), re);
  return re;
}

}  // namespace rulejit::rt
