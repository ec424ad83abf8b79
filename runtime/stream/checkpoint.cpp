#include "runtime/stream/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/agg/byte_codec.h"
#include "runtime/core/output_file.h"

namespace rulejit::rt {
namespace {

constexpr std::string_view kMagic = "RJCK";

void encode_body(ByteWriter& w, const Checkpoint& c) {
  w.str(c.settings);
  w.u64(c.inputs.size());
  for (const auto& p : c.inputs) {
    w.str(p.path);
    w.u64(p.dev);
    w.u64(p.ino);
    w.u64(p.offset);
    w.u64(p.line);
  }
  w.u64(c.output_bytes);
  w.u64(c.rows_out);
  const WindowSnapshot& s = c.windows;
  w.u8(s.have_time ? 1 : 0);
  w.f64(s.max_time);
  w.u64(s.late);
  w.u64(s.untimed);
  w.u64(s.closed);
  w.u64(s.windows.size());
  for (const auto& win : s.windows) {
    w.u64(static_cast<uint64_t>(win.index));
    w.u8(win.fed ? 1 : 0);
    w.u8(win.split ? 1 : 0);
    w.str(win.states);
  }
}

bool decode_body(ByteReader& r, Checkpoint* c) {
  c->settings = r.str();
  const uint64_t inputs = r.count_of(8 * 5);
  for (uint64_t i = 0; i < inputs && r.ok(); ++i) {
    InputPosition p;
    p.path = r.str();
    p.dev = r.u64();
    p.ino = r.u64();
    p.offset = r.u64();
    p.line = r.u64();
    c->inputs.push_back(std::move(p));
  }
  c->output_bytes = r.u64();
  c->rows_out = r.u64();
  WindowSnapshot& s = c->windows;
  s.have_time = r.boolean();
  s.max_time = r.f64();
  s.late = r.u64();
  s.untimed = r.u64();
  s.closed = r.u64();
  const uint64_t windows = r.count_of(8 + 2 + 8);
  for (uint64_t i = 0; i < windows && r.ok(); ++i) {
    WindowSnapshot::OpenWindow win;
    win.index = static_cast<int64_t>(r.u64());
    win.fed = r.boolean();
    win.split = r.boolean();
    win.states = r.str();
    s.windows.push_back(std::move(win));
  }
  return r.ok();
}

}  // namespace

std::string encode_checkpoint(const Checkpoint& checkpoint) {
  ByteWriter body;
  encode_body(body, checkpoint);
  return frame_bytes(kMagic, kCheckpointVersion, body.bytes());
}

bool decode_checkpoint(std::string_view bytes, Checkpoint* out, std::string* error) {
  std::string_view body;
  if (std::string why; !unframe_bytes(bytes, kMagic, kCheckpointVersion, &body, &why)) {
    *error = why == "bad magic" ? "not a rulejit checkpoint" : "checkpoint " + why;
    return false;
  }
  ByteReader r(body);
  Checkpoint c;
  if (!decode_body(r, &c) || r.left() != 0) {
    *error = std::string("checkpoint body does not parse: ") + (r.ok() ? "trailing bytes" : r.error());
    return false;
  }
  *out = std::move(c);
  return true;
}

std::string checkpoint_path(const std::string& dir) { return dir + "/checkpoint"; }

bool save_checkpoint(const std::string& dir, const Checkpoint& checkpoint, std::string* error) {
  if (!write_file_atomically(checkpoint_path(dir), encode_checkpoint(checkpoint), error)) return false;
  // The rename is durable only once the folder is synced.
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    *error = dir + ": cannot sync the state folder: " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  ::close(fd);
  return true;
}

bool load_checkpoint(const std::string& dir, Checkpoint* out, std::string* error) {
  error->clear();
  const std::string path = checkpoint_path(dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno != ENOENT) *error = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (!decode_checkpoint(ss.str(), out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace rulejit::rt
