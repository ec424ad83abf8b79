#include "runtime/events/follow.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace rulejit::rt {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Longest sleep between two looks at `stop`.
constexpr std::chrono::milliseconds kSlice{50};

}  // namespace

struct FollowSource::Input {
  std::string path;
  bool is_stdin = false;
  int fd = -1;
  uint64_t dev = 0, ino = 0;
  bool done = false;         // stdin at EOF, or dropped
  bool caught_up = false;    // a read returned 0; looked at again after a sleep
  bool rotating = false;     // the path names a new file: drain this one first
  bool reopen = false;       // open the path again on the next turn
  bool said_missing = false; // "waiting for" said (until the file appears)
  bool said_gone = false;    // "removed" said (until a new file appears)
  bool said_error = false;
  bool turn_read = false;    // read once in this turn (a turn ends when the buffer has no line left)
  bool have_saved = false;
  InputPosition saved;

  std::unique_ptr<char[]> buf;
  size_t cap = 0, alloc = 0;
  size_t start = 0, scan = 0, end = 0;  // current line, '\n' search, data end
  uint64_t base = 0;                    // file offset of buf[0]
  uint64_t line_no = 0;
  bool magic_checked = false;
  bool skipping = false;  // inside an over-long line
  uint64_t skip_line = 0, skip_offset = 0, skip_len = 0;

  void reset_at(uint64_t offset, uint64_t lines) {
    start = scan = end = 0;
    base = offset;
    line_no = lines;
    magic_checked = offset > 0;
    skipping = false;
  }
  void close_fd() {
    if (fd >= 0 && !is_stdin) ::close(fd);
    fd = -1;
  }
};

struct FollowSource::Impl {
  FollowOptions opt;
  std::vector<Input> inputs;
  size_t cur = 0;
  bool idle_returned = false;

  ~Impl() {
    for (auto& in : inputs) in.close_fd();
  }

  void notice(const std::string& msg) const {
    if (opt.notice) opt.notice(msg);
  }

  void ensure_buffer(Input& in) {
    if (in.buf) return;
    in.cap = std::max({opt.lines.chunk_bytes, opt.lines.max_line_bytes + 2, size_t{16}});
    in.alloc = in.cap + kJsonPadding + 1;
    in.buf = std::make_unique<char[]>(in.alloc);  // zeroed: padding is defined
  }

  // A restart after a rotation: the saved position is in a file the path
  // no longer names (renamed: tetragon.log -> tetragon.log.1). It is looked
  // for beside the path, so its unread rest is read first, then (the usual
  // rotation) the file the path names now, from its start.
  std::string saved_file(const Input& in) const {
    struct stat sb {};
    if (in.saved.ino == 0 ||
        (::stat(in.path.c_str(), &sb) == 0 && static_cast<uint64_t>(sb.st_dev) == in.saved.dev &&
         static_cast<uint64_t>(sb.st_ino) == in.saved.ino))
      return in.path;
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::path(in.path).parent_path();
    if (dir.empty()) dir = ".";
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      struct stat es {};
      if (::stat(entry.path().c_str(), &es) == 0 && S_ISREG(es.st_mode) &&
          static_cast<uint64_t>(es.st_dev) == in.saved.dev && static_cast<uint64_t>(es.st_ino) == in.saved.ino)
        return entry.path().string();
    }
    return in.path;
  }

  // Opens a file input; false when it cannot be opened now (retried later).
  bool open_file(Input& in, ReadStats& st, FollowStats& fst) {
    const std::string target = in.have_saved ? saved_file(in) : in.path;
    if (target != in.path) notice(in.path + ": its saved position is in " + target + " (rotated); reading its rest first");
    const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) {
        if (!in.said_missing) notice(in.path + ": does not exist yet; waiting for it");
        in.said_missing = true;
      } else if (!in.said_error) {
        notice(in.path + ": cannot open: " + std::strerror(errno) + "; retrying");
        in.said_error = true;
      }
      return false;
    }
    struct stat sb {};
    if (::fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
      ::close(fd);
      st.record(ErrorKind::ReadError, in.path, 0, 0, "a directory cannot be followed");
      in.done = true;
      return false;
    }
    if (in.said_missing) notice(in.path + ": appeared; reading it");
    in.said_missing = in.said_error = in.said_gone = false;
    in.fd = fd;
    in.dev = static_cast<uint64_t>(sb.st_dev);
    in.ino = static_cast<uint64_t>(sb.st_ino);
    in.reset_at(0, 0);
    ensure_buffer(in);
    ++st.inputs_opened;
    if (in.have_saved) {
      in.have_saved = false;
      const InputPosition& p = in.saved;
      if (p.dev == in.dev && p.ino == in.ino && static_cast<uint64_t>(sb.st_size) >= p.offset &&
          ::lseek(fd, static_cast<off_t>(p.offset), SEEK_SET) >= 0) {
        in.reset_at(p.offset, p.line);
        ++fst.resumed;
      } else {
        ++fst.restarted;
        notice(in.path + (p.dev == in.dev && p.ino == in.ino ? ": shorter than its saved position"
                                                             : ": not the file of its saved position") +
               "; reading from its start");
      }
    }
    return true;
  }

  // Reads more after moving the unfinished line to the buffer front:
  // >0 bytes, 0 nothing now (or EOF), -1 error (recorded, input dropped).
  long refill(Input& in, ReadStats& st) {
    if (in.start > 0) {
      std::memmove(in.buf.get(), in.buf.get() + in.start, in.end - in.start);
      in.base += in.start;
      in.end -= in.start;
      in.scan -= in.start;
      in.start = 0;
    }
    if (in.is_stdin) {
      pollfd p{in.fd, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) return 0;  // nothing queued: do not block
    }
    const size_t room = std::min(in.cap - in.end, std::max<size_t>(opt.lines.chunk_bytes, 1));
    for (;;) {
      const ssize_t r = ::read(in.fd, in.buf.get() + in.end, room);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        st.record(ErrorKind::ReadError, in.path, 0, in.base + in.end, std::string("read failed: ") + std::strerror(errno));
        in.close_fd();
        in.done = true;
        return -1;
      }
      if (r > 0) {
        in.end += static_cast<size_t>(r);
        st.bytes_read += static_cast<uint64_t>(r);
        if (in.is_stdin) take_queued(in, st);
      }
      if (r == 0 && in.is_stdin) {
        in.done = true;  // stdin reached EOF (poll said readable)
        return 0;
      }
      return static_cast<long>(r);
    }
  }

  // A pipe holds 64 KiB by default; a bigger one (as LineSource makes it)
  // lets writer and reader run at once. Failing is harmless.
  static void grow_pipe(int fd) {
    struct stat sb {};
    if (::fstat(fd, &sb) != 0 || !S_ISFIFO(sb.st_mode)) return;
    for (int size = 1 << 20; size >= (64 << 10); size /= 2)
      if (::fcntl(fd, F_SETPIPE_SZ, size) >= 0) return;
  }
  // From stdin, also what is already queued (never waiting): fewer reads.
  void take_queued(Input& in, ReadStats& st) {
    for (;;) {
      int queued = 0;
      const size_t room = std::min(in.cap - in.end, opt.lines.chunk_bytes);
      if (room == 0 || ::ioctl(in.fd, FIONREAD, &queued) != 0 || queued <= 0) return;
      const ssize_t r = ::read(in.fd, in.buf.get() + in.end, std::min(room, static_cast<size_t>(queued)));
      if (r <= 0) return;  // an error or EOF is seen by the next read
      in.end += static_cast<size_t>(r);
      st.bytes_read += static_cast<uint64_t>(r);
    }
  }

  // The BOM and gzip checks once the first bytes of a file are in.
  // `at_end`: nothing more to read now, decide on what is there.
  bool check_start(Input& in, ReadStats& st, bool at_end) {
    if (in.magic_checked || in.base != 0) return true;
    if (in.end < 3 && !in.done && !at_end) return true;  // wait for more bytes
    in.magic_checked = true;
    if (in.end >= 2 && static_cast<unsigned char>(in.buf[0]) == 0x1f && static_cast<unsigned char>(in.buf[1]) == 0x8b) {
      st.record(ErrorKind::ReadError, in.path, 0, 0, "gzip input cannot be followed (read it without --follow)");
      in.close_fd();
      in.done = true;
      in.start = in.scan = in.end = 0;
      return false;
    }
    if (in.end >= 3 && std::memcmp(in.buf.get(), "\xEF\xBB\xBF", 3) == 0 && in.start == 0) in.start = in.scan = 3;
    return true;
  }

  void finish_skip(Input& in, uint64_t tail, ReadStats& st) {
    in.skip_len += tail;
    in.skipping = false;
    st.record(ErrorKind::OverLongLine, in.path, in.skip_line, in.skip_offset,
              "line of " + std::to_string(in.skip_len) + " bytes exceeds the limit of " +
                  std::to_string(opt.lines.max_line_bytes));
  }

  // Classifies [s, e) (terminator excluded); fills `out` for an event.
  bool emit(Input& in, size_t s, size_t e, Line& out, ReadStats& st) {
    const uint64_t ln = ++in.line_no;
    ++st.lines;
    if (e > s && in.buf[e - 1] == '\r') --e;
    if (e - s > opt.lines.max_line_bytes) {
      in.skip_line = ln;
      in.skip_offset = in.base + s;
      in.skip_len = 0;
      finish_skip(in, e - s, st);
      return false;
    }
    size_t i = s;
    while (i < e && is_json_space(in.buf[i])) ++i;
    if (i == e) {
      ++st.empty_lines;
      return false;
    }
    if (e == in.end) in.buf[e] = '\n';  // the parser needs whitespace after the text
    out.text = std::string_view(in.buf.get() + s, e - s);
    out.capacity = in.alloc - s;
    out.file = in.path;
    out.line_number = ln;
    out.byte_offset = in.base + s;
    out.keep = nullptr;  // the buffer is reused: copy to keep
    return true;
  }

  enum class Pull { Got, Turn, CaughtUp };

  // What the path names now, once the open file is read to its end.
  enum class PathState { Same, Rotated, Truncated };
  PathState look_at_path(Input& in) {
    struct stat ps {};
    if (::stat(in.path.c_str(), &ps) != 0) {
      if (!in.said_gone) notice(in.path + ": removed; waiting for it to be created again");
      in.said_gone = true;
      return PathState::Same;  // keep the open file until a new one appears
    }
    if (static_cast<uint64_t>(ps.st_dev) != in.dev || static_cast<uint64_t>(ps.st_ino) != in.ino)
      return PathState::Rotated;
    struct stat fs {};
    if (::fstat(in.fd, &fs) == 0 && static_cast<uint64_t>(fs.st_size) < in.base + in.end) return PathState::Truncated;
    return PathState::Same;
  }

  // One turn of one input: a line, or the end of its turn.
  Pull pull(Input& in, Line& out, ReadStats& st, FollowStats& fst) {
    const Pull p = pull_turn(in, out, st, fst);
    if (p != Pull::Got) in.turn_read = false;
    return p;
  }
  Pull pull_turn(Input& in, Line& out, ReadStats& st, FollowStats& fst) {
    if (in.reopen) {
      in.close_fd();
      in.reopen = false;
      in.rotating = false;
    }
    if (in.fd < 0) {
      if (in.is_stdin) {
        in.fd = 0;
        grow_pipe(in.fd);
        ensure_buffer(in);
        ++st.inputs_opened;
      } else if (!open_file(in, st, fst)) {
        return Pull::CaughtUp;
      }
    }
    bool& read_this_turn = in.turn_read;
    for (;;) {
      if (!check_start(in, st, false)) return Pull::CaughtUp;
      if (in.scan < in.end) {
        auto* nl = static_cast<char*>(std::memchr(in.buf.get() + in.scan, '\n', in.end - in.scan));
        if (nl) {
          const size_t e = static_cast<size_t>(nl - in.buf.get());
          const size_t s = in.start;
          in.start = in.scan = e + 1;
          if (in.skipping) {
            finish_skip(in, e - s, st);
            continue;
          }
          if (emit(in, s, e, out, st)) return Pull::Got;
          continue;
        }
        in.scan = in.end;
      }
      if (!in.skipping && in.end - in.start > opt.lines.max_line_bytes + 1) {
        in.skipping = true;  // over-long even if a '\r' ends it
        in.skip_line = ++in.line_no;
        ++st.lines;
        in.skip_offset = in.base + in.start;
        in.skip_len = 0;
      }
      if (in.skipping) {
        in.skip_len += in.end - in.start;
        in.base += in.end;
        in.start = in.scan = in.end = 0;
      }
      if (in.done) return finish_last_line(in, out, st) ? Pull::Got : Pull::CaughtUp;
      if (read_this_turn) return Pull::Turn;
      const long r = refill(in, st);
      read_this_turn = true;
      if (r > 0) continue;
      if (r < 0) return Pull::CaughtUp;
      if (in.done) continue;  // stdin EOF: its last line, then done
      if (in.is_stdin) return Pull::CaughtUp;
      if (!check_start(in, st, true)) return Pull::CaughtUp;
      if (in.rotating) {
        // The old file is drained: its last line is complete as it will get.
        in.reopen = true;
        ++fst.rotations;
        notice(in.path + ": rotated; reading the new file from its start");
        return finish_last_line(in, out, st) ? Pull::Got : Pull::Turn;
      }
      switch (look_at_path(in)) {
        case PathState::Same:
          return Pull::CaughtUp;
        case PathState::Rotated:
          in.rotating = true;  // one more read: what was written before the switch
          read_this_turn = false;
          continue;
        case PathState::Truncated:
          ++fst.truncations;
          notice(in.path + ": truncated; reading it again from its start");
          if (in.skipping) finish_skip(in, 0, st);
          ::lseek(in.fd, 0, SEEK_SET);
          in.reset_at(0, 0);
          read_this_turn = false;
          continue;
      }
    }
  }

  // An input's unterminated last line, when the input is finished.
  bool finish_last_line(Input& in, Line& out, ReadStats& st) {
    if (in.skipping) {
      finish_skip(in, 0, st);
      in.start = in.scan = in.end = 0;
      return false;
    }
    if (in.start >= in.end) return false;
    const size_t s = in.start, e = in.end;
    in.start = in.scan = in.end;
    return emit(in, s, e, out, st);
  }

  // Sleeps up to one poll interval in slices, waking for stdin or `stop`.
  void wait(const std::atomic<bool>* stop) {
    const auto until = std::chrono::steady_clock::now() + opt.poll;
    int stdin_fd = -1;
    for (const auto& in : inputs)
      if (in.is_stdin && !in.done && in.fd >= 0) stdin_fd = in.fd;
    for (;;) {
      if (stop && stop->load(std::memory_order_relaxed)) return;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      const int ms = static_cast<int>(std::min(left, kSlice).count());
      pollfd p{stdin_fd, POLLIN, 0};
      const int r = ::poll(stdin_fd >= 0 ? &p : nullptr, stdin_fd >= 0 ? 1 : 0, ms);
      if (r > 0) return;  // stdin has data (or EOF)
    }
  }
};

FollowSource::FollowSource(std::vector<std::string> inputs, FollowOptions options,
                           const std::vector<InputPosition>& saved)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  stats_.max_problems = impl_->opt.lines.max_problems;
  impl_->inputs.resize(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    Input& in = impl_->inputs[i];
    in.path = std::move(inputs[i]);
    in.is_stdin = in.path == "-";
    for (const auto& p : saved)
      if (!in.is_stdin && p.path == in.path) {
        in.saved = p;
        in.have_saved = true;
      }
  }
}

FollowSource::FollowSource(FollowSource&&) noexcept = default;
FollowSource& FollowSource::operator=(FollowSource&&) noexcept = default;
FollowSource::~FollowSource() = default;

std::string FollowSource::unfollowable(const std::string& path) {
  if (path == "-") return {};
  struct stat sb {};
  if (::stat(path.c_str(), &sb) != 0) return {};  // waited for
  if (S_ISDIR(sb.st_mode)) return "a directory cannot be followed (name its files)";
  if (!S_ISREG(sb.st_mode)) return "only regular files (and - for stdin) can be followed";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};  // retried while following
  unsigned char magic[2] = {0, 0};
  const ssize_t r = ::read(fd, magic, 2);
  ::close(fd);
  if (r == 2 && magic[0] == 0x1f && magic[1] == 0x8b) return "a gzip file cannot be followed (read it without --follow)";
  return {};
}

FollowSource::Status FollowSource::next(Line& out, const std::atomic<bool>* stop) {
  Impl& m = *impl_;
  const size_t n = m.inputs.size();
  for (;;) {
    if (stop && stop->load(std::memory_order_relaxed)) return Status::End;
    bool live = false;
    for (size_t k = 0; k < n; ++k) {
      Input& in = m.inputs[m.cur];
      if (!in.done || in.start < in.end) {
        live = live || !in.done;
        if (!in.caught_up) {
          const Impl::Pull p = m.pull(in, out, stats_, follow_);
          if (p == Impl::Pull::Got) return Status::Line;
          if (p == Impl::Pull::CaughtUp) in.caught_up = true;
          if (!in.done) live = true;
        }
      }
      m.cur = (m.cur + 1) % n;
      // Inputs not caught up get another turn before anyone sleeps.
      if (k + 1 == n) {
        bool pending = false;
        for (const auto& i : m.inputs) pending = pending || (!i.done && !i.caught_up);
        if (pending) k = static_cast<size_t>(-1);
      }
    }
    if (!live) return Status::End;
    if (!m.idle_returned) {
      m.idle_returned = true;
      return Status::Idle;
    }
    m.wait(stop);
    m.idle_returned = false;
    for (auto& in : m.inputs) in.caught_up = false;
  }
}

std::vector<InputPosition> FollowSource::positions() const {
  std::vector<InputPosition> out;
  for (const auto& in : impl_->inputs) {
    InputPosition p;
    p.path = in.path;
    if (!in.is_stdin && in.fd >= 0) {
      p.dev = in.dev;
      p.ino = in.ino;
    }
    if (in.fd >= 0 || in.is_stdin) {
      p.offset = in.skipping ? in.skip_offset : in.base + in.start;
      p.line = in.skipping ? in.skip_line - 1 : in.line_no;
    } else if (in.have_saved) {
      p = in.saved;  // not open yet: the saved position still stands
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace rulejit::rt
