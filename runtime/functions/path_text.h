// Path text helpers shared by the basename() function and the engines'
// direct text derivations (runtime/engine/direct_text.h).
#pragma once

#include <string_view>

namespace rulejit::rt {

// The text after the last '/' (the whole text when it has none).
inline std::string_view path_basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace rulejit::rt
