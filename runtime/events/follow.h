// FollowSource: yields NDJSON lines from files as they grow, like `tail -F`,
// for long-running readers (`rulejit run --follow`).
//
// Contract:
//  - Inputs are regular files, followed, and "-" (stdin: read until EOF,
//    then that input is done). unfollowable() says why a path cannot be
//    followed (a directory, another non-regular file, a gzip file). A gzip
//    file met later (magic 1f 8b at offset 0) is recorded as a ReadError
//    and that input dropped.
//  - Line rules as LineSource: '\n' ends a line, one '\r' before it is
//    dropped, a UTF-8 BOM at offset 0 is dropped, whitespace-only lines are
//    counted and not yielded, over-long lines are skipped whole and recorded.
//    Padding and lifetime of Line are LineSource's (valid until the next
//    call to next()).
//  - A file is read to its end, then looked at again every `poll`: appended
//    bytes are yielded as lines. A last line without its '\n' is held until
//    the '\n' arrives, never yielded half; only when the file is finished by
//    a rotation is such a line yielded as is.
//  - Rotation: the path names another file (dev+inode) than the one open
//    (rename + create, delete + create): the open file is read to its end,
//    then the new one from its start. Truncation: the open file is shorter
//    than the read position: it is read again from 0 (a held partial line is
//    dropped). A missing file is waited for. A deleted file stays open until
//    its path names a new file. Each of these is said once through
//    `notice` and counted in FollowStats. (As with tail, a file truncated
//    and refilled past the read position between two looks goes unnoticed.)
//  - Stdin: a pipe is enlarged and drained as LineSource does; waiting for
//    it never blocks the other inputs or `stop`.
//  - Inputs are read in turns (one read each), so one busy file does not
//    starve the others.
//  - No spinning: when every input is caught up next() returns Idle at once;
//    the next call sleeps one poll interval (in slices of <= 50 ms, waking
//    for stdin data or `stop`), looks again and returns a line or Idle.
//    Idle is the caller's cue to flush and to act on its flags.
//  - `stop` (optional) may be set from any thread or a signal handler;
//    next() then returns End within one slice. End also when no input can
//    grow any more (only stdin inputs, all at EOF).
//  - Positions: positions() gives per input (path, dev, inode, offset of the
//    first byte not yet yielded, lines before it). A source made with saved
//    positions seeks to the saved offset when the path names the same file
//    (dev+inode) at least that long. When the path names another file (a
//    rotation happened while stopped) and the saved one is beside it under
//    another name, that one is read from the saved offset to its end first,
//    then the path's file from its start. Otherwise it reads from 0 (counted
//    in FollowStats::restarted and said through `notice`).
//  - Not thread-safe, except for `stop`.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/events/line_source.h"
#include "runtime/events/read_stats.h"

namespace rulejit::rt {

// Where a followed input stands: enough to continue it after a restart.
struct InputPosition {
  std::string path;
  uint64_t dev = 0, ino = 0;  // 0, 0: not open (yet), or stdin
  uint64_t offset = 0;        // first byte not yet yielded
  uint64_t line = 0;          // lines (yielded or skipped) before `offset`
};

struct FollowStats {
  uint64_t rotations = 0;    // path began naming a new file
  uint64_t truncations = 0;  // file shrank below the read position
  uint64_t resumed = 0;      // inputs continued at a saved position
  uint64_t restarted = 0;    // saved positions that did not fit: read from 0
};

struct FollowOptions {
  LineSourceOptions lines;
  std::chrono::milliseconds poll{200};
  // One-line messages about waiting, rotation, truncation (none if empty).
  std::function<void(const std::string&)> notice;
};

class FollowSource {
 public:
  enum class Status { Line, Idle, End };

  FollowSource(std::vector<std::string> inputs, FollowOptions options = {},
               const std::vector<InputPosition>& saved = {});
  FollowSource(FollowSource&&) noexcept;
  FollowSource& operator=(FollowSource&&) noexcept;
  ~FollowSource();

  // Empty when `path` can be followed (also when it does not exist yet).
  static std::string unfollowable(const std::string& path);

  Status next(Line& out, const std::atomic<bool>* stop = nullptr);

  std::vector<InputPosition> positions() const;
  const ReadStats& stats() const { return stats_; }
  ReadStats& stats() { return stats_; }
  const FollowStats& follow_stats() const { return follow_; }

 private:
  struct Input;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ReadStats stats_;
  FollowStats follow_;
};

}  // namespace rulejit::rt
