// Parser for the search-expression language (spl-semantics.md §1): the body
// of `search`, the `where` clause of tstats/mstats/inputlookup.
//
// Contract:
//  - Precedence: parentheses > NOT > OR > AND; juxtaposition is AND. AND, OR,
//    NOT, IN, TERM(, CASE( are operators only when written in upper case.
//  - `NOT f=v` is Not(Compare Eq); `f!=v` is Compare Ne (different meaning).
//  - And/Or are n-ary and flattened; `()` is an And with no children.
//  - Parses from the scanner's cursor to the end of its window, or up to a
//    top-level unquoted word in `stop_words` (case-insensitive, e.g. `by`
//    ending a tstats where clause). Returns null when there is no term.
#pragma once

#include <initializer_list>
#include <string_view>

#include "compiler/spl/ast.h"
#include "compiler/spl/parse_session.h"
#include "compiler/spl/scanner.h"

namespace rulejit::spl {

SearchExprPtr parse_search_expr(ParseSession& session, Scanner& s,
                                std::initializer_list<std::string_view> stop_words = {});

}  // namespace rulejit::spl
