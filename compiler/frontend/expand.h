// SPL comment stripping and macro expansion, with a map from every byte of
// the expanded search back to where it was written.
//
// Contract (order of work):
//  1. Comments ```...``` (shortest match, may span lines, may contain
//     anything) are replaced by one space, so tokens on either side do not
//     fuse. Done on the search and on every macro definition. An unclosed
//     ``` is an error.
//  2. Macro calls `name` / `name(a, b)` between single backticks are
//     replaced by the macro's definition, outside double-quoted strings of
//     the text being scanned (a backslash escapes the next character, so \"
//     does not end a string). Arguments are split on commas outside double
//     quotes and parentheses, trimmed, and one pair of enclosing double
//     quotes is removed (spl-semantics.md §5.1); `name()` has no arguments.
//     `$arg$` is replaced everywhere in the definition, including inside
//     quoted strings. The substituted definition is then expanded again, so
//     macros may call macros, including calls that come from arguments.
//  3. Errors (Stage::Macro, at the call in the detection file, with notes for
//     the macro chain): unknown macro; wrong arity (with the arities that
//     exist); recursion (with the chain); unterminated backtick; nesting
//     deeper than kMaxExpansionDepth; expansion larger than kMaxExpansionBytes.
//     With any error there is no result.
//
// Splunk substitutes text, so nothing is inserted around an expansion:
// `a`m`b` with m = "x" is "axb". A call inside a quoted string stays literal
// (e.g. `map search="search `wineventlog_security` ..."` in the corpus); a
// command that runs such a string as a search must expand it itself.
//
// Source map: bytes from the search map to themselves; bytes from a macro
// definition map to the outermost call, with a note per macro; bytes
// substituted for `$arg$` map to where the argument is written in the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/macros.h"
#include "compiler/frontend/scalar_positions.h"
#include "compiler/frontend/source_file.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

inline constexpr size_t kMaxExpansionDepth = 50;
inline constexpr size_t kMaxExpansionBytes = 4u << 20;  // all text produced, in total

// Where each byte of an expanded search came from. Stored as segments of
// consecutive bytes from one place, not per byte.
class SourceMap {
 public:
  // A place in a text: frame 0 is the search itself (offset into the decoded
  // `search` string); frame k > 0 is the definition of one macro call
  // (offset into that macro's definition).
  struct Origin {
    uint32_t frame = 0;
    uint32_t offset = 0;
  };
  // One macro call: which macro, and where the call's opening backtick is.
  struct Frame {
    MacroPtr macro;  // null for frame 0
    Origin call;
  };

  SourceMap() = default;
  SourceMap(SourceFilePtr root_file, OffsetMap root_origin);

  // A diagnostic located at the expanded byte: file/line/col/source_line are
  // in the detection file (the byte itself when it comes from the search
  // text, otherwise the start of the outermost macro call), and one note per
  // macro it came through, innermost first, e.g.
  //   "in expansion of macro `sysmon` (macros/sysmon.yml:2:13)".
  // Offsets at or past the end locate just after the last byte. Only the
  // position and notes are filled; the overload below also sets stage,
  // severity and message.
  Diagnostic locate(uint32_t expanded_offset) const;
  Diagnostic locate(uint32_t expanded_offset, Stage stage, std::string message,
                    Severity severity = Severity::Error) const;
  Diagnostic locate_origin(Origin origin) const;

  Origin origin(uint32_t expanded_offset) const;
  // Offset in the decoded search text of the byte itself or of the outermost
  // macro call it came from.
  uint32_t search_offset(uint32_t expanded_offset) const;
  // Macros the byte came through, innermost first (empty: literal search text).
  std::vector<MacroPtr> macro_chain(uint32_t expanded_offset) const;
  // Human-readable origin: "file:line:col" or "file:line:col via `a` -> `b`".
  std::string describe(uint32_t expanded_offset) const;

  uint32_t size() const { return size_; }
  size_t segment_count() const { return segments_.size(); }
  const std::vector<Frame>& frames() const { return frames_; }

  // Building (used by the expander).
  struct Segment {
    uint32_t begin;  // first expanded byte; the segment ends at the next one
    Origin origin;   // origin of `begin`; later bytes follow consecutively
  };
  uint32_t add_frame(MacroPtr macro, Origin call);
  void set_segments(std::vector<Segment> segments, uint32_t size);

 private:
  SourceFilePtr root_file_;
  OffsetMap root_origin_;
  std::vector<Frame> frames_{Frame{}};
  std::vector<Segment> segments_;
  uint32_t size_ = 0;
};

struct ExpandedSearch {
  std::string text;
  SourceMap map;
};

struct Expansion {
  std::optional<ExpandedSearch> result;
  std::vector<Diagnostic> diagnostics;
};

// Expands a detection's search. The result does not refer to `macros` or `d`:
// it holds shared pointers to the macros and source files it needs.
Expansion expand_search(const Detection& d, const MacroTable& macros);
// Expands raw search text (positions are in `search` itself; `file_name` may
// be empty). For tests and fuzzing.
Expansion expand_search(std::string_view search, const MacroTable& macros,
                        const std::string& file_name = "");

}  // namespace rulejit
