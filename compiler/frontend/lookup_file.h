// Reading a lookup's data file, confined to the folders the user named.
//
// A rule pack is often written by someone other than the person who runs it,
// so a lookup definition's `filename:` is untrusted: it must not reach
// /etc/passwd, a device such as /dev/zero, or anything outside the lookup
// folders through `..` or a symlink. Contract of read_lookup_file:
//  - `filename` is relative, has no `..` component, and resolves (symlinks
//    followed) to a regular file inside one of `allowed_roots` (each itself
//    resolved); otherwise an error says which rule was broken.
//  - The file is at most `max_bytes` long (checked while reading, so a file
//    that grows or lies in its size cannot exceed it).
//  - It is read once; the caller keeps the bytes (no second read later).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rulejit {

// Default size limit of one lookup file (the largest security_content lookup
// is a few MB; a pack is held in memory whole).
inline constexpr size_t kMaxLookupFileBytes = size_t{64} << 20;

struct LookupFileRead {
  bool ok = false;
  std::string bytes;   // the file's contents when ok
  std::string error;   // why not, when !ok (names the path as the user wrote it)
};

LookupFileRead read_lookup_file(const std::string& data_dir, const std::string& filename,
                                const std::vector<std::string>& allowed_roots,
                                size_t max_bytes = kMaxLookupFileBytes);

}  // namespace rulejit
