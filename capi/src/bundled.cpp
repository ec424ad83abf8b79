#include "capi/src/bundled.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace rulejit::capi {
namespace fs = std::filesystem;

static bool usable(const fs::path& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p / "isovalent", ec);
}

std::string bundled_rules_dir() {
  std::error_code ec;
  if (const char* home = std::getenv("RULEJIT_HOME"); home && *home) {
    // An explicit RULEJIT_HOME wins even when wrong: the error then names it.
    return (fs::path(home) / "rules").string();
  }
  std::vector<fs::path> candidates;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&bundled_rules_dir), &info) && info.dli_fname) {
    fs::path self = fs::absolute(info.dli_fname, ec);
    if (!ec) {
      candidates.push_back(self.parent_path() / "../share/rulejit/rules");
      candidates.push_back(self.parent_path() / "../../share/rulejit/rules");  // lib/<multiarch>/
    }
  }
#ifdef RULEJIT_INSTALL_RULES_DIR
  candidates.emplace_back(RULEJIT_INSTALL_RULES_DIR);
#endif
#ifdef RULEJIT_SOURCE_RULES_DIR
  candidates.emplace_back(RULEJIT_SOURCE_RULES_DIR);
#endif
  for (const auto& c : candidates)
    if (usable(c)) return fs::weakly_canonical(c, ec).string();
  return {};
}

}  // namespace rulejit::capi
