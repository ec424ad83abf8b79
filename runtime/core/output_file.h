// Writing results and artifacts without losing them silently.
//
// A full disk, a closed pipe or /dev/full must fail the command with the
// reason, never end with exit 0 and a short file. Two tools:
//  - OutputStream: buffered writes to stdout or a file. Every write(2), the
//    final flush and close(2) are checked; the first failure is kept (with
//    errno's text) and later writes are dropped, so the caller reports once.
//  - write_file_atomically: an artifact appears whole or not at all (temporary
//    file in the same folder, fsync, rename). An existing device, FIFO or
//    other special file is written in place, never replaced by a regular
//    file; a folder is refused. The temporary file never outlives a failure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rulejit::rt {

class OutputStream {
 public:
  OutputStream() = default;
  ~OutputStream();
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  // "-" or empty: standard output (not closed at the end). Else the file is
  // created or truncated. False (and error()) when it cannot be opened.
  bool open(const std::string& path);
  // Continues a file a checkpoint saw `keep_bytes` long (--state): what was
  // written after that point is cut off, then writes append. False when the
  // file is missing or shorter than that (it is not the file the checkpoint
  // knew), or cannot be opened. bytes_written() counts from the file start.
  bool open_resumed(const std::string& path, uint64_t keep_bytes);

  void write(std::string_view bytes);
  // Writes what is buffered; false once any write has failed.
  bool flush();
  // Flushes, then makes what was written durable (fsync; stdout: flush only).
  bool sync();
  // Flushes and closes (a file; stdout is only flushed). False on failure.
  bool close();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // "<path>: <reason>"
  uint64_t bytes_written() const { return written_; }
  const std::string& name() const { return name_; }

 private:
  void fail(const char* what, int err);
  bool drain();

  int fd_ = -1;
  bool owned_ = false;
  std::string name_;
  std::string buffer_;
  std::string error_;
  uint64_t written_ = 0;
};

bool write_file_atomically(const std::string& path, std::string_view bytes, std::string* error);

}  // namespace rulejit::rt
