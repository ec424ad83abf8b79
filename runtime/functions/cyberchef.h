// The CyberChef operations rulejit runs (cyberchef.cpp has the semantics):
// the `cyberchef` command is lowered to one internal _cyberchef(text, op,
// arg) call per recipe operation, and the compiler refuses any operation
// not in this list.
#pragma once

#include <span>
#include <string_view>

namespace rulejit::rt {

// Operation names, lower case ("from punycode", "to base64", ...).
std::span<const std::string_view> cyberchef_operations();

}  // namespace rulejit::rt
