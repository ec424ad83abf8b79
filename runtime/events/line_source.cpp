#include "runtime/events/line_source.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <simdjson.h>

namespace rulejit::rt {

static_assert(kJsonPadding == simdjson::SIMDJSON_PADDING);

namespace {

namespace fs = std::filesystem;

// A stream of bytes: read() returns >0 bytes, 0 at the end, -1 on error
// (message in error()).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual long read(char* dst, size_t n) = 0;
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {
    struct stat st {};
    pipe_ = ::fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode);
    // A pipe holds 64 KiB by default: the writer and this reader then take
    // turns every 64 KiB (stdin read at 0.6x the speed of a file). A bigger
    // pipe, up to the system's limit, lets both run; failing is harmless.
    if (pipe_) {
      for (int size = kPipeBytes; size >= (64 << 10); size /= 2)
        if (::fcntl(fd_, F_SETPIPE_SZ, size) >= 0) break;
    }
  }
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  long read(char* dst, size_t n) override {
    long got = read_once(dst, n);
    // From a pipe, also take what is already queued (without waiting for
    // more, so a slow live stream is not held back): fewer, larger reads.
    while (pipe_ && got > 0 && static_cast<size_t>(got) < n) {
      int queued = 0;
      if (::ioctl(fd_, FIONREAD, &queued) != 0 || queued <= 0) break;
      const long more = read_once(dst + got, std::min(n - static_cast<size_t>(got), static_cast<size_t>(queued)));
      if (more <= 0) break;  // an error is seen again by the next call
      got += more;
    }
    return got;
  }

 private:
  static constexpr int kPipeBytes = 1 << 20;  // Linux's default pipe-max-size
  long read_once(char* dst, size_t n) {
    for (;;) {
      ssize_t r = ::read(fd_, dst, n);
      if (r >= 0) return static_cast<long>(r);
      if (errno == EINTR) continue;
      error_ = std::string("read failed: ") + std::strerror(errno);
      return -1;
    }
  }

  int fd_;
  bool owned_;
  bool pipe_ = false;
};

class MemSource final : public ByteSource {
 public:
  explicit MemSource(std::string_view data) : data_(data) {}
  long read(char* dst, size_t n) override {
    const size_t k = std::min(n, data_.size() - pos_);
    if (k) std::memcpy(dst, data_.data() + pos_, k);
    pos_ += k;
    return static_cast<long>(k);
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Replays a few bytes peeked for magic detection, then the rest.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::unique_ptr<ByteSource> inner, const char* prefix, size_t n)
      : inner_(std::move(inner)), n_(n) {
    std::memcpy(prefix_, prefix, n);
  }
  long read(char* dst, size_t n) override {
    if (pos_ < n_) {
      const size_t k = std::min(n, n_ - pos_);
      std::memcpy(dst, prefix_ + pos_, k);
      pos_ += k;
      return static_cast<long>(k);
    }
    long r = inner_->read(dst, n);
    if (r < 0) error_ = inner_->error();
    return r;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  char prefix_[4];
  size_t n_;
  size_t pos_ = 0;
};

// Gunzips an inner source; concatenated members are one stream.
class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), in_(new unsigned char[kInSize]) {
    std::memset(&z_, 0, sizeof z_);
    // 16 + MAX_WBITS: gzip wrapper only (we got here by the gzip magic).
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;
    if (!ok_) error_ = "zlib inflateInit2 failed";
  }
  ~GzipSource() override {
    if (ok_) inflateEnd(&z_);
  }

  long read(char* dst, size_t n) override {
    if (!ok_ || failed_) return -1;
    if (done_ || n == 0) return 0;
    z_.next_out = reinterpret_cast<unsigned char*>(dst);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const uInt want = z_.avail_out;
    for (;;) {
      if (z_.avail_in == 0 && !in_eof_ && !fill()) return fail_or(want);
      if (z_.avail_in == 0 && in_eof_ && !mid_member_) {
        done_ = true;  // clean end after a complete member
        return static_cast<long>(want - z_.avail_out);
      }
      const int rc = inflate(&z_, Z_NO_FLUSH);
      mid_member_ = true;
      if (rc == Z_STREAM_END) {
        mid_member_ = false;
        // Another member may follow (cat a.gz b.gz); reset and go on.
        if (inflateReset(&z_) != Z_OK) {
          error_ = "zlib inflateReset failed";
          return fail_or(want);
        }
        if (z_.avail_out < want) return static_cast<long>(want - z_.avail_out);
        continue;
      }
      if (rc == Z_OK) {
        if (z_.avail_out < want) return static_cast<long>(want - z_.avail_out);
        continue;
      }
      if (rc == Z_BUF_ERROR && z_.avail_in == 0) {
        if (in_eof_) {
          error_ = "truncated gzip stream (unexpected end of input)";
          return fail_or(want);
        }
        continue;  // needs more input
      }
      error_ = std::string("gzip data error: ") + (z_.msg ? z_.msg : "inflate failed");
      return fail_or(want);
    }
  }

 private:
  static constexpr size_t kInSize = size_t{256} << 10;

  bool fill() {
    const long r = inner_->read(reinterpret_cast<char*>(in_.get()), kInSize);
    if (r < 0) {
      error_ = inner_->error();
      return false;
    }
    if (r == 0) {
      in_eof_ = true;
      if (mid_member_) {
        error_ = "truncated gzip stream (unexpected end of input)";
        return false;
      }
      return true;
    }
    z_.next_in = in_.get();
    z_.avail_in = static_cast<uInt>(r);
    return true;
  }
  // Deliver what was decoded before the error; report the error next call.
  long fail_or(uInt want) {
    failed_ = true;
    const long got = static_cast<long>(want - z_.avail_out);
    if (got > 0) {
      pending_error_ = true;
      failed_ = false;
      done_ = true;
      return got;
    }
    return -1;
  }

 public:
  bool pending_error() const { return pending_error_; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::unique_ptr<unsigned char[]> in_;
  z_stream z_;
  bool ok_ = false;
  bool in_eof_ = false;
  bool mid_member_ = false;
  bool done_ = false;
  bool failed_ = false;
  bool pending_error_ = false;
};

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

struct LineSource::Impl {
  LineSourceOptions opt;
  std::vector<std::string> inputs;
  size_t next_input = 0;
  std::vector<std::string> dir_files;  // expansion of the current directory input
  size_t next_dir_file = 0;

  bool memory_mode = false;
  std::string memory_data;
  // from_padded_memory: lines are views into the caller's buffer.
  const char* ext = nullptr;
  size_t ext_size = 0, ext_pos = 0;
  std::string ext_name;
  LineKeep ext_keep;  // owns nothing: the caller keeps the data alive

  bool next_external(Line& out, ReadStats& st) {
    while (ext_pos < ext_size) {
      const char* b = ext + ext_pos;
      const void* nl = std::memchr(b, '\n', ext_size - ext_pos);
      size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - b) : ext_size - ext_pos;
      const uint64_t off = ext_pos;
      ext_pos += len + (nl ? 1 : 0);
      st.bytes_read += len + (nl ? 1 : 0);
      const uint64_t ln = ++line_no;
      ++st.lines;
      size_t e = len;
      if (e > 0 && b[e - 1] == '\r') --e;
      if (e > opt.max_line_bytes) {
        st.record(ErrorKind::OverLongLine, ext_name, ln, off,
                  "line of " + std::to_string(e) + " bytes exceeds the limit of " + std::to_string(opt.max_line_bytes));
        continue;
      }
      size_t i = 0;
      while (i < e && is_json_space(b[i])) ++i;
      if (i == e) {
        ++st.empty_lines;
        continue;
      }
      out.text = std::string_view(b, e);
      out.capacity = ext_size - off + kJsonPadding;
      out.file = ext_name;
      out.line_number = ln;
      out.byte_offset = off;
      out.keep = &ext_keep;
      return true;
    }
    return false;
  }

  std::unique_ptr<ByteSource> src;
  GzipSource* gz = nullptr;  // src when it is a gzip stream
  std::string cur_path;
  bool have_input = false;

  // Read buffers. A consumer may hold one (Line::keep) past next(); a held
  // buffer is never written, the reader moves on to a free one.
  struct Buffer {
    LineKeep owner;  // use_count() == 1: only the pool holds it
    char* data = nullptr;
  };
  std::vector<Buffer> pool;
  size_t current = 0;  // pool index of buf
  char* buf = nullptr;
  size_t cap = 0;    // data capacity; allocation is cap + SIMDJSON_PADDING + 1
  size_t alloc = 0;
  size_t start = 0;  // first byte of the current (unfinished) line
  size_t scan = 0;   // where to resume looking for '\n'
  size_t end = 0;    // end of valid data
  uint64_t base = 0; // input offset of buf[0]
  uint64_t line_no = 0;
  bool eof = false;
  bool bom_checked = false;

  bool skipping = false;  // inside an over-long line
  uint64_t skip_line = 0, skip_offset = 0, skip_len = 0;

  void init_buffer() {
    cap = std::max(opt.chunk_bytes, opt.max_line_bytes + 2);
    cap = std::max<size_t>(cap, 16);
    alloc = cap + kJsonPadding + 1;
    pool.push_back(make_buffer());
    current = 0;
    buf = pool[0].data;
  }

  Buffer make_buffer() const {
    std::shared_ptr<char[]> bytes = std::make_shared<char[]>(alloc);  // zeroed: padding bytes are defined
    Buffer b;
    b.data = bytes.get();
    b.owner = std::move(bytes);
    return b;
  }

  static bool is_free(const Buffer& b) {
    if (b.owner.use_count() != 1) return false;
    // Pairs with the holder's release of its copy: its reads of the bytes
    // happen before the reader writes them again.
    std::atomic_thread_fence(std::memory_order_acquire);
    return true;
  }

  // Makes the buffer writable: when a consumer holds it, the unfinished
  // line moves to the front of a free buffer (one more if none is free).
  // Otherwise it moves to the front of this one.
  void writable_buffer() {
    if (!is_free(pool[current])) {
      size_t pick = pool.size();
      for (size_t i = 0; i < pool.size(); ++i)
        if (i != current && is_free(pool[i])) {
          pick = i;
          break;
        }
      if (pick == pool.size()) pool.push_back(make_buffer());
      std::memcpy(pool[pick].data, buf + start, end - start);
      current = pick;
      buf = pool[pick].data;
    } else if (start > 0) {
      std::memmove(buf, buf + start, end - start);
    }
    base += start;
    end -= start;
    scan -= start;
    start = 0;
  }

  void begin_input(std::unique_ptr<ByteSource> s, std::string path, ReadStats& st) {
    // Peek the magic without consuming it for the line reader.
    char magic[2];
    size_t got = 0;
    while (got < 2) {
      long r = s->read(magic + got, 2 - got);
      if (r < 0) {
        st.record(ErrorKind::ReadError, path, 0, 0, s->error());
        return;
      }
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    auto pre = std::make_unique<PrefixedSource>(std::move(s), magic, got);
    gz = nullptr;
    if (got == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
        static_cast<unsigned char>(magic[1]) == 0x8b) {
      auto g = std::make_unique<GzipSource>(std::move(pre));
      gz = g.get();
      src = std::move(g);
    } else {
      src = std::move(pre);
    }
    cur_path = std::move(path);
    have_input = true;
    start = scan = end = 0;
    base = 0;
    line_no = 0;
    eof = false;
    bom_checked = false;
    skipping = false;
    ++st.inputs_opened;
  }

  void close_input() {
    src.reset();
    gz = nullptr;
    have_input = false;
  }

  void open_file(const std::string& path, ReadStats& st) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      st.record(ErrorKind::ReadError, path, 0, 0,
                std::string("cannot open: ") + std::strerror(errno));
      return;
    }
    begin_input(std::make_unique<FdSource>(fd, true), path, st);
  }

  // Regular files under `dir`, recursively; directory symlinks are not
  // followed (no cycles). Errors are recorded per directory.
  void collect_dir(const fs::path& dir, std::vector<std::string>& out, ReadStats& st) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), endit;
    if (ec) {
      st.record(ErrorKind::ReadError, dir.string(), 0, 0, "cannot list directory: " + ec.message());
      return;
    }
    for (; it != endit; it.increment(ec)) {
      if (ec) {
        st.record(ErrorKind::ReadError, dir.string(), 0, 0, "cannot list directory: " + ec.message());
        return;
      }
      const fs::directory_entry& e = *it;
      std::error_code ec2;
      if (e.is_symlink(ec2)) {
        if (fs::is_regular_file(e.path(), ec2)) out.push_back(e.path().string());
        continue;
      }
      if (e.is_directory(ec2)) {
        collect_dir(e.path(), out, st);
      } else if (e.is_regular_file(ec2)) {
        out.push_back(e.path().string());
      }
    }
  }

  // Opens the next input that can be opened; false when none are left.
  bool open_next(ReadStats& st) {
    while (!have_input) {
      if (next_dir_file < dir_files.size()) {
        open_file(dir_files[next_dir_file++], st);
        continue;
      }
      dir_files.clear();
      next_dir_file = 0;
      if (next_input >= inputs.size()) return false;
      const std::string& in = inputs[next_input++];
      if (memory_mode) {
        begin_input(std::make_unique<MemSource>(memory_data), in, st);
        continue;
      }
      if (in == "-") {
        begin_input(std::make_unique<FdSource>(0, false), in, st);
        continue;
      }
      std::error_code ec;
      if (fs::is_directory(in, ec)) {
        collect_dir(in, dir_files, st);
        std::sort(dir_files.begin(), dir_files.end());
        continue;
      }
      open_file(in, st);
    }
    return true;
  }

  // Reads more data after moving the unfinished line to the buffer front.
  void refill(ReadStats& st) {
    writable_buffer();
    const size_t room = std::min(cap - end, std::max<size_t>(opt.chunk_bytes, 1));
    const long r = src->read(buf + end, room);
    if (r < 0) {
      st.record(ErrorKind::ReadError, cur_path, 0, base + end, src->error());
      eof = true;
      return;
    }
    if (r == 0) {
      if (gz && gz->pending_error()) {
        st.record(ErrorKind::ReadError, cur_path, 0, base + end, gz->error());
      }
      eof = true;
      return;
    }
    end += static_cast<size_t>(r);
    st.bytes_read += static_cast<uint64_t>(r);
    if (!bom_checked && base == 0 && (end >= 3)) {
      bom_checked = true;
      if (std::memcmp(buf, "\xEF\xBB\xBF", 3) == 0) start = scan = 3;
    }
  }

  void finish_skip(uint64_t tail, ReadStats& st) {
    skip_len += tail;
    skipping = false;
    st.record(ErrorKind::OverLongLine, cur_path, skip_line, skip_offset,
              "line of " + std::to_string(skip_len) + " bytes exceeds the limit of " +
                  std::to_string(opt.max_line_bytes));
  }

  // Classifies [s, e) (terminator excluded) and fills `out` if it is an event.
  bool emit(size_t s, size_t e, Line& out, ReadStats& st) {
    const uint64_t ln = ++line_no;
    ++st.lines;
    if (e > s && buf[e - 1] == '\r') --e;
    if (e - s > opt.max_line_bytes) {
      skip_line = ln;
      skip_offset = base + s;
      skip_len = 0;
      finish_skip(e - s, st);
      return false;
    }
    size_t i = s;
    while (i < e && is_json_space(buf[i])) ++i;
    if (i == e) {
      ++st.empty_lines;
      return false;
    }
    // The byte after the text must be whitespace for simdjson (the terminator
    // already is; at the end of input we write one into the slack).
    if (e == end) buf[e] = '\n';
    out.text = std::string_view(buf + s, e - s);
    out.capacity = alloc - s;
    out.file = cur_path;
    out.line_number = ln;
    out.byte_offset = base + s;
    out.keep = &pool[current].owner;
    return true;
  }

  bool next(Line& out, ReadStats& st) {
    if (ext) return next_external(out, st);
    for (;;) {
      if (!have_input && !open_next(st)) return false;
      if (scan < end) {
        auto* nl = static_cast<char*>(std::memchr(buf + scan, '\n', end - scan));
        if (nl) {
          const size_t e = static_cast<size_t>(nl - buf);
          const size_t s = start;
          start = scan = e + 1;
          if (skipping) {
            finish_skip(e - s, st);
            continue;
          }
          if (emit(s, e, out, st)) return true;
          continue;
        }
        scan = end;
      }
      // No terminator in the buffer.
      if (!skipping && end - start > opt.max_line_bytes + 1) {
        skipping = true;  // over-long even if a '\r' ends it
        skip_line = ++line_no;
        ++st.lines;
        skip_offset = base + start;
        skip_len = 0;
      }
      if (skipping) {
        skip_len += end - start;
        base += end;
        start = scan = end = 0;
      }
      if (eof) {
        if (skipping) {
          finish_skip(0, st);
        } else if (start < end) {
          // emit() writes the whitespace after this last line: not into a
          // buffer someone holds.
          writable_buffer();
          const size_t s = start;
          const size_t e = end;
          start = scan = end;
          if (emit(s, e, out, st)) return true;
          continue;
        }
        close_input();
        continue;
      }
      refill(st);
      if (eof && !bom_checked) bom_checked = true;
    }
  }
};

LineSource::LineSource() : impl_(std::make_unique<Impl>()) {}

LineSource::LineSource(std::vector<std::string> inputs, LineSourceOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = options;
  impl_->inputs = std::move(inputs);
  impl_->init_buffer();
  stats_.max_problems = options.max_problems;
}

LineSource LineSource::from_memory(std::string_view data, std::string name,
                                   LineSourceOptions options) {
  LineSource ls;
  ls.impl_->opt = options;
  ls.impl_->memory_mode = true;
  ls.impl_->memory_data = std::string(data);
  ls.impl_->inputs.push_back(std::move(name));
  ls.impl_->init_buffer();
  ls.stats_.max_problems = options.max_problems;
  return ls;
}

LineSource LineSource::from_padded_memory(std::string_view data, std::string name, LineSourceOptions options) {
  LineSource ls;
  ls.impl_->opt = options;
  ls.impl_->ext = data.data();
  ls.impl_->ext_size = data.size();
  ls.impl_->ext_name = std::move(name);
  ls.impl_->ext_keep = LineKeep(LineKeep(), data.data());
  ls.stats_.max_problems = options.max_problems;
  ls.stats_.inputs_opened = 1;
  return ls;
}

LineSource::LineSource(LineSource&&) noexcept = default;
LineSource& LineSource::operator=(LineSource&&) noexcept = default;
LineSource::~LineSource() = default;

bool LineSource::next(Line& out) { return impl_->next(out, stats_); }

}  // namespace rulejit::rt
