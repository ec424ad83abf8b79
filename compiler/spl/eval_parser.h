// Parser for the eval-expression language (spl-semantics.md §2): `eval`,
// `where`, `count(eval(...))`, `head (...)`, `streamstats reset_before=(...)`.
//
// Contract:
//  - Precedence, lowest first: XOR < OR < AND < NOT < comparisons (= == !=
//    < > <= >= LIKE, infix IN) < additive (+ - and `.` concatenation, left
//    associative) < multiplicative (* / %) < unary (- + !) < primary.
//    Keywords (AND OR XOR NOT LIKE IN) are case-insensitive.
//  - "..." is a string literal (search-string escapes), '...' a field name,
//    a bare identifier a field name (`a.b` gets ambiguous_dotted), `f(...)` a
//    call (name as written), `x IN (a, b)` the call in(x, a, b).
//  - Parses one expression starting at the cursor (leading whitespace
//    skipped) and stops before the first token that cannot continue it
//    (`,`, an unmatched `)`, ...); the caller checks what follows.
#pragma once

#include "compiler/spl/ast.h"
#include "compiler/spl/parse_session.h"
#include "compiler/spl/scanner.h"

namespace rulejit::spl {

EvalExprPtr parse_eval_expr(ParseSession& session, Scanner& s);

}  // namespace rulejit::spl
