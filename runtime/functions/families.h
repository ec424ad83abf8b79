// Internal: the per-family function tables the registry concatenates.
#pragma once

#include <span>

#include "runtime/functions/registry.h"

namespace rulejit::rt::families {

std::span<const FunctionInfo> string_functions();
std::span<const FunctionInfo> conversion_functions();
std::span<const FunctionInfo> conditional_functions();
std::span<const FunctionInfo> hash_functions();
std::span<const FunctionInfo> multivalue_functions();
std::span<const FunctionInfo> math_functions();
std::span<const FunctionInfo> time_functions();
std::span<const FunctionInfo> network_functions();
// rulejit-only helpers for field maps (extensions.cpp).
std::span<const FunctionInfo> extension_functions();
// spath() over JSON text (json.cpp).
std::span<const FunctionInfo> json_functions();
// _xmlkv() for the xmlkv command (xml.cpp).
std::span<const FunctionInfo> xml_functions();
// _iplocation() for the iplocation command (geoip.cpp).
std::span<const FunctionInfo> geoip_functions();
// _extract_kv() for the extract command (kv.cpp).
std::span<const FunctionInfo> kv_functions();
// _replace_values() for the replace command (replace_values.cpp).
std::span<const FunctionInfo> replace_functions();
// _cyberchef() for the cyberchef command (cyberchef.cpp).
std::span<const FunctionInfo> cyberchef_functions();

}  // namespace rulejit::rt::families
