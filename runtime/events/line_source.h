// LineSource: yields NDJSON lines (one event each) from files, directories,
// gzip files, stdin or memory, ready for simdjson On-Demand without a copy.
//
// Contract:
//  - Inputs are read in the order given. A directory expands to the regular
//    files below it (recursively), sorted by path. "-" is stdin. Gzip input is
//    detected by its magic bytes (1f 8b), not by the name; concatenated gzip
//    members are read as one stream. A UTF-8 BOM at the start of an input is
//    dropped.
//  - Lines end at '\n'; one '\r' before it is dropped (CRLF). The last line of
//    an input needs no terminator. Whitespace-only lines are counted in
//    ReadStats::empty_lines and not yielded.
//  - A line longer than max_line_bytes (without its terminator) is skipped
//    whole, counted as OverLongLine and recorded with its line number.
//  - An input that cannot be opened, read or decompressed is recorded as a
//    ReadError with its path; lines already read from it stay delivered (a
//    partial last line is yielded as is, so the extractor sees it truncated)
//    and the next input continues.
//  - Padding: every yielded Line has `capacity >= text.size() +
//    kJsonPadding` (= SIMDJSON_PADDING) readable bytes from text.data() (the buffer keeps that
//    much slack past its end), and the byte right after the text is a JSON
//    whitespace byte, so Line can go straight to parser.iterate().
//  - Lifetime: Line::text and Line::file stay valid until the next call to
//    next(). Line::keep extends the text's: a consumer that holds a copy of
//    *keep may use the text (and its padding) until it lets go, without
//    copying it (ParallelEngine hands lines to worker threads so). The bytes
//    of a buffer are never changed while anyone else holds it: the reader
//    then reads into another buffer of its pool (a held line's tail is
//    copied there). Steady-state next() does not allocate: buffers of
//    max(chunk_bytes, max_line_bytes + 2) + padding are reused (one when no
//    one holds lines; a few more when a consumer does); opening an input
//    may allocate.
//  - from_padded_memory: keep owns nothing (the caller's data must outlive
//    every holder).
//  - Not thread-safe; one LineSource per reading thread.
//  - Files that keep growing (tail -F) are read by FollowSource
//    (runtime/events/follow.h), which keeps these line rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/read_stats.h"

namespace rulejit::rt {

// simdjson::SIMDJSON_PADDING (checked in line_source.cpp), spelled here so
// users need not include simdjson.h.
inline constexpr size_t kJsonPadding = 64;

struct LineSourceOptions {
  size_t chunk_bytes = size_t{4} << 20;     // read size; the buffer is at least this big
  size_t max_line_bytes = size_t{1} << 20;  // longer lines are skipped whole
  size_t max_problems = 10;                 // problems remembered in stats()
};

// Owner of the bytes a Line points into (see Lifetime above).
using LineKeep = std::shared_ptr<const void>;

struct Line {
  std::string_view text;     // without '\n' / "\r\n"
  size_t capacity = 0;       // readable bytes from text.data() (>= size + kJsonPadding)
  std::string_view file;     // input path ("-" for stdin)
  uint64_t line_number = 0;  // 1-based within the input
  uint64_t byte_offset = 0;  // offset of the first byte within the (decompressed) input
  // Holding a copy keeps text.data()[0, capacity) unchanged and valid past
  // next(); nullptr: the text lives only until next() (copy it to keep it).
  const LineKeep* keep = nullptr;
};

// A Line over a copy of `text` in `buffer`, padded for the JSON parser
// (valid while `buffer` is unchanged).
inline Line padded_line(std::string& buffer, std::string_view text, std::string_view file) {
  buffer.assign(text);
  buffer.append(kJsonPadding, ' ');
  Line line;
  line.text = std::string_view(buffer.data(), text.size());
  line.capacity = buffer.size();
  line.file = file;
  return line;
}

class LineSource {
 public:
  explicit LineSource(std::vector<std::string> inputs, LineSourceOptions options = {});
  // Reads `data` (copied) as one input called `name`; gzip data is detected too.
  static LineSource from_memory(std::string_view data, std::string name = "<memory>",
                                LineSourceOptions options = {});
  // Reads `data` in place, without copying: the caller guarantees that
  // kJsonPadding bytes after data.end() are readable whitespace and that
  // `data` outlives the source. Plain NDJSON only (no gzip). For benchmarks
  // and embedders that already hold the bytes.
  static LineSource from_padded_memory(std::string_view data, std::string name = "<memory>",
                                       LineSourceOptions options = {});

  LineSource(LineSource&&) noexcept;
  LineSource& operator=(LineSource&&) noexcept;
  ~LineSource();

  // Next non-empty, not over-long line; false when every input is exhausted.
  bool next(Line& out);

  const ReadStats& stats() const { return stats_; }
  ReadStats& stats() { return stats_; }

 private:
  struct Impl;
  LineSource();
  std::unique_ptr<Impl> impl_;
  ReadStats stats_;
};

}  // namespace rulejit::rt
