// The raw-line prefilter plan (pack scale): for each rule binding, literals
// of which at least one must occur in an event's raw line for the rule's
// leading filters to pass. One scan of the line over every binding's
// literals (runtime/engine/line_prefilter.h) then tells which rules can
// still match, before any field is read; an event no rule can match is not
// parsed at all.
//
// Why it is exact. A literal is taken only from the text a filter compares a
// field with, when the field's value is a substring of the raw line: a JSON
// value copied as is (`"v"` with its quotes when the test is for the whole
// value), its basename (`/v"` or `"v"`), a concatenation of such values
// (parts without the joining text), or _raw itself. Literal text is printable
// ASCII without `"` or `\`: every byte of it appears unchanged in the JSON
// unless the value was written with `\u` or `\/` escapes, and a line holding
// either escape is a candidate for every rule (the runtime checks). Matching
// is ASCII case-insensitive, which is what the search language's compares
// are (case-sensitive tests only lose selectivity). Anything else (NOT, !=,
// numeric order, field=* on an event field, eval comparisons) gives no
// literal: the binding is then a candidate for every event ("always").
//
// Past the leading filters. Filters after evals, rexes and lookups (stages
// that map a row to rows, dropping none) count too, with each field's value
// as those stages leave it:
//  - a rex capture is a substring of its input (an unanchored literal), or
//    the field's earlier value when the rex does not match;
//  - a lookup's output has a value only when its exact-match input equals
//    one of the table's keys (each key a literal in the input's shape), or
//    when the lookup left the field's earlier value (an input missing,
//    OUTPUTNEW); a lookup with a default for misses, or keyed by a WILDCARD
//    or CIDR column, gives none;
//  - a regex (`regex`, match()) needs one of its necessary literals
//    (regex_literals.h), with `\b` kept as a word-boundary check; over
//    urldecode(field) a '%' (any byte) or, for literals with a space, '+'
//    is an alternative; under PCRE2_UTF 'k' and 's' also match U+212A and
//    U+017F, whose UTF-8 is added as alternatives.
//
// Contract: plan_prefilter() never drops an event some rule can match; it is
// plain data built without LLVM, printed by `rulejit explain --prefilter`.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/line_prefilter.h"

namespace rulejit {

using rt::BindingLiterals;

struct PrefilterPlan {
  std::vector<BindingLiterals> bindings;  // per ir::Pack::bindings entry
};

PrefilterPlan plan_prefilter(const ir::Pack& pack);
std::string print_prefilter(const ir::Pack& pack, const PrefilterPlan& plan);

}  // namespace rulejit
