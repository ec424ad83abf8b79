// Necessary literals of a regex (compiler/pack/regex_literals.h): what a
// match must contain, and the syntax that gives none.
#include "compiler/pack/regex_literals.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rulejit {
namespace {

std::vector<std::string> texts(std::string_view pattern) {
  auto l = regex_literals(pattern);
  if (!l) return {"<none>"};
  std::vector<std::string> out;
  for (const auto& x : *l) out.push_back((x.word_start ? "\\b" : "") + x.text + (x.word_end ? "\\b" : ""));
  std::sort(out.begin(), out.end());
  return out;
}

using V = std::vector<std::string>;

TEST(RegexLiterals, RunsAndTheLongestRequirement) {
  EXPECT_EQ(texts("abc"), V{"abc"});
  EXPECT_EQ(texts("ab.cdef"), V{"cdef"});
  EXPECT_EQ(texts("^/dev/(tcp|udp)/\\d+"), V{"/dev/"});
  EXPECT_EQ(texts("socket\\.socket\\(.*\\.connect\\("), V{"socket.socket("});
  // (?i) and other inline options add nothing (matching is caseless anyway).
  EXPECT_EQ(texts("(?i)mkfifo"), V{"mkfifo"});
  EXPECT_EQ(texts("a(?i)bc"), V{"abc"});
  EXPECT_EQ(texts("(?#note)xyz"), V{"xyz"});
}

TEST(RegexLiterals, AlternationNeedsEveryBranch) {
  EXPECT_EQ(texts("curl|wget"), (V{"curl", "wget"}));
  EXPECT_EQ(texts("(?:tcp|udp)x"), (V{"tcp", "udp"}));
  EXPECT_EQ(texts("curl|.*"), V{"<none>"});
  EXPECT_EQ(texts("(a|)bc"), V{"bc"});
  EXPECT_EQ(texts(""), V{"<none>"});
}

TEST(RegexLiterals, QuantifiersMakeAtomsOptionalOrRepeated) {
  EXPECT_EQ(texts("abcx?def"), V{"abc"});     // x may be absent: "abc" and "def" apart
  EXPECT_EQ(texts("abcx*"), V{"abc"});
  EXPECT_EQ(texts("abx+cd"), V{"abx"});       // x once at least, then maybe more
  EXPECT_EQ(texts("ab{2}cd"), V{"ab"});
  EXPECT_EQ(texts("(?:curl)?wget"), V{"wget"});
  EXPECT_EQ(texts("(?:curl)+"), V{"curl"});
  EXPECT_EQ(texts("x{0,3}"), V{"<none>"});
  EXPECT_EQ(texts("a*?bc"), V{"bc"});
}

TEST(RegexLiterals, WordBoundariesMarkTheEnds) {
  EXPECT_EQ(texts("\\b(nc|ncat)\\b"), (V{"\\bnc\\b", "\\bncat\\b"}));
  EXPECT_EQ(texts("\\bsocat\\b.*exec"), V{"\\bsocat\\b"});
  // \b next to a non-word byte means the other side is a word: no mark.
  EXPECT_EQ(texts("\\b-e\\b"), V{"-e\\b"});
  // A repeated group's last copy is not its first.
  EXPECT_EQ(texts("\\b(?:nc)+\\b"), V{"\\bnc"});
  // The reverse shell rule's regex.
  EXPECT_EQ(texts("(?i)(/dev/(tcp|udp)/[^/\\s]+/\\d+|\\b(nc|ncat|netcat)\\b[^|;]*\\s-[ec]\\s|\\bsocat\\b.*\\bexec:|"
                  "socket\\.socket\\(.*\\.connect\\(|fsockopen\\(|mkfifo\\s.*[|]\\s*(nc|ncat|netcat)\\b)"),
            (V{"/dev/", "\\bnc\\b", "\\bncat\\b", "\\bnetcat\\b", "\\bsocat\\b", "fsockopen(", "mkfifo",
               "socket.socket("}));
}

TEST(RegexLiterals, ClassesEscapesAndUnsafeBytesEndRuns) {
  EXPECT_EQ(texts("ab[cd]ef"), V{"ab"});
  EXPECT_EQ(texts("[]x]yz"), V{"yz"});
  EXPECT_EQ(texts("[[:alpha:]]+bc"), V{"bc"});
  EXPECT_EQ(texts("ab\\x41cd"), V{"ab"});
  EXPECT_EQ(texts("ab\\p{L}cde"), V{"cde"});
  EXPECT_EQ(texts("ab\"cde"), V{"cde"});   // a quote is escaped in JSON
  EXPECT_EQ(texts("a\\*bcd"), V{"bcd"});   // '*' is a wildcard to the glob code
  EXPECT_EQ(texts("ab\\\\cde"), V{"cde"});
  EXPECT_EQ(texts("abé\\.cd"), V{".cd"});
}

TEST(RegexLiterals, UnmodelledSyntaxGivesNone) {
  for (const char* p : {"(a)\\1bc", "(?x) a b c", "\\Qabc\\E", "(?(1)ab|cd)", "(*UTF)abc", "(?R)abc", "ab{x",
                        "(?P=n)abc", "abc)", "(abc", "[abc", "\\k<n>abc", "\\N{U+41}ab"})
    EXPECT_EQ(texts(p), V{"<none>"}) << p;
  // Lookarounds are zero-width: they give nothing, the rest still does.
  EXPECT_EQ(texts("(?=abc)defg"), V{"defg"});
  EXPECT_EQ(texts("(?<!x)defg"), V{"defg"});
  EXPECT_EQ(texts("(?<n>abc)d"), V{"abc"});
}

TEST(RegexLiterals, UnicodeCaseAlternatives) {
  EXPECT_EQ(unicode_case_alternatives({"abc"}), V{});
  EXPECT_EQ(unicode_case_alternatives({"kill"}), V{"\xE2\x84\xAA"});
  EXPECT_EQ(unicode_case_alternatives({"xy", "SOCAT", "k"}), (V{"\xE2\x84\xAA", "\xC5\xBF"}));
}

}  // namespace
}  // namespace rulejit
