#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

// Backtracking match; patterns are short field names, so this stays cheap.
static bool match_from(std::string_view p, std::string_view s, std::vector<std::string>& caps) {
  if (p.empty()) return s.empty();
  if (p[0] == '*') {
    for (size_t take = 0; take <= s.size(); ++take) {
      caps.emplace_back(s.substr(0, take));
      if (match_from(p.substr(1), s.substr(take), caps)) return true;
      caps.pop_back();
    }
    return false;
  }
  return !s.empty() && s[0] == p[0] && match_from(p.substr(1), s.substr(1), caps);
}

std::optional<std::vector<std::string>> wildcard_captures(std::string_view pattern, std::string_view name) {
  std::vector<std::string> caps;
  if (!match_from(pattern, name, caps)) return std::nullopt;
  return caps;
}

std::string wildcard_substitute(std::string_view pattern, const std::vector<std::string>& captures) {
  std::string out;
  size_t k = 0;
  for (char c : pattern) {
    if (c == '*') {
      if (k < captures.size()) out += captures[k++];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace rulejit::lower
