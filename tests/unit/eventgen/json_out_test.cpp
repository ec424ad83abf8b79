// Byte-level protojson formatting and the deterministic PRNG.
#include "bench/generator/json_out.h"
#include "bench/generator/prng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace rulejit::bench {
namespace {

std::string ts(uint64_t ns) {
  std::string s;
  append_timestamp(s, ns);
  return s;
}

std::string esc(std::string_view v) {
  std::string s;
  append_json_string(s, v);
  return s;
}

constexpr uint64_t kT = 1755204167ULL * 1000000000ULL;  // 2025-08-14T20:42:47Z

TEST(JsonOut, TimestampTrimsWholeThousandGroups) {
  EXPECT_EQ(ts(kT + 459945318), "2025-08-14T20:42:47.459945318Z");
  EXPECT_EQ(ts(kT + 700327580), "2025-08-14T20:42:47.700327580Z");  // trailing zero kept
  EXPECT_EQ(ts(kT + 401779000), "2025-08-14T20:42:47.401779Z");
  EXPECT_EQ(ts(kT + 861000000), "2025-08-14T20:42:47.861Z");
  EXPECT_EQ(ts(kT), "2025-08-14T20:42:47Z");
  EXPECT_EQ(ts(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(ts(951782400ULL * 1000000000ULL), "2000-02-29T00:00:00Z");  // leap day
}

TEST(JsonOut, EscapesLikeProtojson) {
  EXPECT_EQ(esc("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(esc("\t\n\r\b\f"), "\"\\t\\n\\r\\b\\f\"");
  EXPECT_EQ(esc("\x1b[0m\x01\x1f"), "\"\\u001b[0m\\u0001\\u001f\"");
  EXPECT_EQ(esc("<a&b>\x7f"), "\"<a&b>\x7f\"");
  EXPECT_EQ(esc("Überweisung \xEF\xBF\xBD ファイル"), "\"Überweisung \xEF\xBF\xBD ファイル\"");
}

TEST(JsonOut, Base64RoundTripsAndRejectsGarbage) {
  std::string enc, dec;
  append_base64(enc, "ip-10-0-10-253.us-west-2.compute.internal:1462899992460004:3502914");
  EXPECT_EQ(enc, "aXAtMTAtMC0xMC0yNTMudXMtd2VzdC0yLmNvbXB1dGUuaW50ZXJuYWw6MTQ2Mjg5OTk5MjQ2MDAwNDozNTAyOTE0");
  for (std::string_view s : {"", "a", "ab", "abc", "abcd"}) {
    enc.clear();
    append_base64(enc, s);
    ASSERT_TRUE(decode_base64(enc, dec));
    EXPECT_EQ(dec, s);
  }
  EXPECT_FALSE(decode_base64("abc", dec));
  EXPECT_FALSE(decode_base64("a=bc", dec));
  EXPECT_FALSE(decode_base64("ab!c", dec));
}

TEST(JsonOut, SeparatorModes) {
  for (bool space : {false, true}) {
    std::string out;
    JsonOut j(out, space);
    j.begin_obj();
    j.key("a");
    j.u64(0);
    j.key("b");
    j.begin_arr();
    j.str("x");
    j.u64_string(18446462598732840960ULL);
    j.end_arr();
    j.key("c");
    j.begin_obj();
    j.end_obj();
    j.end_obj();
    EXPECT_EQ(out, space ? R"({"a":0, "b":["x", "18446462598732840960"], "c":{}})"
                         : R"({"a":0,"b":["x","18446462598732840960"],"c":{}})");
  }
}

TEST(Prng, SameSeedSameSequenceAndBoundsHold) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LT(a.below(7), 7U);
    const double u = a.unit();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
  EXPECT_TRUE(differs);
  EXPECT_EQ(a.below(0), 0U);
  EXPECT_EQ(a.range(5, 5), 5U);
}

TEST(Prng, NegLogMatchesLibm) {
  for (double x : {1e-12, 1e-6, 0.001, 0.1, 0.25, 0.5, 0.7, 0.999999, 1.0})
    EXPECT_NEAR(Rng::neg_log(x), -std::log(x), 1e-12 * (1 + -std::log(x))) << x;
}

}  // namespace
}  // namespace rulejit::bench
