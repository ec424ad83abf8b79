// Small byte-level JSON checks the On-Demand walk does not do for us.
//
// Contract:
//  - nesting_exceeds(text, limit): true when some object/array is nested more
//    than `limit` levels deep ("{}" is depth 1). Brackets inside strings do
//    not count. A cheap bracket count rules out most lines; the exact scan
//    runs only when there are more brackets than the limit. Works on any
//    bytes (invalid JSON gives a best-effort answer, never a crash).
//  - classify_failure(text): for a line simdjson rejected, which ErrorKind
//    best describes it: NotAnObject (starts like another JSON value),
//    Truncated (ends inside a string/object/array), TrailingContent
//    (non-whitespace after the balanced top-level object) or MalformedJson.
//  - is_json_number(tok): tok is exactly one JSON number (RFC 8259 grammar).
#pragma once

#include <cstddef>
#include <string_view>

#include "runtime/events/read_stats.h"

namespace rulejit::rt {

bool nesting_exceeds(std::string_view text, size_t limit);
ErrorKind classify_failure(std::string_view text);
bool is_json_number(std::string_view tok);

}  // namespace rulejit::rt
