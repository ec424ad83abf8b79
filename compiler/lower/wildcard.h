// Field-name wildcards (rename, table, fields, foreach): `*` matches any run
// of characters; the captured runs substitute into a target pattern in order
// (spl-semantics.md §3.9: source and target have the same number of `*`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::lower {

// Captures of `pattern` matching the whole `name` (case-sensitive), or nullopt.
std::optional<std::vector<std::string>> wildcard_captures(std::string_view pattern, std::string_view name);
// `pattern` with its `*`s replaced by the captures, in order.
std::string wildcard_substitute(std::string_view pattern, const std::vector<std::string>& captures);
inline bool has_wildcard(std::string_view s) { return s.find('*') != std::string_view::npos; }

}  // namespace rulejit::lower
