// SearchMatcher: one compiled search-language value test (ir::Matcher):
// case-insensitive glob, case-sensitive glob, CIDR (with glob fallback),
// ordering comparison, case-folded set membership, or a list of globs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/ir/expr.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/network.h"

namespace rulejit::rt {

class SearchMatcher {
 public:
  explicit SearchMatcher(const ir::Matcher& m);
  bool matches(std::string_view value) const;

 private:
  ir::Matcher::Kind kind_;
  std::optional<GlobPattern> glob_;
  std::optional<Cidr> cidr_;
  std::string literal_;
  std::optional<double> literal_num_;
  std::unordered_set<std::string> set_;  // Set; GlobList: its exact members
  std::vector<GlobPattern> globs_;       // GlobList: members with a `*`
};

}  // namespace rulejit::rt
