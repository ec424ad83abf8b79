// _replace_values (the replace command's value matching).
#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

Value rep(Value v, std::vector<const char*> pairs) {
  std::vector<Value> a{std::move(v)};
  for (const char* p : pairs) a.push_back(S(p));
  return call("_replace_values", a);
}

TEST(ReplaceValues, CapturesMoveIntoTheReplacement) {
  EXPECT_EQ(rep(S("web localhost"), {"* localhost", "localhost *"}), S("localhost web"));
  EXPECT_EQ(rep(S("a-b-c"), {"*-*", "*+*"}), S("a+b-c"));  // the first '*' takes the shortest run
  EXPECT_EQ(rep(S("aXbXc"), {"*X*X*", "***"}), S("abc"));
  EXPECT_EQ(rep(S("abc"), {"a*", "z"}), S("z"));
  EXPECT_EQ(rep(S("abc"), {"*d", "z"}), S("abc"));
  EXPECT_EQ(rep(S(std::string(5000, 'a')), {"*a*a*b", "x"}), S(std::string(5000, 'a')));  // no blow-up
}

TEST(ReplaceValues, PrecedenceAndTypes) {
  EXPECT_EQ(rep(S("0"), {"0*", "w", "0", "exact", "*", "any"}), S("exact"));
  EXPECT_EQ(rep(S("05"), {"*", "any", "0*", "fuller"}), S("fuller"));
  EXPECT_EQ(rep(S("x"), {"x", "one", "x", "two"}), S("two"));  // later exact wins
  EXPECT_EQ(rep(S("Aug"), {"aug", "August"}), S("Aug"));      // case-sensitive
  EXPECT_EQ(rep(N(7), {"8", "eight"}), N(7));                 // untouched: still a number
  EXPECT_EQ(rep(N(7), {"7", "seven"}), S("seven"));
  EXPECT_EQ(rep(kNull, {"*", "x"}), kNull);
  EXPECT_EQ(rep(M({"a", "b"}), {"a", "z"}), M({"z", "b"}));
}

}  // namespace
}  // namespace rulejit::rt::testing
