#include "compiler/frontend/lookup_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace rulejit {
namespace fs = std::filesystem;

namespace {

LookupFileRead fail(std::string message) {
  LookupFileRead r;
  r.error = std::move(message);
  return r;
}

// True when `inner` is `outer` or below it (both canonical).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

std::string quote(const std::string& s) { return "`" + s + "`"; }

}  // namespace

LookupFileRead read_lookup_file(const std::string& data_dir, const std::string& filename,
                                const std::vector<std::string>& allowed_roots, size_t max_bytes) {
  const fs::path rel(filename);
  if (rel.has_root_directory() || rel.has_root_name())
    return fail("filename " + quote(filename) + " is an absolute path; a lookup file must be inside its lookups folder");
  for (const auto& part : rel)
    if (part == "..")
      return fail("filename " + quote(filename) + " leaves its lookups folder (`..`)");

  const fs::path shown = fs::path(data_dir) / rel;
  std::error_code ec;
  const fs::path real = fs::canonical(shown, ec);
  if (ec) return fail("file " + quote(shown.string()) + " cannot be read: " + ec.message());

  bool inside = false;
  for (const auto& root : allowed_roots) {
    std::error_code rec;
    const fs::path r = fs::canonical(root, rec);
    if (!rec && is_within(real, r)) {
      inside = true;
      break;
    }
  }
  if (!inside)
    return fail("file " + quote(shown.string()) + " resolves to " + quote(real.string()) +
                ", outside the lookups folders");

  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
  const int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return fail("file " + quote(shown.string()) + " cannot be opened: " + std::strerror(errno));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail("file " + quote(shown.string()) + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("file " + quote(shown.string()) + " is not a regular file");
  const auto limit_text = std::to_string(max_bytes);
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    return fail("file " + quote(shown.string()) + " is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                limit_text + " bytes for a lookup file");

  LookupFileRead out;
  out.bytes.resize(static_cast<size_t>(st.st_size));
  size_t have = 0;
  for (;;) {
    if (have == out.bytes.size()) {
      if (have > max_bytes) break;
      out.bytes.resize(have + 4096 > max_bytes + 1 ? max_bytes + 1 : have + 4096);  // the file grew
      if (have == out.bytes.size()) break;
    }
    const ssize_t n = ::read(fd, out.bytes.data() + have, out.bytes.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("file " + quote(shown.string()) + " cannot be read: " + std::strerror(errno));
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  if (have > max_bytes)
    return fail("file " + quote(shown.string()) + " grew past the limit of " + limit_text + " bytes for a lookup file");
  out.bytes.resize(have);
  out.ok = true;
  return out;
}

}  // namespace rulejit
