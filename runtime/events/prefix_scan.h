// PrefixScanner: a first pass that reads an event only as far as an
// EarlyStop needs, straight from the line's bytes: no simdjson stage 1 and no
// depth scan over the whole line. The JIT uses it to reject most events after
// a few hundred bytes (a Tetragon process_exec event names its binary within
// the first ~250 of ~2,500 bytes; other event types stop at their first key).
//
// Contract:
//  - scan() returns true when it filled `out` exactly as
//    EventExtractor::extract(line, paths, out, &stop) fills it whenever that
//    extract succeeds on the line: the same values per slot (strings
//    unescaped, numbers as written, booleans as text, nulls per NullPolicy),
//    presence slots, top-level keys, and the same stop point.
//  - It returns false ("ask the exact reader") for everything it does not
//    decide itself: a top-level value that is not an object, a syntax error
//    in the part it reads, a routing group that is not stoppable, a repeated
//    demanded name or top-level key, an escape it does not decode (lone
//    surrogates), invalid UTF-8 or a raw control character in a value it
//    returns, nesting deeper than max_depth in what it skips, trailing text,
//    all-fields mode, or a line without kJsonPadding readable bytes after it.
//  - Repeated keys: once the waited fields have values, the rest of the
//    line is walked without reading values (skipped containers, keys only
//    at the levels enclosing the stop point). A key there that leads to a
//    field with a value (a repeat: {"process":{..},"process":{..}}, or a
//    dotted spelling of it) declines the line, so the exact reader sees the
//    multivalue the interpreter sees. This costs a skip over the rest of
//    the line (bench/README.md has the numbers); exact results need it.
//  - What it does not check (the price of not indexing the line): inside
//    skipped values anything but string and bracket boundaries, and the
//    whole rest of an event that stops at a routing key needing no field.
//    Such a line is reported malformed only when the event is read in full
//    (a filter passed). Results are unaffected: a filter never sees unread
//    text, and the full read rejects the line.
//  - Views point into the line or into this scanner's buffer (decoded
//    escapes); both stay valid until the next scan().
#pragma once

#include <cstddef>
#include <string>

#include "runtime/events/event_extractor.h"

namespace rulejit::rt {

class PrefixScanner {
 public:
  explicit PrefixScanner(size_t max_depth = 64, NullPolicy nulls = NullPolicy::Absent)
      : max_depth_(max_depth), nulls_(nulls) {}

  bool scan(const Line& line, const FieldPathSet& paths, const EarlyStop& stop, EventFields& out);
  // After a scan that returned true: whether `out` lists every top-level key
  // of the line (the scan walked the whole root object, as it does unless it
  // stopped at a routing key). A demanded field no top-level key can lead to
  // is then known to be absent, although the scan stopped before its place.
  bool saw_every_top_level_key() const { return all_top_keys_; }

 private:
  size_t max_depth_;
  NullPolicy nulls_;
  bool all_top_keys_ = false;
  std::string decoded_;  // unescaped strings; reserved to the line's size so views stay put
};

}  // namespace rulejit::rt
