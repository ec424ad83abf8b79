// Policy: every decision the function library makes where Splunk's behaviour
// is UNCERTAIN (docs/spl-semantics.md marks them) or undocumented. One named
// constant per decision, with the evidence, so a later check against a real
// Splunk instance changes one line here. Tests in
// tests/unit/functions/policy_test.cpp pin each one.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rulejit::rt::policy {

// ---- Function names --------------------------------------------------------
// Eval function names are matched ASCII case-insensitively. Evidence:
// production security_content uses `CASE(isnotnull(src),src,...)` in eval
// (macro remote_access_software_usage_exceptions) and `where LIKE(...)`, so
// Splunk accepts upper-case names.
inline constexpr bool kFunctionNamesCaseInsensitive = true;

// ---- Null and multivalue arguments -----------------------------------------
// A predicate function (match, like, cidrmatch, in, searchmatch-like helpers)
// given a null subject returns null, not false, so `where NOT match(x,...)`
// drops rows without x (three-valued logic, spl-semantics.md §2.4
// recommendation).
inline constexpr bool kPredicateOnNullIsNull = true;

// A predicate function given a multivalue subject is true if ANY value
// satisfies it (consistent with the §2.5 recommendation for `mv="x"` and with
// search-language semantics §1.9).
inline constexpr bool kPredicateOnMultivalueIsAny = true;

// Scalar string functions documented as "not supported on multivalue" (len,
// substr, replace, trim, urldecode, split, tostring, tonumber, md5...) use
// the FIRST value of a multivalue argument (§2.5 recommendation).
// lower/upper map every value (documented).
inline constexpr bool kScalarFunctionUsesFirstValue = true;

// typeof() of a multivalue reports the type of its first value ("String" or
// "Number"); §2.3 lists only Number/String/Bool/Invalid.
inline constexpr bool kTypeofMultivalueIsFirstValue = true;

// ---- like() ------------------------------------------------------------------
// like() and LIKE are case-sensitive (§2.7, community: OpenSearch PPL aligned
// its SPL `like` to case-sensitive). No escape character exists: `\` is an
// ordinary character, so `\%` is a backslash followed by the wildcard.
inline constexpr bool kLikeCaseSensitive = true;
inline constexpr bool kLikeHasEscape = false;

// ---- urldecode() -------------------------------------------------------------
// Only %XX sequences are decoded; '+' stays '+'. Splunk documents only %XX;
// form-style '+' decoding is not mentioned. Invalid %-sequences are kept as
// text.
inline constexpr bool kUrldecodePlusIsSpace = false;

// ---- strptime() ----------------------------------------------------------------
// Decides whether Cisco Isovalent "Late Process Execution" can fire:
//   strptime("2025-07-28T22:21:44Z", "%Y-%m-%dT%H:%M:%S.%9Q")
// (Kubernetes container start times have no fraction; tetragon-events.md §5).
//
// Evidence:
//  - Splunk's strptime accepts text after the format is satisfied (the common
//    idiom strptime("2020-01-01T10:00:00.123Z","%Y-%m-%dT%H:%M:%S") works and
//    drops the rest) -> kStrptimeAcceptsTrailingText.
//  - splunk/security_content ships that detection as `production` with a
//    "True Positive Test" on attack_data cisco_isovalent_process_exec_
//    delayed_shell.log and kept the format through 5 versions (PR #3706 and
//    later). attack_data's Isovalent sets are "manual simulations in a K8s
//    cluster running Tetragon", whose container start_time has no fraction
//    (the .log itself is a Git LFS object we could not read). contentctl's
//    unit test needs a result row, which requires ContainerStartTime to be
//    non-null. So, by inference, Splunk's strptime stops where the text no
//    longer matches the format and returns the time parsed so far ->
//    kStrptimeStopsAtMismatch. No Splunk document states this either way.
//  - Splunk docs: strptime "needs a day component" -> kStrptimeRequiresDay.
//    With stop-at-mismatch, a text that ends (or diverges) before the day is
//    parsed therefore still yields null.
// Not verified against a live Splunk; flip these to get glibc-like strict
// parsing (mismatch -> null).
inline constexpr bool kStrptimeAcceptsTrailingText = true;
inline constexpr bool kStrptimeStopsAtMismatch = true;
inline constexpr bool kStrptimeRequiresDay = true;
// A format without a year (e.g. "%b %d %H:%M:%S") takes the year of now(),
// as Splunk's timestamp extraction does for syslog-style stamps.
inline constexpr bool kStrptimeDefaultYearFromNow = true;
// %3Q / %3N read at most that many digits; further digits are left unread
// (tetragon-events.md §5: "%3Q applied to a 9-digit fraction reads 3 digits
// and ignores the rest").
inline constexpr int kSubsecondDefaultDigitsN = 9;
inline constexpr int kSubsecondDefaultDigitsQ = 3;

// ---- Time zone ---------------------------------------------------------------
// All calendar math (strftime, strptime, relative_time snapping, ctime) uses
// the FunctionContext's fixed UTC offset, 0 (UTC) by default (§2.9, §6
// recommendation). There is no tz database: %Z prints "UTC" for offset 0 and
// the numeric offset otherwise.
inline constexpr int kDefaultTzOffsetSeconds = 0;

// ---- relative_time() -----------------------------------------------------------
// Month/quarter/year offsets keep the day of month and let an impossible date
// roll over the way mktime() normalises it (Mar 31 -1mon -> Mar 3 in a
// non-leap year). Splunk's exact rule is undocumented.
inline constexpr bool kMonthOffsetRollsOver = true;

// ---- avg() (eval) ----------------------------------------------------------------
// Splunk's eval avg() "returns the average of numerical values as an integer",
// but the same page says avg(x,y) "is equivalent to sum(x,y)/(mvcount(x) +
// mvcount(y))", and eval division is floating point; its only example
// (avg(5.0, "9") = 7) is whole either way. We keep the fraction:
// avg(1, 2) = 1.5. Flip to truncate toward zero.
inline constexpr bool kEvalAvgKeepsFraction = true;

// ---- Regular expressions -------------------------------------------------------
// Limits per pcre2_match call, from Splunk's limits.conf [rex] defaults
// (match_limit = 100000, depth_limit = 1000). A match that hits a limit is an
// evaluation error for that row (EvalError), not a silent "no match".
inline constexpr uint32_t kRegexMatchLimit = 100000;
inline constexpr uint32_t kRegexDepthLimit = 1000;
// Heap used by the interpreter's backtracking frames, in KiB.
inline constexpr uint32_t kRegexHeapLimitKiB = 64 * 1024;
// Patterns are compiled in UTF mode (spl-semantics.md §1.4: `\x{202E}` must
// reach PCRE as the RLO code point) and subjects with invalid UTF-8 are still
// matched (PCRE2_MATCH_INVALID_UTF). \w, \d are ASCII (no PCRE2_UCP).
inline constexpr bool kRegexUtf = true;
// A Hyperscan prefilter (HS_FLAG_PREFILTER: a superset of the pattern's
// matches) runs before PCRE2 on ASCII subjects; when it finds nothing there
// is no match and PCRE2 is not run (rex, regex and match() on events that
// cannot match cost a fast scan). Consequence: a subject PCRE2 would give up
// on (match/depth limit) while failing is a plain "no match" when the
// prefilter already rules it out, where it would otherwise be an evaluation
// error. Non-ASCII subjects always go to PCRE2 (Unicode case folding).
inline constexpr bool kRegexHyperscanPrefilter = true;
// Compiled patterns kept per FunctionContext before the cache is flushed.
inline constexpr size_t kRegexCacheCapacity = 1024;

// ---- mvrange() -----------------------------------------------------------------
// Refuse to build more values than this (EvalError) instead of exhausting
// memory on a hostile mvrange(0, 1e12).
inline constexpr int64_t kMvrangeMaxValues = 1'000'000;

// ---- CIDR ----------------------------------------------------------------------
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) matches IPv4 subnets.
inline constexpr bool kCidrV4MappedMatchesV4 = true;

// ---- transaction -----------------------------------------------------------------
// Splunk documents: a transaction's _time is its earliest member's, its
// `duration` the difference between the first and last member's timestamps,
// `eventcount` the number of members; with mvlist=false (the default) a field
// with several values holds the distinct values, sorted; maxspan/maxpause/
// maxevents default to -1/-1/1000. Not settled by the docs:
// A row lacking one of the transaction's fields joins no transaction and is
// not returned (like stats dropping null by-fields, §3.1). Splunk's
// connected= rules for rows holding only some of several fields are not
// modelled: under this policy such rows never reach them.
inline constexpr bool kTransactionDropsRowsMissingField = true;
// maxspan/maxpause are inclusive: members exactly maxpause apart (or a span of
// exactly maxspan) stay in one transaction. The docs say the events "must
// span less than" maxspan; unverified against a live Splunk.
inline constexpr bool kTransactionLimitsInclusive = true;
// Input rows are re-sorted newest-first by _time before grouping (Splunk reads
// events in that order; after stats/tstats rows are in group order, where
// Splunk's own behaviour is undocumented). Output: one row per transaction,
// newest _time first, ties in the order the transactions closed.
inline constexpr bool kTransactionSortsInput = true;
// _raw of a transaction: the members' _raw in ascending time order, joined by
// a newline (Splunk shows the members' raw text one after another).
inline constexpr const char* kTransactionRawSeparator = "\n";

// ---- sparkline (stats/tstats) ------------------------------------------------
// Splunk documents: `sparkline` alone is sparkline(count); "if no timespan
// specifier is used, an appropriate timespan is chosen based on the time
// range of the search". The result is shown as a multivalue whose first value
// is the marker ##__SPARKLINE__## followed by one count per time bucket (the
// form Splunk's own result exports hold). Not documented, chosen here:
//  - the "time range of the search" of a finite run is the earliest to the
//    latest _time any group counted; every row's sparkline covers that range
//    (buckets without events count 0), so the rows line up;
//  - buckets are aligned to epoch multiples of the span (as `bin`, §3.6);
//  - the default span is the smallest of these that cuts the range into at
//    most kSparklineDefaultBins buckets. With bins=100 this reproduces the
//    documented timechart defaults (15 min -> 10 s, 60 min -> 1 min,
//    4 h -> 5 min, 24 h -> 30 min, 7 d / 30 d -> 1 d).
inline constexpr const char* kSparklineMarker = "##__SPARKLINE__##";
inline constexpr uint32_t kSparklineDefaultBins = 100;
inline constexpr int64_t kSparklineDefaultSpans[] = {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 86400, 2592000};
// Refuse to render more buckets than this (a 1s span over years of events):
// the row's sparkline is then null and an evaluation error is counted.
inline constexpr int64_t kSparklineMaxBuckets = 100000;

// ---- iplocation --------------------------------------------------------------
// Splunk documents the output fields City, Country, Region, lat, lon (and with
// allfields=true Continent, MetroCode, Timezone), prefixed by prefix=, from a
// MaxMind City database, names in lang= (default English). Not documented:
// an address the database does not hold (private ranges, text that is not an
// address) and a field the record lacks leave the output field null, not an
// empty string; a multivalue address field is looked up by its first value.
inline constexpr bool kIplocationMissIsNull = true;
inline constexpr const char* kIplocationDefaultLang = "en";

// ---- cyberchef (CyberChef for Splunk) ----------------------------------------
// The app writes the recipe's result to outfield=; when a search gives none,
// UNCERTAIN: the app's default output field name, taken to be "output".
inline constexpr const char* kCyberchefDefaultOutfield = "output";

// ---- addtotals ---------------------------------------------------------------
// The row total sums the listed (default: all) fields holding numbers. Not
// documented, chosen here (UNCERTAIN): a multivalue field is not numeric, and
// a result with no numeric field gets no total field (null), not 0.
inline constexpr bool kAddtotalsNoneIsNull = true;

// ---- extract (kv) ------------------------------------------------------------
// Documented defaults: limit=50 pairs, maxchars=10240 characters, mv_add
// false. clean_keys defaults to the transforms.conf CLEAN_KEYS setting, whose
// documented default is true.
inline constexpr int64_t kExtractDefaultLimit = 50;
inline constexpr int64_t kExtractDefaultMaxchars = 10240;
inline constexpr bool kExtractDefaultCleanKeys = true;

}  // namespace rulejit::rt::policy
