// The extern "C" wrappers JIT code calls (c_api.h).
#include <cstring>
#include <string>

#include "fn_test_util.h"
#include "runtime/functions/c_api.h"

namespace rulejit::rt::testing {
namespace {

TEST(CApi, EqCi) {
  EXPECT_EQ(rj_eq_ci("Cmd.Exe", 7, "cmd.exe", 7), 1);
  EXPECT_EQ(rj_eq_ci("a", 1, "b", 1), 0);
  EXPECT_EQ(rj_eq_ci(nullptr, 0, "", 0), 1);
}

TEST(CApi, Glob) {
  rj_glob* g = rj_glob_new("*\\mshta.exe", 11, 0);
  ASSERT_NE(g, nullptr);
  const char* s = "C:\\Windows\\MSHTA.EXE";
  EXPECT_EQ(rj_glob_match(g, s, std::strlen(s)), 1);
  EXPECT_EQ(rj_glob_match(g, "x", 1), 0);
  EXPECT_EQ(rj_glob_match(nullptr, "x", 1), 0);
  rj_glob_free(g);
  rj_glob* cs = rj_glob_new("A*", 2, 1);
  EXPECT_EQ(rj_glob_match(cs, "abc", 3), 0);
  rj_glob_free(cs);
  EXPECT_EQ(rj_glob_match_ci("*ENC*", 5, "ps -enc x", 9), 1);
}

TEST(CApi, Like) {
  rj_like* l = rj_like_new("%_x%", 4);
  EXPECT_EQ(rj_like_match(l, "ax", 2), 1);
  EXPECT_EQ(rj_like_match(l, "x", 1), 0);
  rj_like_free(l);
}

TEST(CApi, Regex) {
  char err[128];
  EXPECT_EQ(rj_regex_new("(", 1, err, sizeof err), nullptr);
  EXPECT_NE(std::string(err).find("missing closing parenthesis"), std::string::npos);
  char tiny[4];
  EXPECT_EQ(rj_regex_new("(", 1, tiny, sizeof tiny), nullptr);
  EXPECT_EQ(std::strlen(tiny), 3u);
  rj_regex* r = rj_regex_new("^(a+)+$", 7, nullptr, 0);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(rj_regex_match(r, "aaa", 3), 1);
  EXPECT_EQ(rj_regex_match(r, "aab", 3), 0);
  std::string evil(64, 'a');
  evil += "\xC3\xA9";  // not ASCII: PCRE2 runs (an ASCII subject is ruled out by the prefilter, policy.h)
  EXPECT_EQ(rj_regex_match(r, evil.data(), evil.size()), -1);
  rj_regex_free(r);
}

TEST(CApi, Cidr) {
  EXPECT_EQ(rj_cidr_new("bogus", 5), nullptr);
  rj_cidr* c = rj_cidr_new("10.0.0.0/8", 10);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(rj_cidr_match(c, "10.1.2.3", 8), 1);
  EXPECT_EQ(rj_cidr_match(c, "11.1.2.3", 8), 0);
  EXPECT_EQ(rj_cidr_match(c, "not an ip", 9), 0);
  rj_cidr_free(c);
}

}  // namespace
}  // namespace rulejit::rt::testing
