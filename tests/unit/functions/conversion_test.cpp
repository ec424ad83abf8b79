// tostring, tonumber, typeof, isnum, isint, isstr, isbool (§2.3, §2.8).
#include "fn_test_util.h"

namespace rulejit::rt::testing {
namespace {

TEST(Tostring, DocExampleHex) { EXPECT_EQ(call("tostring", {N(15), S("hex")}), S("0xF")); }

TEST(Tostring, PlainNumbersUseSplunkFormatting) {
  EXPECT_EQ(call("tostring", {N(12)}), S("12"));
  EXPECT_EQ(call("tostring", {N(2.5)}), S("2.5"));
  EXPECT_EQ(call("tostring", {N(0.1)}), S("0.1"));
  EXPECT_EQ(call("tostring", {N(-0.0)}), S("0"));
  EXPECT_EQ(call("tostring", {S("abc")}), S("abc"));
  EXPECT_EQ(call("tostring", {kNull}), kNull);
}

TEST(Tostring, BooleansAreTrueFalseCapitalised) {
  EXPECT_EQ(call("tostring", {B(true)}), S("True"));
  EXPECT_EQ(call("tostring", {B(false)}), S("False"));
}

TEST(Tostring, Formats) {
  EXPECT_EQ(call("tostring", {N(255), S("hex")}), S("0xFF"));
  EXPECT_EQ(call("tostring", {N(0), S("hex")}), S("0x0"));
  EXPECT_EQ(call("tostring", {S("164"), S("hex")}), S("0xA4"));  // numeric field text
  EXPECT_EQ(call("tostring", {N(5), S("binary")}), S("101"));
  EXPECT_EQ(call("tostring", {N(1234567.891), S("commas")}), S("1,234,567.89"));
  EXPECT_EQ(call("tostring", {N(1234567), S("commas")}), S("1,234,567"));
  EXPECT_EQ(call("tostring", {N(999), S("commas")}), S("999"));
  EXPECT_EQ(call("tostring", {N(-1234.5), S("commas")}), S("-1,234.50"));
  EXPECT_EQ(call("tostring", {N(615), S("duration")}), S("00:10:15"));
  EXPECT_EQ(call("tostring", {N(86400 + 3661), S("duration")}), S("1+01:01:01"));
  EXPECT_EQ(call("tostring", {N(59.9), S("duration")}), S("00:00:59"));
  EXPECT_EQ(call("tostring", {S("abc"), S("hex")}), S("abc"));  // non-numeric text unchanged
  EXPECT_EQ(call("tostring", {N(1e19), S("duration")}), S(format_number(1e19)));  // no overflow
  EXPECT_EQ(call("tostring", {N(1e30), S("hex")}), S(format_number(1e30)));
  EXPECT_EQ(call("tostring", {N(-255), S("hex")}), S("-0xFF"));
  EXPECT_THROW(call("tostring", {N(1), S("octal")}), EvalError);
}

TEST(Tonumber, DocExampleBase16) { EXPECT_EQ(call("tonumber", {S("0A4"), N(16)}), N(164)); }

TEST(Tonumber, Base10) {
  EXPECT_EQ(call("tonumber", {S("12")}), N(12));
  EXPECT_EQ(call("tonumber", {S(" 1.5 ")}), N(1.5));
  EXPECT_EQ(call("tonumber", {S("-3")}), N(-3));
  EXPECT_EQ(call("tonumber", {S("1e3")}), N(1000));
  EXPECT_EQ(call("tonumber", {N(7)}), N(7));
  EXPECT_EQ(call("tonumber", {S("seven")}), kNull);
  EXPECT_EQ(call("tonumber", {S("")}), kNull);
  EXPECT_EQ(call("tonumber", {S("12abc")}), kNull);
  EXPECT_EQ(call("tonumber", {S("nan")}), kNull);
  EXPECT_EQ(call("tonumber", {kNull}), kNull);
}

TEST(Tonumber, OtherBases) {
  EXPECT_EQ(call("tonumber", {S("1010"), N(2)}), N(10));
  EXPECT_EQ(call("tonumber", {S("0x1F"), N(16)}), N(31));
  EXPECT_EQ(call("tonumber", {S("ff"), N(16)}), N(255));
  EXPECT_EQ(call("tonumber", {S("zz"), N(36)}), N(1295));
  EXPECT_EQ(call("tonumber", {S("-777"), N(8)}), N(-511));
  EXPECT_EQ(call("tonumber", {S("12"), N(2)}), kNull);
  EXPECT_EQ(call("tonumber", {S("1.5"), N(16)}), kNull);
  EXPECT_THROW(call("tonumber", {S("1"), N(1)}), EvalError);
  EXPECT_THROW(call("tonumber", {S("1"), N(37)}), EvalError);
}

TEST(Typeof, DocTypeNames) {
  EXPECT_EQ(call("typeof", {N(1)}), S("Number"));
  EXPECT_EQ(call("typeof", {S("abc")}), S("String"));
  EXPECT_EQ(call("typeof", {B(true)}), S("Bool"));
  EXPECT_EQ(call("typeof", {kNull}), S("Invalid"));
}

TEST(Typeof, NumericFieldTextIsANumber) {
  EXPECT_EQ(call("typeof", {S("12")}), S("Number"));
  EXPECT_EQ(call("typeof", {M({"12", "x"})}), S("Number"));  // policy::kTypeofMultivalueIsFirstValue
  EXPECT_EQ(call("typeof", {M({"x", "12"})}), S("String"));
}

TEST(TypeTests, IsnumIsintIsstrIsbool) {
  EXPECT_EQ(call("isnum", {N(1.5)}), B(true));
  EXPECT_EQ(call("isnum", {S("12")}), B(true));
  EXPECT_EQ(call("isnum", {S("x")}), B(false));
  EXPECT_EQ(call("isnum", {kNull}), B(false));
  EXPECT_EQ(call("isint", {N(3)}), B(true));
  EXPECT_EQ(call("isint", {S("3")}), B(true));
  EXPECT_EQ(call("isint", {N(3.5)}), B(false));
  EXPECT_EQ(call("isint", {kNull}), B(false));
  EXPECT_EQ(call("isstr", {S("x")}), B(true));
  EXPECT_EQ(call("isstr", {S("12")}), B(false));
  EXPECT_EQ(call("isstr", {N(1)}), B(false));
  EXPECT_EQ(call("isstr", {kNull}), B(false));
  EXPECT_EQ(call("isbool", {B(false)}), B(true));
  EXPECT_EQ(call("isbool", {S("true")}), B(false));
}

}  // namespace
}  // namespace rulejit::rt::testing
