// The plan's constant pools made executable: search matchers, compiled
// regexes, string sets. Built once per plan; immutable and thread-safe after.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/functions/regex.h"
#include "runtime/interp/search_matcher.h"

namespace rulejit::rt {

struct CompiledConstants {
  std::vector<SearchMatcher> matchers;
  std::vector<std::shared_ptr<const Regex>> regexes;  // null when the pattern is invalid
  std::vector<std::string> regex_errors;              // parallel to regexes
  std::vector<std::unique_ptr<SedExpr>> seds;         // rex mode=sed entries (else null)
  std::vector<std::unordered_set<std::string>> sets;

  // Compiles every pool; problems (invalid regex) are collected in errors.
  static CompiledConstants build(const ir::Plan& plan, std::vector<std::string>& errors);
};

}  // namespace rulejit::rt
