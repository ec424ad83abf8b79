// EventExtractor: pulls the demanded fields of one NDJSON event with simdjson
// On-Demand, walking the event once and descending only where a demanded
// name leads (FieldPathSet). One extractor per thread (it owns the parser).
//
// Value text (Splunk JSON auto-extraction, spl-semantics.md §0):
//  - strings are unescaped; numbers are their raw JSON text, exactly as
//    written ("3502914", "1.5e3"); booleans are "true" / "false";
//  - JSON null: see NullPolicy (default: absent);
//  - an object or array reached by a name without "{}" is not a value (the
//    slot stays absent; presence slots are set). Through "{}": scalar
//    elements give multivalues in order; object elements give `a{}.b`
//    multivalues in order, skipping elements without `b`.
//  - Lifetime of the views: see event_fields.h.
//
// Problems (each counted in stats() and, for the first N, recorded with
// file, line and reason; the stream always goes on):
//  - InvalidUtf8 (simdjson validates UTF-8 while indexing the line, so the
//    separate validate_utf8 pass would be redundant), TooDeep (depth >
//    max_depth anywhere in the line), NotAnObject, TrailingContent,
//    Truncated, MalformedJson: the event is skipped.
//  - DuplicateKey: a flattened name without "{}" got two values (a repeated
//    key, or two spellings like {"a.b":1,"a":{"b":2}}), or a repeated
//    top-level key. Default policy Multivalue keeps the event with both
//    values in document order (what Splunk's JSON extraction does) and
//    counts a warning; SkipEvent drops it. Only demanded names and top-level
//    keys are checked (On-Demand never looks at the rest).
//  - ValuesCapped: a field got more than kMaxValuesPerField values (a key
//    repeated many times, a long array); the event is kept with the first
//    ones and a warning is counted (event_fields.h says why).
//  - On-Demand checks the syntax of what it visits. Values of keys that no
//    demanded name needs are skipped by bracket counting, so inside them a
//    bad scalar (`"x":tru`), a missing comma or colon, or mismatched bracket
//    kinds (`[1,{"x":2]}`) pass unnoticed unless validate_all is set, which
//    visits every value (about 1.8x slower on Tetragon events). Bracket
//    counts that do not balance, unterminated strings, unescaped control
//    characters and invalid UTF-8 are caught anywhere in the line.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/event_fields.h"
#include "runtime/events/field_paths.h"
#include "runtime/events/line_source.h"
#include "runtime/events/read_stats.h"

namespace rulejit::rt {

// THE place deciding what JSON null means. spl-semantics.md §0 recommends
// absent (Splunk's own behaviour is UNCERTAIN); Text yields the value "null".
enum class NullPolicy : uint8_t { Absent, Text };
enum class DuplicatePolicy : uint8_t { Multivalue, SkipEvent };

struct ExtractOptions {
  size_t max_depth = 64;
  // Reject lines nested deeper than max_depth before parsing. Needed when the
  // walk may follow the document (all-fields mode, validate_all) and to
  // report such lines; a first pass that only follows demanded names can
  // skip it (its recursion is bounded by the longest name).
  bool check_depth = true;
  NullPolicy json_null = NullPolicy::Absent;
  DuplicatePolicy duplicates = DuplicatePolicy::Multivalue;
  bool validate_all = false;                  // check the syntax of every value
  size_t max_flat_bytes = size_t{16} << 20;   // all-fields name budget per event
  size_t max_problems = 10;
};

struct ExtractStatus {
  ErrorKind error = ErrorKind::None;  // problem found (None when clean)
  bool skipped = false;               // the event must not be used
  bool ok() const { return !skipped; }
};

// Early stop: the walk ends early once it has what routing and a few fields
// need. `groups` has one entry per top-level key that routes events (a field
// map's match key). The first such key of the event, in document order,
// decides: a stoppable group ends the walk as soon as every value slot listed
// for it has a value (at once when none is listed); a group that is not
// stoppable lets the walk read the whole event. Keys after the stop are not
// seen, which is exact because routing takes the first routing key in
// document order. Stage 1 (UTF-8, structure) and the depth check still cover
// the whole line, so only grammar errors inside the unread rest go unnoticed
// — like errors inside fields no rule reads (validate_all=false). Executors
// use this for a cheap first pass that only needs a few fields to reject most
// events. Slots must not be under arrays (those can have more values later).
struct EarlyStop {
  struct Group {
    std::string key;                // top-level key, e.g. "process_exec"
    std::vector<uint8_t> member;    // member[slot] != 0: wait for this slot
    uint32_t count = 0;             // number of member slots
    bool stoppable = true;
    // Adds value slot `slot` to the slots to wait for (once).
    void wait_for(int slot) {
      const auto s = static_cast<size_t>(slot);
      if (member.size() <= s) member.resize(s + 1, 0);
      if (!member[s]) ++count;
      member[s] = 1;
    }
  };
  std::vector<Group> groups;
};

class EventExtractor {
 public:
  explicit EventExtractor(ExtractOptions options = {});
  EventExtractor(EventExtractor&&) noexcept;
  EventExtractor& operator=(EventExtractor&&) noexcept;
  ~EventExtractor();

  ExtractStatus extract(const Line& line, const FieldPathSet& paths, EventFields& out,
                        const EarlyStop* stop = nullptr);
  // The same line again with other paths, after `first` extracted it: walks
  // first's parsed document once more instead of parsing the line again
  // (stage 1 and the depth check are not repeated) when that is exact, i.e.
  // first's walk succeeded on this very line and kept no value in its
  // parser's string buffer. Otherwise a plain extract(). Problems are
  // counted in this extractor's stats. Leaves `first`'s views valid.
  ExtractStatus extract_again(EventExtractor& first, const Line& line, const FieldPathSet& paths, EventFields& out);
  // Convenience for tests and callers without a LineSource: copies `json`
  // into a padded scratch buffer first. Problems are reported as "<string>".
  ExtractStatus extract(std::string_view json, const FieldPathSet& paths, EventFields& out);

  const ReadStats& stats() const { return stats_; }
  ReadStats& stats() { return stats_; }
  const ExtractOptions& options() const { return opt_; }

  // The warnings (kinds that keep the event: DuplicateKey, ValuesCapped) the
  // last extract found, a warning_bit() each. A reader that reads a line a
  // second time silences what the first read already reported, so each
  // line's warning is counted once.
  static constexpr uint32_t warning_bit(ErrorKind k) { return 1u << static_cast<uint32_t>(k); }
  uint32_t last_warnings() const { return last_warnings_; }
  void silence_warnings(uint32_t bits) { silenced_warnings_ = bits; }

 private:
  ExtractStatus fail(const Line& line, EventFields& out, ErrorKind kind, std::string_view reason);
  ExtractStatus run(const Line& line, const FieldPathSet& paths, EventFields& out, const EarlyStop* stop = nullptr);
  // The walk over a parsed document and the checks after it.
  struct Parser;
  ExtractStatus walk(Parser& parsed, const Line& line, const FieldPathSet& paths, EventFields& out,
                     const EarlyStop* stop);
  ExtractStatus syntax_failure(const Line& line, EventFields& out, int simdjson_error);

  // The simdjson parser stays out of this header: its layout depends on
  // simdjson's compile definitions, and simdjson.h is heavy to include.
  ExtractOptions opt_;
  std::unique_ptr<Parser> parser_;
  ReadStats stats_;
  uint32_t last_warnings_ = 0;
  uint32_t silenced_warnings_ = 0;
  std::string name_;     // all-fields name being built
  std::string scratch_;  // padded copy when a caller's buffer has no padding
  std::vector<std::string_view> sorted_keys_;
  // For extract_again: the last line parsed, whether its walk succeeded and
  // whether any of its values live in the parser's string buffer.
  std::string_view last_text_;
  bool last_ok_ = false;
  bool used_string_buffer_ = false;
};

}  // namespace rulejit::rt
