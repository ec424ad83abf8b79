// isnull, isnotnull, coalesce, nullif, like, match, in (§2.3, §2.4, §2.6-2.8).
#include <string>

#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

TEST(Nulls, IsnullIsnotnull) {
  // §2.3: {} -> where isnull(user) keeps the row.
  EXPECT_EQ(call("isnull", {kNull}), B(true));
  EXPECT_EQ(call("isnull", {S("")}), B(false));  // "" is a value
  EXPECT_EQ(call("isnotnull", {S("")}), B(true));
  EXPECT_EQ(call("isnotnull", {kNull}), B(false));
  EXPECT_EQ(call("isnotnull", {M({"a", "b"})}), B(true));
}

TEST(Coalesce, DocExample) { EXPECT_EQ(call("coalesce", {kNull, S("x")}), S("x")); }

TEST(Coalesce, FirstNonNullKeepsItsKind) {
  EXPECT_EQ(call("coalesce", {kNull, kNull}), kNull);
  EXPECT_EQ(call("coalesce", {S(""), S("x")}), S(""));
  EXPECT_EQ(call("coalesce", {kNull, N(3), S("x")}), N(3));
  EXPECT_EQ(call("coalesce", {M({"a", "b"}), S("x")}), M({"a", "b"}));
}

TEST(Nullif, NullWhenEqual) {
  EXPECT_EQ(call("nullif", {S("a"), S("a")}), kNull);
  EXPECT_EQ(call("nullif", {S("a"), S("b")}), S("a"));
  EXPECT_EQ(call("nullif", {S("A"), S("a")}), S("A"));  // case-sensitive
  EXPECT_EQ(call("nullif", {S("1.0"), N(1)}), kNull);  // both numeric
  EXPECT_EQ(call("nullif", {kNull, S("a")}), kNull);
  EXPECT_EQ(call("nullif", {S("a"), kNull}), S("a"));
}

TEST(Like, DocExamples) {
  EXPECT_EQ(call("like", {S("abc"), S("a%")}), B(true));
  // §2.3: {"process":"powershell -enc AAA"}: where like(process,"%-enc%") kept.
  EXPECT_EQ(call("like", {S("powershell -enc AAA"), S("%-enc%")}), B(true));
}

TEST(Like, UnderscoreIsASingleCharacterWildcard) {
  // SURPRISE §2.7: like(f,"%_x%") matches any x not at position 1.
  EXPECT_EQ(call("like", {S("ax"), S("%_x%")}), B(true));
  EXPECT_EQ(call("like", {S("x"), S("%_x%")}), B(false));
  EXPECT_EQ(call("like", {S("abc"), S("a_c")}), B(true));
  EXPECT_EQ(call("like", {S("aéc"), S("a_c")}), B(true));  // one code point
  EXPECT_EQ(call("like", {S("abbc"), S("a_c")}), B(false));
}

TEST(Like, WholeStringCaseSensitiveNoEscape) {
  EXPECT_EQ(call("like", {S("xabc"), S("abc")}), B(false));
  EXPECT_EQ(call("like", {S("ABC"), S("abc")}), B(false));  // policy::kLikeCaseSensitive
  EXPECT_EQ(call("like", {S("a\\bc"), S("a\\%")}), B(true));  // policy::kLikeHasEscape == false
  EXPECT_EQ(call("like", {S("a%"), S("a\\%")}), B(false));
  EXPECT_EQ(call("like", {S(""), S("%")}), B(true));
  EXPECT_EQ(call("like", {S(""), S("")}), B(true));
  EXPECT_EQ(call("like", {S("a"), S("")}), B(false));
}

TEST(Like, SecurityContentPatterns) {
  // where LIKE(process_exec, "%dd %") AND LIKE(process_exec, "% of=%")
  const Value cmd = S("dd if=/dev/zero of=/dev/sda bs=1M");
  EXPECT_EQ(call("like", {cmd, S("%dd %")}), B(true));
  EXPECT_EQ(call("like", {cmd, S("% of=%")}), B(true));
  EXPECT_EQ(call("like", {S("ddrescue"), S("%dd %")}), B(false));
}

TEST(Like, NullAndMultivalue) {
  EXPECT_EQ(call("like", {kNull, S("%")}), kNull);  // policy::kPredicateOnNullIsNull
  EXPECT_EQ(call("like", {M({"x", "abc"}), S("a%")}), B(true));  // policy::kPredicateOnMultivalueIsAny
  EXPECT_EQ(call("like", {M({"x", "y"}), S("a%")}), B(false));
  EXPECT_EQ(call("like", {N(123), S("1%")}), B(true));
}

TEST(Match, DocExamples) {
  EXPECT_EQ(call("match", {S("abc"), S("b")}), B(true));  // unanchored
  EXPECT_EQ(call("match", {S("powershell -enc AAA"), S("(?i)\\s-e(nc)?\\s")}), B(true));
  EXPECT_EQ(call("match", {S("abc"), S("^b")}), B(false));
}

TEST(Match, GlobLookingPatternsAreRegexes) {
  // §2.6 SURPRISE: "Paired*" is a regex where * quantifies d.
  EXPECT_EQ(call("match", {S("Pair"), S("Paired*")}), B(false));
  EXPECT_EQ(call("match", {S("Paire"), S("Paired*")}), B(true));
}

TEST(Match, EscapingLayers) {
  // "\." reaches PCRE as \. (literal dot); "\\\\" as \\ (one backslash).
  EXPECT_EQ(call("match", {S("a.b"), S("a\\.b")}), B(true));
  EXPECT_EQ(call("match", {S("axb"), S("a\\.b")}), B(false));
  EXPECT_EQ(call("match", {S("c:\\temp"), S("c:\\\\temp")}), B(true));
  // \x{202E} is the RLO code point (UTF mode).
  EXPECT_EQ(call("match", {S("evil\xE2\x80\xAEgpj.exe"), S("\\x{202E}")}), B(true));
}

TEST(Match, CaseSensitiveUnlessFlagged) {
  EXPECT_EQ(call("match", {S("CMD.EXE"), S("cmd")}), B(false));
  EXPECT_EQ(call("match", {S("CMD.EXE"), S("(?i)cmd")}), B(true));
}

TEST(Match, NullMultivalueAndErrors) {
  EXPECT_EQ(call("match", {kNull, S("a")}), kNull);
  EXPECT_EQ(call("match", {M({"x", "ya"}), S("a$")}), B(true));
  EXPECT_EQ(call("match", {M({"x", "y"}), S("a$")}), B(false));
  EXPECT_THROW(call("match", {S("a"), S("[")}), EvalError);
  EXPECT_EQ(call("match", {N(404), S("^4\\d\\d$")}), B(true));
}

TEST(Match, CatastrophicPatternIsStoppedByTheMatchLimit) {
  std::string subject(40, 'a');
  subject += "\xC3\xA9";  // not ASCII: PCRE2 runs (an ASCII subject is ruled out by the prefilter, policy.h)
  EXPECT_THROW(call("match", {S(subject), S("^(a+)+$")}), EvalError);
}

TEST(In, ExactCaseSensitiveNoWildcards) {
  EXPECT_EQ(call("in", {S("404"), S("404"), S("500")}), B(true));
  EXPECT_EQ(call("in", {S("403"), S("404"), S("500")}), B(false));
  EXPECT_EQ(call("in", {S("CMD.exe"), S("cmd.exe")}), B(false));
  EXPECT_EQ(call("in", {S("foo"), S("f*")}), B(false));
  EXPECT_EQ(call("in", {S("10.1.2.3"), S("10.0.0.0/8")}), B(false));
  EXPECT_EQ(call("in", {N(404), S("404")}), B(true));
  EXPECT_EQ(call("in", {S("b"), M({"a", "b"})}), B(true));
  EXPECT_EQ(call("in", {M({"x", "500"}), S("404"), S("500")}), B(true));
  EXPECT_EQ(call("in", {kNull, S("a")}), kNull);
  EXPECT_EQ(call("in", {S("a"), kNull}), B(false));
}

}  // namespace
}  // namespace rulejit::rt::testing
