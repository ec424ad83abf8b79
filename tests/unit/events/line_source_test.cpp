#include "runtime/events/line_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "runtime/events/event_extractor.h"
#include "tests/unit/events/test_util.h"

namespace rulejit::rt {
namespace {

namespace fs = std::filesystem;

struct Got {
  std::string text;
  std::string file;
  uint64_t line;
  uint64_t offset;
};

std::vector<Got> drain(LineSource& src) {
  std::vector<Got> out;
  Line l;
  while (src.next(l)) {
    // The padding promise, checked on every line.
    EXPECT_GE(l.capacity, l.text.size() + kJsonPadding);
    const char after = l.text.data()[l.text.size()];
    EXPECT_TRUE(after == '\n' || after == '\r') << int(after);
    out.push_back({std::string(l.text), std::string(l.file), l.line_number, l.byte_offset});
  }
  return out;
}

std::vector<std::string> texts(const std::vector<Got>& g) {
  std::vector<std::string> t;
  for (const Got& x : g) t.push_back(x.text);
  return t;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/rulejit-events-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, ec);
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& rel, std::string_view content) const {
    fs::path p = fs::path(path_) / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string gz(const std::string& rel, std::string_view content) const {
    fs::path p = fs::path(path_) / rel;
    fs::create_directories(p.parent_path());
    gzFile g = gzopen(p.c_str(), "wb");
    EXPECT_NE(g, nullptr);
    EXPECT_EQ(gzwrite(g, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    gzclose(g);
    return p.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string slurp(const std::string& path) {
  std::string out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fclose(f);
  return out;
}

TEST(LineSource, LinesNumbersOffsetsCrlfAndEmptyLines) {
  const std::string data = "{\"a\":1}\r\n\n   \n{\"b\":2}\n\t\r\n{\"c\":3}";
  LineSource src = LineSource::from_memory(data, "mem");
  auto got = drain(src);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].text, "{\"a\":1}");
  EXPECT_EQ(got[0].line, 1u);
  EXPECT_EQ(got[0].offset, 0u);
  EXPECT_EQ(got[1].text, "{\"b\":2}");
  EXPECT_EQ(got[1].line, 4u);
  EXPECT_EQ(got[1].offset, 14u);
  EXPECT_EQ(got[2].text, "{\"c\":3}");
  EXPECT_EQ(got[2].line, 6u);
  EXPECT_EQ(got[2].offset, 25u);
  EXPECT_EQ(got[2].file, "mem");
  EXPECT_EQ(src.stats().lines, 6u);
  EXPECT_EQ(src.stats().empty_lines, 3u);
  EXPECT_EQ(src.stats().bytes_read, data.size());
  EXPECT_EQ(src.stats().inputs_opened, 1u);
}

TEST(LineSource, Utf8BomAtInputStartIsDropped) {
  LineSource src = LineSource::from_memory("\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBFx\n");
  auto got = drain(src);
  EXPECT_EQ(texts(got), (std::vector<std::string>{"{\"a\":1}", "\xEF\xBB\xBFx"}));
  EXPECT_EQ(got[0].offset, 3u);
}

// Every chunk size from tiny to larger than the data: lines that end exactly
// at a chunk end, straddle it, or end within SIMDJSON_PADDING of the buffer
// end must all come out identical, with padding.
TEST(LineSource, ChunkBoundariesAtEverySize) {
  std::mt19937 rng(42);
  std::string data;
  std::vector<std::string> want;
  for (int i = 0; i < 60; ++i) {
    std::string l = "{\"k\":\"" + std::string(rng() % 90, 'a' + static_cast<char>(i % 26)) + "\"}";
    want.push_back(l);
    data += l;
    data += (i % 3 == 0) ? "\r\n" : "\n";
  }
  for (size_t chunk = 16; chunk <= 300; ++chunk) {
    LineSource src = LineSource::from_memory(
        data, "m", LineSourceOptions{.chunk_bytes = chunk, .max_line_bytes = 100});
    EXPECT_EQ(texts(drain(src)), want) << "chunk " << chunk;
    EXPECT_EQ(src.stats().over_long_lines(), 0u);
  }
}

TEST(LineSource, LinesExtractCorrectlyAtPaddingBoundary) {
  // Lines whose end falls on every offset relative to the buffer end (the
  // data area is max(chunk, max_line + 2) bytes, SIMDJSON_PADDING slack
  // after it), including a final line without terminator that fills the
  // buffer. simdjson must parse each in place (ASan catches any overread).
  FieldPathSet paths;
  const int a = paths.add("a");
  EventExtractor ex;
  EventFields f;
  for (size_t chunk = 16; chunk <= 140; ++chunk) {
    std::string data;
    std::vector<std::string> want;
    for (size_t len = 0; len < 93; len += 7) {
      want.push_back(std::string(len, 'x'));
      data += "{\"a\":\"" + want.back() + "\"}\n";
    }
    want.push_back(std::string(92, 'y'));  // 100 bytes, no terminator
    data += "{\"a\":\"" + want.back() + "\"}";
    LineSource src = LineSource::from_memory(
        data, "m", LineSourceOptions{.chunk_bytes = chunk, .max_line_bytes = 100});
    Line line;
    size_t i = 0;
    while (src.next(line)) {
      ASSERT_LT(i, want.size());
      ASSERT_TRUE(ex.extract(line, paths, f).ok()) << "chunk " << chunk << " line " << i;
      EXPECT_EQ(f.value(a), want[i]) << "chunk " << chunk;
      ++i;
    }
    EXPECT_EQ(i, want.size()) << "chunk " << chunk;
  }
}

TEST(LineSource, OverLongLinesAreSkippedWholeAndReported) {
  const size_t max = 50;
  std::string ok(max, 'o');         // exactly the limit: kept
  std::string ok_cr = ok + "\r";   // limit + CR: kept
  std::string too(max + 1, 'x');   // one over
  std::string huge(10000, 'h');     // spans many chunks
  std::string data = ok + "\n" + too + "\n" + ok_cr + "\n" + huge + "\nafter\n" + huge;
  LineSource src = LineSource::from_memory(
      data, "m", LineSourceOptions{.chunk_bytes = 64, .max_line_bytes = max});
  auto got = drain(src);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].text, ok);
  EXPECT_EQ(got[1].text, ok);
  EXPECT_EQ(got[1].line, 3u);
  EXPECT_EQ(got[2].text, "after");
  EXPECT_EQ(got[2].line, 5u);
  EXPECT_EQ(got[2].offset, data.find("after"));
  const ReadStats& st = src.stats();
  EXPECT_EQ(st.lines, 6u);
  EXPECT_EQ(st.over_long_lines(), 3u);
  ASSERT_EQ(st.problems.size(), 3u);
  EXPECT_EQ(st.problems[0].line, 2u);
  EXPECT_EQ(st.problems[0].byte_offset, max + 1);
  EXPECT_EQ(st.problems[1].line, 4u);
  EXPECT_NE(st.problems[1].reason.find("10000 bytes"), std::string::npos) << st.problems[1].reason;
  EXPECT_EQ(st.problems[2].line, 6u);  // final over-long line without newline
  EXPECT_EQ(st.bytes_read, data.size());
}

TEST(LineSource, DefaultLimitAllowsLinesLongerThanAChunk) {
  std::string big = "{\"a\":\"" + std::string(300000, 'z') + "\"}";
  LineSource src = LineSource::from_memory(big + "\n{}\n", "m",
                                           LineSourceOptions{.chunk_bytes = 4096});
  auto got = drain(src);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text, big);
  EXPECT_EQ(got[1].text, "{}");
}

TEST(LineSource, FilesInOrderMissingFileReportedAndSkipped) {
  TempDir d;
  const std::string f1 = d.file("one.ndjson", "{\"n\":1}\n{\"n\":2}\n");
  const std::string f2 = d.file("two.json", "{\"n\":3}");
  const std::string missing = d.path() + "/nope.ndjson";
  LineSource src({f1, missing, f2});
  auto got = drain(src);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].file, f1);
  EXPECT_EQ(got[2].file, f2);
  EXPECT_EQ(got[2].line, 1u);  // numbering restarts per input
  EXPECT_EQ(src.stats().read_errors(), 1u);
  ASSERT_EQ(src.stats().problems.size(), 1u);
  EXPECT_EQ(src.stats().problems[0].file, missing);
  EXPECT_NE(src.stats().problems[0].reason.find("cannot open"), std::string::npos);
  EXPECT_EQ(src.stats().inputs_opened, 2u);
}

TEST(LineSource, UnreadableFileIsAReadError) {
  TempDir d;
  const std::string ok = d.file("ok.ndjson", "{}\n");
  if (::geteuid() != 0) {
    const std::string f = d.file("locked.ndjson", "{}\n");
    ::chmod(f.c_str(), 0);
    LineSource src({f, ok});
    EXPECT_EQ(drain(src).size(), 1u);
    EXPECT_EQ(src.stats().read_errors(), 1u);
  }
  // Opens fine, fails on read (EIO): reported with the path, stream goes on.
  LineSource src({"/proc/self/mem", ok});
  EXPECT_EQ(drain(src).size(), 1u);
  EXPECT_EQ(src.stats().read_errors(), 1u);
  ASSERT_EQ(src.stats().problems.size(), 1u);
  EXPECT_EQ(src.stats().problems[0].file, "/proc/self/mem");
  EXPECT_NE(src.stats().problems[0].reason.find("read failed"), std::string::npos);
}

TEST(LineSource, DirectoryIsRecursiveSortedRegularFilesOnly) {
  TempDir d;
  d.file("b.ndjson", "{\"f\":\"b\"}\n");
  d.file("a/z.ndjson", "{\"f\":\"a/z\"}\n");
  d.file("a/b/c.ndjson", "{\"f\":\"a/b/c\"}\n");
  d.gz("c.log.gz", "{\"f\":\"c.gz\"}\n");
  ::mkfifo((d.path() + "/fifo").c_str(), 0600);  // not a regular file: ignored
  fs::create_symlink(d.path() + "/a", d.path() + "/loop");  // directory symlink: not followed
  LineSource src({d.path()});
  auto got = drain(src);
  EXPECT_EQ(texts(got), (std::vector<std::string>{"{\"f\":\"a/b/c\"}", "{\"f\":\"a/z\"}",
                                                  "{\"f\":\"b\"}", "{\"f\":\"c.gz\"}"}));
  EXPECT_EQ(got[0].file, d.path() + "/a/b/c.ndjson");
  EXPECT_EQ(src.stats().read_errors(), 0u);
  EXPECT_EQ(src.stats().inputs_opened, 4u);
}

TEST(LineSource, GzipByMagicNotSuffix) {
  TempDir d;
  std::string content;
  for (int i = 0; i < 5000; ++i) content += "{\"i\":" + std::to_string(i) + "}\n";
  const std::string gz = d.gz("events.data", content);  // no .gz suffix
  const std::string plain = d.file("plain.gz", "{\"i\":\"plain\"}\n");  // suffix lies
  LineSource src({gz, plain}, LineSourceOptions{.chunk_bytes = 1000, .max_line_bytes = 100});
  auto got = drain(src);
  ASSERT_EQ(got.size(), 5001u);
  EXPECT_EQ(got[4999].text, "{\"i\":4999}");
  EXPECT_EQ(got[4999].line, 5000u);
  EXPECT_EQ(got[5000].text, "{\"i\":\"plain\"}");
  EXPECT_EQ(src.stats().read_errors(), 0u);
  EXPECT_EQ(src.stats().bytes_read, content.size() + 14);

  // Same bytes from memory.
  LineSource mem = LineSource::from_memory(slurp(gz));
  EXPECT_EQ(drain(mem).size(), 5000u);
}

TEST(LineSource, ConcatenatedGzipMembersAndTruncatedGzip) {
  TempDir d;
  const std::string a = slurp(d.gz("a.gz", "{\"m\":1}\n{\"m\":2}\n"));
  const std::string b = slurp(d.gz("b.gz", "{\"m\":3}\n"));
  LineSource both = LineSource::from_memory(a + b);
  EXPECT_EQ(drain(both).size(), 3u);
  EXPECT_EQ(both.stats().read_errors(), 0u);

  std::string big;
  for (int i = 0; i < 20000; ++i) big += "{\"m\":" + std::to_string(i * 7919) + "}\n";
  const std::string full = slurp(d.gz("big.gz", big));
  LineSource cut = LineSource::from_memory(full.substr(0, full.size() / 2), "cut.gz");
  auto got = drain(cut);
  EXPECT_GT(got.size(), 100u);
  EXPECT_LT(got.size(), 20000u);
  EXPECT_EQ(cut.stats().read_errors(), 1u);
  ASSERT_FALSE(cut.stats().problems.empty());
  EXPECT_NE(cut.stats().problems[0].reason.find("truncated gzip"), std::string::npos)
      << cut.stats().problems[0].reason;

  // Garbage after a complete member is reported, the member's lines kept.
  LineSource trailing = LineSource::from_memory(a + "garbage", "t.gz");
  EXPECT_EQ(drain(trailing).size(), 2u);
  EXPECT_EQ(trailing.stats().read_errors(), 1u);

  // Corrupt data right after the header.
  std::string corrupt = a;
  for (size_t i = 12; i < corrupt.size() - 8; ++i) corrupt[i] = static_cast<char>(0xff);
  LineSource bad = LineSource::from_memory(corrupt, "bad.gz");
  drain(bad);
  EXPECT_EQ(bad.stats().read_errors(), 1u);
}

TEST(LineSource, StdinDash) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string data = "{\"s\":1}\n{\"s\":2}\n";
  ASSERT_EQ(::write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  ::close(fds[1]);
  const int saved = ::dup(0);
  ::dup2(fds[0], 0);
  ::close(fds[0]);
  std::vector<Got> got;
  {
    LineSource src({"-"});
    got = drain(src);
  }
  ::dup2(saved, 0);
  ::close(saved);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].text, "{\"s\":2}");
  EXPECT_EQ(got[1].file, "-");
}

// Stdin from a pipe: the reader enlarges the pipe and takes what is queued
// in large reads, and still gets every line whole when the writer is slow
// and cuts lines anywhere (a live stream), and when it is ahead (a file
// piped in: several MB, more than one pipe's worth per read).
TEST(LineSource, PipeFromASlowAndAFastWriter) {
  for (const bool slow : {true, false}) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::string data;
    const int lines = slow ? 200 : 60000;
    for (int i = 0; i < lines; ++i) data += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i % 97, 'x') + "\"}\n";
    std::thread writer([&, fd = fds[1]] {
      std::mt19937 rng(slow ? 1 : 2);
      for (size_t at = 0; at < data.size();) {
        const size_t n = std::min<size_t>(data.size() - at, slow ? 1 + rng() % 37 : 1 + rng() % 300000);
        const ssize_t w = ::write(fd, data.data() + at, n);
        if (w <= 0) break;
        at += static_cast<size_t>(w);
        if (slow && rng() % 8 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      ::close(fd);
    });
    const int saved = ::dup(0);
    ::dup2(fds[0], 0);
    ::close(fds[0]);
    std::vector<Got> got;
    {
      LineSource src({"-"}, LineSourceOptions{.chunk_bytes = 1 << 20});
      got = drain(src);
    }
    writer.join();
    ::dup2(saved, 0);
    ::close(saved);
    ASSERT_EQ(got.size(), static_cast<size_t>(lines)) << (slow ? "slow" : "fast");
    for (int i : {0, lines / 2, lines - 1})
      EXPECT_EQ(got[static_cast<size_t>(i)].text,
                "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(static_cast<size_t>(i % 97), 'x') + "\"}");
  }
}

TEST(LineSource, NoAllocationPerLineInSteadyState) {
  std::string data;
  for (int i = 0; i < 20000; ++i) data += "{\"i\":" + std::to_string(i) + "}\n";
  LineSource src = LineSource::from_memory(data, "m", LineSourceOptions{.chunk_bytes = 4096});
  Line l;
  ASSERT_TRUE(src.next(l));  // input opened
  const long before = testing::g_allocations.load();
  size_t n = 1;
  while (src.next(l)) ++n;
  EXPECT_EQ(n, 20000u);
  EXPECT_EQ(testing::g_allocations.load() - before, 0);
}


// Line::keep: a consumer that holds lines past next() (as ParallelEngine's
// batches do) sees them unchanged, with their padding, while the reader goes
// on: lines crossing chunk ends, CRLF, empty lines, a final line without
// '\n', lines longer than a chunk, an over-long line skipped.
TEST(LineSource, KeptLinesStayValidPastNext) {
  std::mt19937 rng(7);
  std::string data;
  std::vector<std::string> want;
  for (int i = 0; i < 80; ++i) {
    std::string l = "{\"k\":\"" + std::string(rng() % (i % 9 == 0 ? 700 : 120), 'a' + static_cast<char>(i % 26)) + "\"}";
    want.push_back(l);
    data += l;
    data += (i % 4 == 0) ? "\r\n" : "\n";
    if (i % 7 == 0) data += "\n  \n";
  }
  data += std::string(3000, 'x') + "\n";  // over-long: skipped whole
  data += "{\"last\":1}";                 // no terminator
  want.push_back("{\"last\":1}");
  for (size_t chunk : {16, 64, 100, 257, 1000, 100000}) {
    LineSource src = LineSource::from_memory(data, "m", LineSourceOptions{.chunk_bytes = chunk, .max_line_bytes = 2000});
    struct Held {
      LineKeep keep;
      std::string_view text;
      size_t capacity;
    };
    std::vector<Held> held;
    Line l;
    while (src.next(l)) {
      ASSERT_NE(l.keep, nullptr);
      held.push_back({*l.keep, l.text, l.capacity});
    }
    ASSERT_EQ(held.size(), want.size()) << "chunk " << chunk;
    for (size_t i = 0; i < held.size(); ++i) {
      EXPECT_EQ(held[i].text, want[i]) << "chunk " << chunk << " line " << i;
      EXPECT_GE(held[i].capacity, held[i].text.size() + kJsonPadding);
      const char after = held[i].text.data()[held[i].text.size()];
      EXPECT_TRUE(after == '\n' || after == '\r') << int(after);
    }
    EXPECT_EQ(src.stats().over_long_lines(), 1u);
    EXPECT_EQ(src.stats().empty_lines, 24u);
    EXPECT_EQ(src.stats().bytes_read, data.size());
  }
}

// A consumer that lets go of its lines gives the buffers back: the reader
// reuses them instead of allocating per chunk.
TEST(LineSource, ReleasedBuffersAreReused) {
  std::string data;
  for (int i = 0; i < 20000; ++i) data += "{\"i\":" + std::to_string(i) + "}\n";
  LineSource src = LineSource::from_memory(data, "m", LineSourceOptions{.chunk_bytes = 4096});
  std::vector<LineKeep> window;  // the last few lines' buffers held
  Line l;
  size_t n = 0;
  long warm = 0;
  while (src.next(l)) {
    window.push_back(*l.keep);
    if (window.size() > 600) window.erase(window.begin());
    if (++n == 2000) warm = testing::g_allocations.load();
  }
  EXPECT_EQ(n, 20000u);
  // window.erase moves shared_ptrs (no allocation); the pool stops growing.
  EXPECT_EQ(testing::g_allocations.load() - warm, 0);
}

TEST(LineSource, PaddedMemoryLinesAreKeptInPlace) {
  std::string data = "{\"a\":1}\n{\"b\":2}\n";
  const size_t size = data.size();
  data.append(kJsonPadding, ' ');
  LineSource src = LineSource::from_padded_memory(std::string_view(data.data(), size), "m");
  Line l;
  ASSERT_TRUE(src.next(l));
  ASSERT_NE(l.keep, nullptr);
  EXPECT_TRUE(*l.keep);
  EXPECT_EQ(l.text.data(), data.data());  // no copy
}

}  // namespace
}  // namespace rulejit::rt
