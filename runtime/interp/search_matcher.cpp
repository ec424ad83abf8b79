#include "runtime/interp/search_matcher.h"

#include "runtime/core/value.h"

namespace rulejit::rt {

SearchMatcher::SearchMatcher(const ir::Matcher& m) : kind_(m.kind), literal_(m.pattern) {
  using K = ir::Matcher::Kind;
  switch (kind_) {
    case K::Glob: glob_.emplace(m.pattern, false); break;
    case K::GlobCS: glob_.emplace(m.pattern, true); break;
    case K::Cidr:
      cidr_ = parse_cidr(m.pattern);
      glob_.emplace(m.pattern, false);  // also matches the literal text (§1.7 UNCERTAIN: yes)
      break;
    case K::Less: case K::LessEq: case K::Greater: case K::GreaterEq:
      literal_num_ = parse_number(m.pattern);
      break;
    case K::Set:
      set_.insert(m.items.begin(), m.items.end());
      break;
    case K::GlobList:
      for (const auto& g : m.items) {
        if (g.find('*') == std::string::npos) set_.insert(fold_ascii(g));
        else globs_.emplace_back(g, false);
      }
      break;
  }
}

bool SearchMatcher::matches(std::string_view v) const {
  using K = ir::Matcher::Kind;
  switch (kind_) {
    case K::Glob: case K::GlobCS: return glob_->match(v);
    case K::Cidr: return (cidr_ && cidr_->contains(v)) || glob_->match(v);
    case K::Set: {
      // Items are ASCII-folded; fold the value the same way.
      return set_.count(fold_ascii(v)) > 0;
    }
    case K::GlobList:
      if (!set_.empty() && set_.count(fold_ascii(v))) return true;
      for (const auto& g : globs_)
        if (g.match(v)) return true;
      return false;
    default: break;
  }
  // Ordering: numeric when both sides are numbers, else bytewise (§1.2).
  int c;
  auto n = parse_number(v);
  if (n && literal_num_) c = *n < *literal_num_ ? -1 : (*n > *literal_num_ ? 1 : 0);
  else c = v.compare(literal_);
  switch (kind_) {
    case K::Less: return c < 0;
    case K::LessEq: return c <= 0;
    case K::Greater: return c > 0;
    case K::GreaterEq: return c >= 0;
    default: return false;
  }
}

}  // namespace rulejit::rt
