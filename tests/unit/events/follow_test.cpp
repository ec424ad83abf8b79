// FollowSource: appended lines, held partial lines, rotation, truncation,
// files that appear later or are recreated, a prompt stop, and resuming at
// a saved position.
#include "runtime/events/follow.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

namespace rulejit::rt {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Status = FollowSource::Status;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("rulejit-follow-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

void append(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::app) << bytes;
}
void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

struct Follower {
  std::vector<std::string> notices;
  FollowSource src;
  explicit Follower(std::vector<std::string> inputs, const std::vector<InputPosition>& saved = {})
      : src(std::move(inputs), options(), saved) {}
  FollowOptions options() {
    FollowOptions o;
    o.poll = std::chrono::milliseconds(20);
    o.notice = [this](const std::string& m) { notices.push_back(m); };
    return o;
  }
  // Lines until `want` arrived or 3 s passed; checks each line's padding.
  std::vector<std::string> take(size_t want) {
    std::vector<std::string> got;
    const auto deadline = Clock::now() + std::chrono::seconds(3);
    Line line;
    while (got.size() < want && Clock::now() < deadline) {
      const Status s = src.next(line);
      if (s == Status::End) break;
      if (s != Status::Line) continue;
      EXPECT_GE(line.capacity, line.text.size() + kJsonPadding);
      const char after = line.text.data()[line.text.size()];
      EXPECT_TRUE(after == '\n' || after == ' ' || after == '\r') << int(after);
      got.emplace_back(line.text);
    }
    return got;
  }
  // Calls next() until it has said Idle `times` times; lines are failures.
  void idle(int times) {
    Line line;
    for (int i = 0; i < times; ++i) {
      const Status s = src.next(line);
      ASSERT_EQ(s, Status::Idle) << (s == Status::Line ? std::string(line.text) : "end");
    }
  }
  bool said(const std::string& part) const {
    for (const auto& n : notices)
      if (n.find(part) != std::string::npos) return true;
    return false;
  }
};

using Lines = std::vector<std::string>;

TEST(FollowSource, YieldsAppendedLines) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "{\"n\":1}\n\n{\"n\":2}\r\n");
  Follower fo({f});
  EXPECT_EQ(fo.take(2), (Lines{"{\"n\":1}", "{\"n\":2}"}));
  fo.idle(2);
  append(f, "{\"n\":3}\n");
  EXPECT_EQ(fo.take(1), (Lines{"{\"n\":3}"}));
  EXPECT_EQ(fo.src.stats().lines, 4u);
  EXPECT_EQ(fo.src.stats().empty_lines, 1u);
}

TEST(FollowSource, HoldsAPartialLineUntilItsNewline) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "{\"n\":1}\n{\"n\":");
  Follower fo({f});
  EXPECT_EQ(fo.take(1), (Lines{"{\"n\":1}"}));
  fo.idle(3);  // several polls: the half line stays held
  append(f, "2}");
  fo.idle(2);
  append(f, "\n");
  const auto got = fo.take(1);
  EXPECT_EQ(got, (Lines{"{\"n\":2}"}));
}

TEST(FollowSource, FinishesTheOldFileThenReadsTheRotatedOne) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "{\"old\":1}\n");
  Follower fo({f});
  EXPECT_EQ(fo.take(1), (Lines{"{\"old\":1}"}));
  fo.idle(1);
  // Written after the last look, then rotated: still read, the unterminated
  // last line too.
  append(f, "{\"old\":2}\n{\"old\":3}");
  fs::rename(f, d.file("a.ndjson.1"));
  write(f, "{\"new\":1}\n");
  EXPECT_EQ(fo.take(3), (Lines{"{\"old\":2}", "{\"old\":3}", "{\"new\":1}"}));
  EXPECT_EQ(fo.src.follow_stats().rotations, 1u);
  EXPECT_TRUE(fo.said("rotated"));
  append(f, "{\"new\":2}\n");
  EXPECT_EQ(fo.take(1), (Lines{"{\"new\":2}"}));
}

TEST(FollowSource, ReadsATruncatedFileFromItsStart) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
  Follower fo({f});
  EXPECT_EQ(fo.take(3).size(), 3u);
  fo.idle(1);
  write(f, "{\"x\":1}\n");  // shorter than what was read
  EXPECT_EQ(fo.take(1), (Lines{"{\"x\":1}"}));
  EXPECT_EQ(fo.src.follow_stats().truncations, 1u);
  EXPECT_TRUE(fo.said("truncated"));
  EXPECT_EQ(fo.src.positions()[0].offset, 8u);
}

TEST(FollowSource, WaitsForAFileThatDoesNotExistYet) {
  TempDir d;
  const auto f = d.file("later.ndjson");
  Follower fo({f});
  fo.idle(3);
  EXPECT_EQ(fo.notices.size(), 1u) << "said once";
  EXPECT_TRUE(fo.said("does not exist yet"));
  write(f, "{\"n\":1}\n");
  EXPECT_EQ(fo.take(1), (Lines{"{\"n\":1}"}));
  EXPECT_EQ(fo.src.stats().read_errors(), 0u);
}

TEST(FollowSource, FollowsAFileDeletedAndCreatedAgain) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "{\"n\":1}\n");
  Follower fo({f});
  EXPECT_EQ(fo.take(1).size(), 1u);
  fs::remove(f);
  fo.idle(3);
  EXPECT_TRUE(fo.said("removed"));
  write(f, "{\"again\":1}\n");
  EXPECT_EQ(fo.take(1), (Lines{"{\"again\":1}"}));
  EXPECT_EQ(fo.src.follow_stats().rotations, 1u);
}

TEST(FollowSource, StopEndsAWaitPromptly) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "");
  FollowOptions o;
  o.poll = std::chrono::seconds(10);  // a long poll: only `stop` can end the wait
  FollowSource src({f}, o);
  std::atomic<bool> stop{false};
  Line line;
  ASSERT_EQ(src.next(line, &stop), Status::Idle);
  Clock::time_point stopped_at;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stopped_at = Clock::now();
    stop = true;
  });
  EXPECT_EQ(src.next(line, &stop), Status::End);
  const auto returned = Clock::now();
  t.join();
  // Within one 50 ms slice; the margin is for a loaded machine.
  EXPECT_LT(returned - stopped_at, std::chrono::milliseconds(400));
}

TEST(FollowSource, ResumesAtASavedPosition) {
  TempDir d;
  const auto f = d.file("a.ndjson");
  write(f, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
  std::vector<InputPosition> saved;
  {
    Follower fo({f});
    EXPECT_EQ(fo.take(2).size(), 2u);
    saved = fo.src.positions();
  }
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].path, f);
  EXPECT_EQ(saved[0].offset, 16u);
  EXPECT_EQ(saved[0].line, 2u);
  EXPECT_NE(saved[0].ino, 0u);
  {
    Follower fo({f}, saved);
    Line line;
    ASSERT_EQ(fo.src.next(line), Status::Line);
    EXPECT_EQ(line.text, "{\"n\":3}");
    EXPECT_EQ(line.line_number, 3u);
    EXPECT_EQ(line.byte_offset, 16u);
    EXPECT_EQ(fo.src.follow_stats().resumed, 1u);
  }
  // Another file under the same name: from its start.
  write(d.file("b"), "{\"m\":1}\n{\"m\":2}\n{\"m\":3}\n");
  fs::rename(d.file("b"), f);
  {
    Follower fo({f}, saved);
    EXPECT_EQ(fo.take(3).size(), 3u);
    EXPECT_EQ(fo.src.follow_stats().restarted, 1u);
    EXPECT_TRUE(fo.said("not the file of its saved position"));
  }
  // The same file, now shorter than the position: from its start.
  saved = Follower({f}).src.positions();  // not open: nothing saved yet
  EXPECT_EQ(saved[0].ino, 0u);
  {
    Follower fo({f});
    EXPECT_EQ(fo.take(3).size(), 3u);
    saved = fo.src.positions();
  }
  ::truncate(f.c_str(), 8);
  {
    Follower fo({f}, saved);
    EXPECT_EQ(fo.take(1), (Lines{"{\"m\":1}"}));
    EXPECT_TRUE(fo.said("shorter than its saved position"));
  }
}

TEST(FollowSource, TakesTurnsBetweenFiles) {
  TempDir d;
  const auto a = d.file("a"), b = d.file("b");
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "{\"a\":" + std::to_string(i) + "}\n";
  write(a, many);
  write(b, "{\"b\":1}\n");
  FollowOptions o;
  o.lines.chunk_bytes = 1024;  // one turn = one read of 1 KiB
  FollowSource src({a, b}, o);
  Line line;
  size_t before_b = 0;
  while (src.next(line) == Status::Line && line.text != "{\"b\":1}") ++before_b;
  EXPECT_EQ(line.text, "{\"b\":1}");
  EXPECT_LT(before_b, 200u) << "b waited for all of a";
}

// Stdin (a pipe put on fd 0 for the test): lines as they come, a wait that
// does not block a file input, End after EOF when no file is followed.
TEST(FollowSource, ReadsStdinToItsEndBesideAFile) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  const int saved_stdin = ::dup(0);
  ASSERT_GE(::dup2(p[0], 0), 0);
  ::close(p[0]);
  {
    TempDir d;
    const auto f = d.file("a");
    write(f, "");
    Follower fo({"-", f});
    ASSERT_EQ(::write(p[1], "{\"s\":1}\n{\"s\":", 13), 13);
    EXPECT_EQ(fo.take(1), (Lines{"{\"s\":1}"}));
    append(f, "{\"f\":1}\n");  // the file is read while stdin has no full line
    EXPECT_EQ(fo.take(1), (Lines{"{\"f\":1}"}));
    ASSERT_EQ(::write(p[1], "2}", 2), 2);
    ::close(p[1]);  // EOF: the unterminated last line is complete
    EXPECT_EQ(fo.take(1), (Lines{"{\"s\":2}"}));
    fo.idle(2);  // the file is still followed
    EXPECT_EQ(fo.src.positions()[0].offset, 15u);
  }
  {
    int q[2];
    ASSERT_EQ(::pipe(q), 0);
    ASSERT_GE(::dup2(q[0], 0), 0);
    ::close(q[0]);
    ::close(q[1]);
    Follower only_stdin({"-"});
    Line line;
    Status s;
    while ((s = only_stdin.src.next(line)) == Status::Idle) {
    }
    EXPECT_EQ(s, Status::End);
  }
  ::dup2(saved_stdin, 0);
  ::close(saved_stdin);
}

TEST(FollowSource, RefusesDirectoriesAndGzip) {
  TempDir d;
  EXPECT_NE(FollowSource::unfollowable(d.path.string()), "");
  const auto gz = d.file("x.gz");
  write(gz, std::string("\x1f\x8b\x08\x00", 4));
  EXPECT_NE(FollowSource::unfollowable(gz), "");
  EXPECT_EQ(FollowSource::unfollowable(d.file("missing")), "");
  EXPECT_EQ(FollowSource::unfollowable("-"), "");
  // Met while following: a read error, and the input is dropped.
  Follower fo({gz});
  EXPECT_EQ(fo.take(1).size(), 0u);
  EXPECT_EQ(fo.src.stats().read_errors(), 1u);
  Line line;
  EXPECT_EQ(fo.src.next(line), Status::End);
}

TEST(FollowSource, SkipsAnOverLongLineWhileFollowing) {
  TempDir d;
  const auto f = d.file("a");
  FollowOptions o;
  o.lines.max_line_bytes = 32;
  o.lines.chunk_bytes = 16;
  o.poll = std::chrono::milliseconds(10);
  write(f, "{\"n\":1}\n{\"long\":\"");
  FollowSource src({f}, o);
  Line line;
  ASSERT_EQ(src.next(line), Status::Line);
  append(f, std::string(100, 'x'));
  for (int i = 0; i < 4; ++i) EXPECT_NE(src.next(line), Status::Line);
  append(f, "\"}\n{\"n\":2}\n");
  Status s;
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  while ((s = src.next(line)) != Status::Line && Clock::now() < deadline) {
  }
  ASSERT_EQ(s, Status::Line);
  EXPECT_EQ(line.text, "{\"n\":2}");
  EXPECT_EQ(line.line_number, 3u);
  EXPECT_EQ(src.stats().over_long_lines(), 1u);
}

}  // namespace
}  // namespace rulejit::rt
