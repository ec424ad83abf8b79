// eq_ci, GlobPattern (search wildcards, §1.2-1.3, §1.5, §1.9) and
// LikePattern (§2.7).
#include <string>

#include "fn_test_util.h"
#include "runtime/functions/matchers.h"

namespace rulejit::rt::testing {
namespace {

bool glob(const char* pattern, const std::string& s) { return GlobPattern(pattern).match(s); }

TEST(EqCi, AsciiCaseFolding) {
  EXPECT_TRUE(eq_ci("cmd.exe", "CMD.EXE"));
  EXPECT_FALSE(eq_ci("cmd.exe", "xcmd.exe"));
  EXPECT_TRUE(eq_ci("", ""));
  EXPECT_FALSE(eq_ci("a", ""));
  EXPECT_FALSE(eq_ci("é", "É"));  // non-ASCII compares exactly
  EXPECT_FALSE(eq_ci("[", "{"));  // only letters fold
  EXPECT_FALSE(eq_ci("@", "`"));
}

TEST(Glob, DocWholeValueCaseInsensitive) {
  // §1.2: process_name=cmd.exe matches CMD.EXE, not xcmd.exe.
  EXPECT_TRUE(glob("cmd.exe", "CMD.EXE"));
  EXPECT_FALSE(glob("cmd.exe", "xcmd.exe"));
}

TEST(Glob, DocWildcardExamples) {
  // §1.3
  EXPECT_TRUE(glob("*\\mshta.exe", "C:\\Windows\\System32\\MSHTA.EXE"));
  EXPECT_TRUE(glob("*-enc*", "powershell -enc AAA"));
  EXPECT_FALSE(glob("-enc", "powershell -enc AAA"));
  EXPECT_TRUE(glob("*-decompile*", "hh.exe -decompile x.chm"));
  EXPECT_TRUE(glob("10.9.165.*", "10.9.165.12"));
  EXPECT_FALSE(glob("10.9.165.*", "10.9.166.12"));
  EXPECT_TRUE(glob("adm*n", "administrator-admin"));
  EXPECT_TRUE(glob("adm*n", "ADMIN"));
  EXPECT_FALSE(glob("adm*n", "admins"));
  EXPECT_TRUE(glob("access_*", "access_combined"));
  // §1.5: status IN (4*, 500) on 404; §1.9: tag=rep* on "report".
  EXPECT_TRUE(glob("4*", "404"));
  EXPECT_TRUE(glob("rep*", "report"));
  EXPECT_TRUE(glob("*.ps1", "Invoke.PS1"));
}

TEST(Glob, QuestionMarkAndBackslashAreLiteral) {
  EXPECT_FALSE(glob("a?c", "abc"));
  EXPECT_TRUE(glob("a?c", "a?c"));
  // "\*" is a backslash followed by a wildcard (§1.3): no escaping.
  EXPECT_TRUE(glob("a\\*", "a\\anything"));
  EXPECT_FALSE(glob("a\\*", "a*"));
  EXPECT_TRUE(glob("\\\\*\\SYSVOL", "\\\\dc01\\sysvol"));
}

TEST(Glob, Classification) {
  EXPECT_EQ(GlobPattern("abc").kind(), GlobPattern::Kind::kExact);
  EXPECT_EQ(GlobPattern("").kind(), GlobPattern::Kind::kExact);
  EXPECT_EQ(GlobPattern("abc*").kind(), GlobPattern::Kind::kPrefix);
  EXPECT_EQ(GlobPattern("*abc").kind(), GlobPattern::Kind::kSuffix);
  EXPECT_EQ(GlobPattern("*abc*").kind(), GlobPattern::Kind::kContains);
  EXPECT_EQ(GlobPattern("**abc**").kind(), GlobPattern::Kind::kContains);
  EXPECT_EQ(GlobPattern("*").kind(), GlobPattern::Kind::kAny);
  EXPECT_EQ(GlobPattern("**").kind(), GlobPattern::Kind::kAny);
  EXPECT_EQ(GlobPattern("a*b").kind(), GlobPattern::Kind::kGeneral);
  EXPECT_EQ(GlobPattern("*a*b*").kind(), GlobPattern::Kind::kGeneral);
  EXPECT_EQ(GlobPattern("ABC*").literal(), "abc");  // folded
  EXPECT_EQ(GlobPattern("ABC*", true).literal(), "ABC");
}

TEST(Glob, EveryShapeMatchesCorrectly) {
  EXPECT_TRUE(glob("", ""));
  EXPECT_FALSE(glob("", "a"));
  EXPECT_TRUE(glob("*", ""));  // field=* on "" (policy: empty counts as present)
  EXPECT_TRUE(glob("*", "anything"));
  EXPECT_TRUE(glob("ab*", "ab"));
  EXPECT_FALSE(glob("ab*", "a"));
  EXPECT_TRUE(glob("*ab", "ab"));
  EXPECT_FALSE(glob("*ab", "b"));
  EXPECT_TRUE(glob("*ab*", "xxABxx"));
  EXPECT_FALSE(glob("*ab*", "a-b"));
  EXPECT_TRUE(glob("a*a", "aa"));
  EXPECT_FALSE(glob("a*a", "a"));  // prefix and suffix may not overlap
  EXPECT_TRUE(glob("a*b*c", "abc"));
  EXPECT_TRUE(glob("a*b*c", "a-b-b-c"));
  EXPECT_FALSE(glob("a*b*c", "a-c-b"));
  EXPECT_TRUE(glob("*a*b*", "xxaxxbxx"));
  EXPECT_FALSE(glob("*a*b*", "xxbxxaxx"));
  EXPECT_TRUE(glob("*aab", "aaab"));  // suffix after a partial false start
  EXPECT_TRUE(glob("*x*aab", "xaaab"));
  EXPECT_TRUE(glob("*ps aux*", "sh -c ps aux | grep x"));
}

TEST(Glob, CaseSensitiveModeForCASE) {
  GlobPattern g("LOCAL*", true);
  EXPECT_TRUE(g.match("LOCALHOST"));
  EXPECT_FALSE(g.match("localhost"));
  GlobPattern c("*Sys*", true);
  EXPECT_TRUE(c.match("xSysx"));
  EXPECT_FALSE(c.match("xsysx"));
}

TEST(Glob, BinaryAndHugeInputs) {
  std::string s(1 << 20, 'a');
  s += std::string("\0needle", 7);
  EXPECT_TRUE(GlobPattern(std::string_view("*\0NEEDLE", 8)).match(s));
  EXPECT_TRUE(glob("a*a*a*needle", s.substr(0, 1 << 20) + "needle"));
  EXPECT_FALSE(glob("*b*", s));
  EXPECT_TRUE(glob_match_ci("*ED*", "need"));
}

TEST(FindCi, Basics) {
  EXPECT_EQ(find_ci("Hello World", "WORLD"), 6u);
  EXPECT_EQ(find_ci("abc", ""), 0u);
  EXPECT_EQ(find_ci("abc", "abcd"), std::string_view::npos);
  EXPECT_EQ(find_ci("a.b.c", ".C"), 3u);
  EXPECT_EQ(fold_ascii("AbC-É"), "abc-É");
}

TEST(LikePattern, Shapes) {
  EXPECT_TRUE(like_match("a%", "abc"));
  EXPECT_TRUE(like_match("%c", "abc"));
  EXPECT_TRUE(like_match("%b%", "abc"));
  EXPECT_TRUE(like_match("a%c", "abc"));
  EXPECT_TRUE(like_match("a%c", "ac"));
  EXPECT_FALSE(like_match("a%c", "ab"));
  EXPECT_TRUE(like_match("%%", ""));
  EXPECT_TRUE(like_match("_", "é"));
  EXPECT_FALSE(like_match("_", ""));
  EXPECT_FALSE(like_match("_", "ab"));
  EXPECT_TRUE(like_match("%_%_%", "ab"));
  EXPECT_FALSE(like_match("%_%_%", "a"));
  EXPECT_TRUE(like_match("a_c%", "abcdef"));
  EXPECT_TRUE(like_match("%b_d%", "abcde"));
  EXPECT_TRUE(like_match("%b_d", "abxbcd"));  // last segment tried at every start
  EXPECT_TRUE(like_match("%a_", "aaa"));
  EXPECT_FALSE(like_match("%a_", "aab."));
  EXPECT_TRUE(like_match("x%y%z", "x-y-y-z"));
}

TEST(LikePattern, CaseInsensitiveOption) {
  EXPECT_FALSE(like_match("ABC", "abc"));
  EXPECT_TRUE(like_match("A_C%", "abcd", false));
}

}  // namespace
}  // namespace rulejit::rt::testing
