#include "runtime/core/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace rulejit::rt {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 16;

// Writes all of `bytes` to fd; errno of the failure otherwise.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

std::string reason(int err) { return std::strerror(err); }

}  // namespace

OutputStream::~OutputStream() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

bool OutputStream::open(const std::string& path) {
  if (path.empty() || path == "-") {
    fd_ = STDOUT_FILENO;
    owned_ = false;
    name_ = "standard output";
    return true;
  }
  name_ = path;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    fail("cannot open", errno);
    return false;
  }
  owned_ = true;
  return true;
}

bool OutputStream::open_resumed(const std::string& path, uint64_t keep_bytes) {
  name_ = path;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) {
    fail("cannot open the output to continue it", errno);
    return false;
  }
  owned_ = true;
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    fail("cannot stat", errno);
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) < keep_bytes) {
    error_ = name_ + ": shorter (" + std::to_string(st.st_size) + " bytes) than the checkpoint recorded (" +
             std::to_string(keep_bytes) + "): not the output this state belongs to";
    return false;
  }
  if (::ftruncate(fd_, static_cast<off_t>(keep_bytes)) != 0 ||
      ::lseek(fd_, static_cast<off_t>(keep_bytes), SEEK_SET) < 0) {
    fail("cannot cut back to the checkpoint", errno);
    return false;
  }
  written_ = keep_bytes;
  return true;
}

bool OutputStream::sync() {
  if (!drain()) return false;
  if (owned_ && fd_ >= 0 && ::fsync(fd_) != 0) fail("fsync failed", errno);
  return ok();
}

void OutputStream::fail(const char* what, int err) {
  if (error_.empty()) error_ = name_ + ": " + what + ": " + reason(err);
}

bool OutputStream::drain() {
  if (!ok() || buffer_.empty() || fd_ < 0) {
    buffer_.clear();
    return ok();
  }
  if (const int err = write_all(fd_, buffer_)) fail("write failed", err);
  else written_ += buffer_.size();
  buffer_.clear();
  return ok();
}

void OutputStream::write(std::string_view bytes) {
  if (!ok()) return;
  if (buffer_.size() + bytes.size() > kBufferBytes) {
    drain();
    if (bytes.size() >= kBufferBytes) {
      if (const int err = write_all(fd_, bytes)) fail("write failed", err);
      else written_ += bytes.size();
      return;
    }
  }
  buffer_.append(bytes);
}

bool OutputStream::flush() { return drain(); }

bool OutputStream::close() {
  drain();
  if (owned_ && fd_ >= 0) {
    if (::close(fd_) != 0) fail("close failed", errno);
    fd_ = -1;
    owned_ = false;
  }
  return ok();
}

bool write_file_atomically(const std::string& path, std::string_view bytes, std::string* error) {
  auto fail = [&](const std::string& what) {
    if (error) *error = path + ": " + what;
    return false;
  };
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return fail("is a folder");
    // A device or FIFO (/dev/stdout, a pipe to another program): write into
    // it; replacing it with a regular file would break the system or the pipe.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return fail("cannot open: " + reason(errno));
    int err = write_all(fd, bytes);
    if (::close(fd) != 0 && err == 0) err = errno;
    return err ? fail("write failed: " + reason(err)) : true;
  }

  std::vector<char> tmp(path.begin(), path.end());
  const std::string suffix = ".tmp.XXXXXX";
  tmp.insert(tmp.end(), suffix.begin(), suffix.end());
  tmp.push_back('\0');
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return fail("cannot create a temporary file beside it: " + reason(errno));
  int err = write_all(fd, bytes);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  // mkostemp made it 0600; a replaced file keeps its mode, a new one is 0644.
  if (err == 0 && ::chmod(tmp.data(), exists ? (st.st_mode & 07777) : 0644) != 0) err = errno;
  if (err == 0 && ::rename(tmp.data(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.data());
    return fail("write failed: " + reason(err));
  }
  return true;
}

}  // namespace rulejit::rt
