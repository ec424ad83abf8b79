// _cyberchef (the cyberchef command's operations).
#include "fn_test_util.h"
#include "runtime/functions/cyberchef.h"

namespace rulejit::rt::testing {
namespace {

Value chef(const char* text, const char* op, const char* arg = "") {
  return call("_cyberchef", {S(text), S(op), S(arg)});
}

TEST(Cyberchef, FromPunycodeRfc3492) {
  // RFC 3492 sample 7.1 (L): "3B-ww4c5e180e575a65lsy2b" -> 3<nen>B<gumi>...
  EXPECT_EQ(chef("3B-ww4c5e180e575a65lsy2b", "from punycode"), S("3年B組金八先生"));
  EXPECT_EQ(chef("bcher-kva", "from punycode"), S("bücher"));
  // Domain mode: only xn-- labels are decoded, the others kept.
  EXPECT_EQ(chef("www.XN--bcher-kva.example", "from punycode", "true"), S("www.bücher.example"));
  // Raw mode decodes the whole text: "xn--bcher" is its basic part.
  EXPECT_EQ(chef("xn--bcher-kva", "from punycode", "false"), S("xn--bÊcher"));
  EXPECT_EQ(chef("xn--b!", "from punycode", "true"), kNull);
}

TEST(Cyberchef, Base64AndUrlDecode) {
  EXPECT_EQ(chef("hi!", "to base64"), S("aGkh"));
  EXPECT_EQ(chef("hi", "to base64"), S("aGk="));
  EXPECT_EQ(chef("h", "to base64"), S("aA=="));
  EXPECT_EQ(chef("aG k\nh", "from base64"), S("hi!"));  // non-alphabet characters skipped
  EXPECT_EQ(chef("aA==", "from base64"), S("h"));
  EXPECT_EQ(chef("a%20b", "url decode"), S("a b"));
  EXPECT_EQ(call("_cyberchef", {kNull, S("to base64"), S("")}), kNull);
}

TEST(Cyberchef, OperationListMatchesImplementation) {
  for (auto op : cyberchef_operations()) EXPECT_NO_THROW(chef("x", std::string(op).c_str()));
  EXPECT_THROW(chef("x", "rot13"), EvalError);
}

}  // namespace
}  // namespace rulejit::rt::testing
