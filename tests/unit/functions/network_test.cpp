// cidrmatch and the CIDR/IP parsers (§1.7, §2.8).
#include "fn_test_util.h"
#include "runtime/functions/network.h"

namespace rulejit::rt::testing {
namespace {

TEST(Cidrmatch, DocExample) { EXPECT_EQ(call("cidrmatch", {S("10.0.0.0/8"), S("10.1.2.3")}), B(true)); }

TEST(Cidrmatch, SearchSectionExamples) {
  // §1.7: dest_ip=10.0.0.0/8 on 10.1.2.3; 10.10.10.0/24 on 10.10.10.23.
  EXPECT_TRUE(cidr_match("10.0.0.0/8", "10.1.2.3"));
  EXPECT_TRUE(cidr_match("10.10.10.0/24", "10.10.10.23"));
  EXPECT_FALSE(cidr_match("192.168.0.0/16", "10.1.2.3"));
}

TEST(Cidrmatch, Ipv4Boundaries) {
  EXPECT_TRUE(cidr_match("192.168.1.0/24", "192.168.1.255"));
  EXPECT_FALSE(cidr_match("192.168.1.0/24", "192.168.2.0"));
  EXPECT_TRUE(cidr_match("0.0.0.0/0", "8.8.8.8"));
  EXPECT_TRUE(cidr_match("8.8.8.8/32", "8.8.8.8"));
  EXPECT_FALSE(cidr_match("8.8.8.8/32", "8.8.8.9"));
  EXPECT_TRUE(cidr_match("8.8.8.8", "8.8.8.8"));  // bare address = host route
  EXPECT_TRUE(cidr_match("10.1.2.3/8", "10.200.0.1"));  // host bits ignored
  EXPECT_TRUE(cidr_match(" 10.0.0.0/8 ", " 10.0.0.1 "));
  EXPECT_TRUE(cidr_match("169.254.169.254/32", "169.254.169.254"));
}

TEST(Cidrmatch, Ipv6) {
  EXPECT_TRUE(cidr_match("2001:db8::/32", "2001:db8:1234::1"));
  EXPECT_FALSE(cidr_match("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(cidr_match("::1/128", "::1"));
  EXPECT_TRUE(cidr_match("fe80::/10", "fe80::1%eth0"));
  EXPECT_TRUE(cidr_match("fd00::/8", "FD12:3456:789A:1::1"));
  EXPECT_TRUE(cidr_match("2001:db8::/127", "2001:db8::1"));
  EXPECT_FALSE(cidr_match("2001:db8::/128", "2001:db8::1"));
  EXPECT_TRUE(cidr_match("::/0", "1:2:3:4:5:6:7:8"));
}

TEST(Cidrmatch, V4MappedAddressesMatchV4Subnets) {
  // policy::kCidrV4MappedMatchesV4
  EXPECT_TRUE(cidr_match("10.0.0.0/8", "::ffff:10.1.2.3"));
  EXPECT_TRUE(cidr_match("::ffff:10.0.0.0/104", "10.1.2.3"));
  EXPECT_FALSE(cidr_match("10.0.0.0/8", "::10.1.2.3"));
  EXPECT_FALSE(cidr_match("10.0.0.0/8", "2001:db8::1"));
}

TEST(Cidrmatch, InvalidInputsAreFalseNotErrors) {
  EXPECT_EQ(call("cidrmatch", {S("not-a-cidr"), S("10.1.2.3")}), B(false));
  EXPECT_EQ(call("cidrmatch", {S("10.0.0.0/8"), S("host.example.com")}), B(false));
  EXPECT_EQ(call("cidrmatch", {S("10.0.0.0/33"), S("10.1.2.3")}), B(false));
  EXPECT_EQ(call("cidrmatch", {S("10.0.0.0/8"), S("")}), B(false));
  EXPECT_EQ(call("cidrmatch", {S("10.0.0.0/8"), kNull}), kNull);
  EXPECT_EQ(call("cidrmatch", {kNull, S("10.1.2.3")}), kNull);
  EXPECT_EQ(call("cidrmatch", {S("10.0.0.0/8"), M({"192.168.0.1", "10.9.9.9"})}), B(true));
}

TEST(ParseIp, AcceptsAndRejects) {
  for (const char* ok : {"0.0.0.0", "255.255.255.255", "01.2.3.4", "::", "::1", "1::", "1:2:3:4:5:6:7:8",
                         "1::8", "::ffff:1.2.3.4", "64:ff9b::192.0.2.33", "fe80::1%25eth0"}) {
    EXPECT_TRUE(parse_ip(ok).has_value()) << ok;
  }
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1..2.3", "1.2.3.4/8", "1:2:3:4:5:6:7:8:9",
                          ":::", "1:::2", "1::2::3", "12345::1", "g::1", ":1", "1:", "1.2.3.4:", "::1.2.3"}) {
    EXPECT_FALSE(parse_ip(bad).has_value()) << bad;
  }
  auto ip = parse_ip("::ffff:1.2.3.4");
  ASSERT_TRUE(ip);
  EXPECT_EQ(ip->bytes[10], 0xFF);
  EXPECT_EQ(ip->bytes[15], 4);
  EXPECT_EQ(parse_ip("10.1.2.3")->v4(), 0x0A010203u);
}

TEST(ParseCidr, CompactPrecompiledForm) {
  auto c = parse_cidr("10.1.2.3/8");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->v6);
  EXPECT_EQ(c->prefix, 8);
  EXPECT_EQ(c->lo, 0x0A000000u);
  EXPECT_EQ(c->mask_lo, 0xFF000000u);
  EXPECT_TRUE(c->contains(std::string_view("10.255.255.255")));
  EXPECT_FALSE(c->contains(std::string_view("11.0.0.0")));
  auto v6 = parse_cidr("2001:db8::/96");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->mask_hi, ~0ull);
  EXPECT_EQ(v6->mask_lo, 0xFFFFFFFF00000000ull);
  for (const char* bad : {"10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "::/129", "/8", "10.0.0.0/8/8"}) {
    EXPECT_FALSE(parse_cidr(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace rulejit::rt::testing
