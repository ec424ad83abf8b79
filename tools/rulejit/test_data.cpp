#include "tools/rulejit/test_data.h"

#include <filesystem>

namespace rulejit::cli {
namespace fs = std::filesystem;
namespace {

// "scheme://host/a/b" -> "a/b" (query and fragment dropped); else the text.
std::string reduce_reference(const std::string& ref) {
  const size_t scheme = ref.find("://");
  if (scheme == std::string::npos) return ref;
  const size_t path = ref.find('/', scheme + 3);
  if (path == std::string::npos) return "";
  std::string rel = ref.substr(path + 1);
  rel = rel.substr(0, rel.find_first_of("?#"));
  return rel;
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

std::string DataLookup::not_found_message(const std::string& reference) const {
  if (fs::path(relative).is_absolute()) return "data file not found: " + relative + " is not a file";
  std::string msg = "data file not found for " + reference + ": looked for " + relative;
  const std::string base = fs::path(relative).filename().string();
  if (base != relative) msg += " (and its shorter path suffixes, down to " + base + ")";
  msg += " under ";
  for (size_t i = 0; i < roots.size(); ++i) msg += (i ? ", " : "") + roots[i];
  msg += "; give the folder holding the data with --data DIR";
  return msg;
}

DataLookup find_test_data(const std::string& reference, const std::string& detection_file,
                          const std::vector<std::string>& data_dirs) {
  DataLookup out;
  out.relative = reduce_reference(reference);
  if (fs::path(out.relative).is_absolute()) {
    if (is_file(out.relative)) out.path = out.relative;
    return out;
  }
  out.roots = data_dirs;
  const fs::path dir = fs::path(detection_file).parent_path();
  out.roots.push_back(dir.empty() ? "." : dir.string());
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : dir.empty() ? fs::path("..") : fs::path(".");
  out.roots.push_back(parent.string());
  // Path components of the reference; "." and ".." are kept as written.
  std::vector<fs::path> parts;
  for (const auto& p : fs::path(out.relative)) parts.push_back(p);
  for (size_t first = 0; first < parts.size(); ++first) {
    fs::path suffix;
    for (size_t i = first; i < parts.size(); ++i) suffix /= parts[i];
    for (const auto& root : out.roots) {
      fs::path cand = fs::path(root) / suffix;
      if (is_file(cand)) {
        out.path = cand.lexically_normal().string();
        return out;
      }
    }
  }
  return out;
}

}  // namespace rulejit::cli
