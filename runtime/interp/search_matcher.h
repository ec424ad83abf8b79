// SearchMatcher: one compiled search-language value test (ir::Matcher):
// case-insensitive glob, case-sensitive glob, CIDR (with glob fallback),
// ordering comparison, or case-folded set membership.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

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
  std::unordered_set<std::string> set_;
};

}  // namespace rulejit::rt
