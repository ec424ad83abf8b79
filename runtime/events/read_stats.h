// ReadStats: counters and the first few problems met while reading events.
//
// Contract:
//  - Every line a LineSource sees is counted once in `lines`; empty
//    (whitespace-only) lines are also counted in `empty_lines` and never reach
//    the extractor. Every problem is counted once under its ErrorKind.
//  - An event with a problem whose kind is "fatal for the event" (everything
//    except DuplicateKey under the default policy) is skipped: it is counted in
//    `events_skipped` and never produces fields. The stream always continues.
//  - `problems` keeps the first `max_problems` problems (file, 1-based line,
//    byte offset, short reason) for the end-of-run summary; later problems are
//    only counted.
//  - LineSource and EventExtractor each own a ReadStats; merge() adds one into
//    another (e.g. per-thread extractors into a run summary). After a merge,
//    `problems` holds this object's problems followed by the other's, capped.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::rt {

enum class ErrorKind : uint8_t {
  None = 0,
  ReadError,        // input could not be opened/read/decompressed (per input)
  OverLongLine,     // line longer than the configured limit; skipped whole
  InvalidUtf8,      // line is not valid UTF-8
  MalformedJson,    // syntax error that is not one of the kinds below
  Truncated,        // JSON ends inside a string, object or array
  TooDeep,          // nesting deeper than the depth limit
  NotAnObject,      // top-level value is an array or scalar
  TrailingContent,  // something other than whitespace after the object
  DuplicateKey,     // same flattened field name twice outside arrays
  ValuesCapped,     // a field had more than kMaxValuesPerField values; the rest dropped
};
inline constexpr size_t kErrorKindCount = 11;
// Kinds that keep the event (a warning about it); every other kind skips it.
inline constexpr bool keeps_event(ErrorKind k) { return k == ErrorKind::DuplicateKey || k == ErrorKind::ValuesCapped; }

// Stable lower-case name, e.g. "malformed_json".
std::string_view to_string(ErrorKind kind);

struct Problem {
  ErrorKind kind = ErrorKind::None;
  std::string file;          // input path, "-" for stdin, or a memory name
  uint64_t line = 0;         // 1-based; 0 when the problem is about a whole input
  uint64_t byte_offset = 0;  // offset of the line start in the (decompressed) input
  std::string reason;        // short, human readable
};

struct ReadStats {
  uint64_t bytes_read = 0;       // text bytes delivered by inputs (after gunzip)
  uint64_t lines = 0;            // all physical lines, including empty and over-long
  uint64_t empty_lines = 0;      // whitespace-only lines (skipped silently)
  uint64_t inputs_opened = 0;    // files/streams successfully opened
  uint64_t events_ok = 0;        // events extracted (may carry a warning)
  uint64_t events_skipped = 0;   // events dropped because of a problem
  std::array<uint64_t, kErrorKindCount> errors{};  // indexed by ErrorKind
  size_t max_problems = 10;
  std::vector<Problem> problems;

  uint64_t count(ErrorKind k) const { return errors[static_cast<size_t>(k)]; }
  uint64_t over_long_lines() const { return count(ErrorKind::OverLongLine); }
  uint64_t read_errors() const { return count(ErrorKind::ReadError); }
  // Sum over all kinds except None.
  uint64_t total_problems() const;
  // Problems that kept their event (keeps_event kinds), and the rest: lines
  // not used as events.
  uint64_t warnings() const;
  uint64_t skipped_lines() const;

  // Count one problem and remember it if fewer than max_problems are kept.
  void record(ErrorKind kind, std::string_view file, uint64_t line, uint64_t byte_offset,
              std::string_view reason);
  void merge(const ReadStats& other);
  // Multi-line human summary: counters, then the remembered problems as
  // "file:line: kind: reason".
  std::string summary() const;
};

}  // namespace rulejit::rt
