// mvcount, mvindex, mvjoin, mvappend, mvdedup, mvsort, mvfind, mvzip,
// mvrange (§2.4, §2.8; surprises §7.8, §7.9).
#include <string>

#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

TEST(Mvcount, NullIfAbsentNotZero) {
  EXPECT_EQ(call("mvcount", {kNull}), kNull);
  EXPECT_EQ(call("mvcount", {S("a")}), N(1));
  EXPECT_EQ(call("mvcount", {S("")}), N(1));
  EXPECT_EQ(call("mvcount", {N(5)}), N(1));
  EXPECT_EQ(call("mvcount", {M({"a", "b", "c"})}), N(3));
}

TEST(Mvindex, DocExampleZeroBasedInclusiveEnd) {
  EXPECT_EQ(call("mvindex", {M({"a", "b", "c"}), N(0), N(1)}), M({"a", "b"}));
}

TEST(Mvindex, NegativeIndexesAndRanges) {
  const Value abc = M({"a", "b", "c"});
  EXPECT_EQ(call("mvindex", {abc, N(0)}), S("a"));
  EXPECT_EQ(call("mvindex", {abc, N(2)}), S("c"));
  EXPECT_EQ(call("mvindex", {abc, N(-1)}), S("c"));
  EXPECT_EQ(call("mvindex", {abc, N(-3)}), S("a"));
  EXPECT_EQ(call("mvindex", {abc, N(1), N(-1)}), M({"b", "c"}));
  EXPECT_EQ(call("mvindex", {abc, N(1), N(1)}), S("b"));
  EXPECT_EQ(call("mvindex", {abc, N(1), N(10)}), M({"b", "c"}));  // end clamped
}

TEST(Mvindex, OutOfRangeIsNull) {
  const Value abc = M({"a", "b", "c"});
  EXPECT_EQ(call("mvindex", {abc, N(3)}), kNull);
  EXPECT_EQ(call("mvindex", {abc, N(-4)}), kNull);
  EXPECT_EQ(call("mvindex", {abc, N(2), N(1)}), kNull);
  EXPECT_EQ(call("mvindex", {kNull, N(0)}), kNull);
  EXPECT_EQ(call("mvindex", {abc, S("x")}), kNull);
}

TEST(Mvindex, SingleValues) {
  EXPECT_EQ(call("mvindex", {S("x"), N(0)}), S("x"));
  EXPECT_EQ(call("mvindex", {S("x"), N(-1)}), S("x"));
  EXPECT_EQ(call("mvindex", {S("x"), N(1)}), kNull);
  EXPECT_EQ(call("mvindex", {N(7), N(0)}), N(7));
}

TEST(Mvjoin, DocExample) { EXPECT_EQ(call("mvjoin", {M({"1", "2"}), S(";")}), S("1;2")); }

TEST(Mvjoin, SingleNullAndEmptyDelimiter) {
  EXPECT_EQ(call("mvjoin", {S("a"), S(",")}), S("a"));
  EXPECT_EQ(call("mvjoin", {N(3), S(",")}), S("3"));
  EXPECT_EQ(call("mvjoin", {kNull, S(",")}), kNull);
  EXPECT_EQ(call("mvjoin", {M({"a", "b"}), S("")}), S("ab"));
  EXPECT_EQ(call("mvjoin", {M({"a", "b"}), S(" <- ")}), S("a <- b"));
}

TEST(Mvappend, ConcatenatesAndSkipsNulls) {
  EXPECT_EQ(call("mvappend", {S("a"), M({"b", "c"}), N(4)}), M({"a", "b", "c", "4"}));
  EXPECT_EQ(call("mvappend", {kNull, S("a"), kNull}), S("a"));
  EXPECT_EQ(call("mvappend", {kNull, kNull}), kNull);
  EXPECT_EQ(call("mvappend", {S(""), S("")}), M({"", ""}));
}

TEST(Mvdedup, KeepsFirstOccurrenceOrder) {
  EXPECT_EQ(call("mvdedup", {M({"b", "a", "b", "c", "a"})}), M({"b", "a", "c"}));
  EXPECT_EQ(call("mvdedup", {M({"a", "a"})}), S("a"));
  EXPECT_EQ(call("mvdedup", {M({"a", "A"})}), M({"a", "A"}));
  EXPECT_EQ(call("mvdedup", {S("x")}), S("x"));
  EXPECT_EQ(call("mvdedup", {kNull}), kNull);
}

TEST(Mvsort, Lexicographic) {
  EXPECT_EQ(call("mvsort", {M({"b", "10", "2", "B", "a"})}), M({"10", "2", "B", "a", "b"}));
  EXPECT_EQ(call("mvsort", {kNull}), kNull);
  EXPECT_EQ(call("mvsort", {S("x")}), S("x"));
}

TEST(Mvfind, IndexOfFirstRegexMatchElseNull) {
  const Value v = M({"alice@x.com", "bob@y.org", "carol@z.org"});
  EXPECT_EQ(call("mvfind", {v, S("\\.org$")}), N(1));
  EXPECT_EQ(call("mvfind", {v, S("^alice")}), N(0));
  EXPECT_EQ(call("mvfind", {v, S("\\.net$")}), kNull);
  EXPECT_EQ(call("mvfind", {S("abc"), S("b")}), N(0));
  EXPECT_EQ(call("mvfind", {kNull, S("b")}), kNull);
  EXPECT_THROW(call("mvfind", {v, S("(")}), EvalError);
}

TEST(Mvzip, PairwiseDefaultComma) {
  EXPECT_EQ(call("mvzip", {M({"a", "b", "c"}), M({"1", "2"})}), M({"a,1", "b,2"}));
  EXPECT_EQ(call("mvzip", {M({"a", "b"}), M({"1", "2"}), S("=")}), M({"a=1", "b=2"}));
  EXPECT_EQ(call("mvzip", {S("a"), S("1")}), S("a,1"));
  EXPECT_EQ(call("mvzip", {kNull, S("1")}), kNull);
}

TEST(Mvrange, DocExample) {
  EXPECT_EQ(call("mvrange", {N(1), N(11), N(2)}), M({"1", "3", "5", "7", "9"}));
}

TEST(Mvrange, StepsAndEdges) {
  EXPECT_EQ(call("mvrange", {N(0), N(3)}), M({"0", "1", "2"}));
  EXPECT_EQ(call("mvrange", {N(5), N(1), N(-2)}), M({"5", "3"}));
  EXPECT_EQ(call("mvrange", {N(0), N(1), N(0.25)}), M({"0", "0.25", "0.5", "0.75"}));
  EXPECT_EQ(call("mvrange", {N(3), N(3)}), kNull);
  EXPECT_EQ(call("mvrange", {N(3), N(1)}), kNull);
  EXPECT_EQ(call("mvrange", {N(0), N(3), N(0)}), kNull);
  EXPECT_THROW(call("mvrange", {N(0), N(1), S("x")}), EvalError);
}

TEST(Mvrange, TimeSpanStep) {
  EXPECT_EQ(call("mvrange", {N(0), N(3 * 86400), S("1d")}), M({"0", "86400", "172800"}));
}

TEST(Mvrange, HugeRangeIsAnError) { EXPECT_THROW(call("mvrange", {N(0), N(1e12)}), EvalError); }

}  // namespace
}  // namespace rulejit::rt::testing
