// Bare-term, phrase and TERM() search over _raw, respecting Splunk's
// breakers (spl-semantics.md §1.8). Rare path: simple and linear, not fast.
//
// Breakers (segmenters.conf defaults, URL-encoded forms not modelled):
//   major: space \t \n \r [ ] < > ( ) { } | ! ; , ' " * & ? +  and "--"
//   minor: / : = @ . - $ # % \ _
//
// Contract (all matching is ASCII case-insensitive):
//  - raw_has_term(raw, term): `term` occurs in raw as a whole token: where
//    the term begins with a token character, the character before the match
//    is a breaker (major or minor) or the start; likewise at its end. So
//    `error` matches "an error." and "x_error_y" but not "errors"; `exe`
//    matches "cmd.exe". `*` in the term matches any run of characters that
//    contains no major breaker (`err*` matches "errors").
//  - raw_has_phrase(raw, phrase): the phrase text (no wildcards) occurs
//    with the same boundary rule at both ends.
//  - raw_has_exact_term(raw, x) (TERM(x)): like raw_has_term, but the
//    boundaries must be MAJOR breakers (or the ends), so minor breakers
//    inside x are literal: TERM(127.0.0.1) does not match "127.0.0.10".
//  - An empty term matches nothing.
#pragma once

#include <string_view>

namespace rulejit::rt {

bool is_major_breaker(char c);
bool is_minor_breaker(char c);

bool raw_has_term(std::string_view raw, std::string_view term);
bool raw_has_phrase(std::string_view raw, std::string_view phrase);
bool raw_has_exact_term(std::string_view raw, std::string_view term);

}  // namespace rulejit::rt
