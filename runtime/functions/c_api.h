/* C ABI for the hottest matching helpers, callable from JIT-generated code
 * and from C. (rulejit::rt C++ classes behind opaque handles.)
 *
 * Contract: every function is noexcept, never allocates while matching, and
 * accepts any bytes (s may be NULL when n == 0). Handles are created once
 * (at compile time of a pack) and destroyed with the matching *_free; a
 * handle is immutable and may be used from several threads at once.
 * Return values: 1 = match, 0 = no match; rj_regex_match returns -1 when the
 * match limit was hit (an evaluation error for that row, never "no match").
 */
#ifndef RULEJIT_RUNTIME_FUNCTIONS_C_API_H
#define RULEJIT_RUNTIME_FUNCTIONS_C_API_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rj_glob rj_glob;
typedef struct rj_like rj_like;
typedef struct rj_regex rj_regex;
typedef struct rj_cidr rj_cidr;

/* ASCII case-insensitive equality. */
int rj_eq_ci(const char* a, size_t an, const char* b, size_t bn);

/* Search-language wildcard (only '*'), whole value; case_sensitive = 0 for
 * ordinary search terms, 1 for CASE(). */
rj_glob* rj_glob_new(const char* pattern, size_t n, int case_sensitive);
int rj_glob_match(const rj_glob* g, const char* s, size_t n);
void rj_glob_free(rj_glob* g);
/* One-shot case-insensitive glob (compiles the pattern each call). */
int rj_glob_match_ci(const char* pattern, size_t pn, const char* s, size_t n);

/* like(): '%' and '_' wildcards, whole string, case-sensitive. */
rj_like* rj_like_new(const char* pattern, size_t n);
int rj_like_match(const rj_like* l, const char* s, size_t n);
void rj_like_free(rj_like* l);

/* PCRE2 regex, unanchored. rj_regex_new returns NULL for an invalid pattern
 * and, if err/err_cap are given, writes a NUL-terminated message. */
rj_regex* rj_regex_new(const char* pattern, size_t n, char* err, size_t err_cap);
int rj_regex_match(const rj_regex* r, const char* s, size_t n);
void rj_regex_free(rj_regex* r);

/* CIDR subnet; rj_cidr_new returns NULL when the text is not a subnet. */
rj_cidr* rj_cidr_new(const char* cidr, size_t n);
int rj_cidr_match(const rj_cidr* c, const char* ip, size_t n);
void rj_cidr_free(rj_cidr* c);

#ifdef __cplusplus
}
#endif

#endif
