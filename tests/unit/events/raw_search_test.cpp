#include "runtime/events/raw_search.h"

#include <string>

#include <gtest/gtest.h>

namespace rulejit::rt {
namespace {

const std::string kRaw =
    R"({"process_exec":{"process":{"binary":"/usr/bin/curl","arguments":"-s http://10.0.0.1:8080/x.sh --output=/tmp/ERROR_log"}},"node_name":"127.0.0.10"})";

TEST(RawSearch, BareTermsAreWholeTokensCaseInsensitive) {
  EXPECT_TRUE(raw_has_term(kRaw, "curl"));
  EXPECT_TRUE(raw_has_term(kRaw, "CURL"));
  EXPECT_FALSE(raw_has_term(kRaw, "cur"));
  EXPECT_TRUE(raw_has_term(kRaw, "error"));    // "_" is a minor breaker
  EXPECT_TRUE(raw_has_term(kRaw, "log"));
  EXPECT_TRUE(raw_has_term(kRaw, "exec"));     // inside process_exec
  EXPECT_TRUE(raw_has_term(kRaw, "sh"));       // x.sh
  EXPECT_TRUE(raw_has_term(kRaw, "/usr/bin/curl"));
  EXPECT_TRUE(raw_has_term(kRaw, "10.0.0.1"));
  EXPECT_FALSE(raw_has_term(kRaw, "usr/bi"));
  EXPECT_FALSE(raw_has_term(kRaw, ""));
  EXPECT_FALSE(raw_has_term("", "x"));
}

TEST(RawSearch, Wildcards) {
  EXPECT_TRUE(raw_has_term(kRaw, "cu*"));
  EXPECT_TRUE(raw_has_term(kRaw, "c*l"));
  EXPECT_TRUE(raw_has_term(kRaw, "*url"));
  EXPECT_FALSE(raw_has_term(kRaw, "zz*"));
  EXPECT_TRUE(raw_has_term(kRaw, "http*sh"));      // crosses minor breakers only
  EXPECT_FALSE(raw_has_term(kRaw, "curl*http"));   // would cross a major breaker
  EXPECT_TRUE(raw_has_term("a b", "*"));
}

TEST(RawSearch, TermRequiresMajorBoundaries) {
  EXPECT_TRUE(raw_has_exact_term(kRaw, "/usr/bin/curl"));
  EXPECT_FALSE(raw_has_exact_term(kRaw, "bin"));        // only minor boundaries around it
  EXPECT_TRUE(raw_has_term(kRaw, "127.0.0"));           // minor boundaries suffice for terms
  EXPECT_FALSE(raw_has_exact_term(kRaw, "127.0.0.1"));  // raw has 127.0.0.10
  EXPECT_TRUE(raw_has_exact_term(kRaw, "127.0.0.10"));
  EXPECT_TRUE(raw_has_exact_term(kRaw, "--output=/tmp/error_log"));
  EXPECT_TRUE(raw_has_exact_term("a--b", "b"));          // "--" is a major breaker
}

TEST(RawSearch, Phrases) {
  EXPECT_TRUE(raw_has_phrase(kRaw, "-s http"));
  EXPECT_TRUE(raw_has_phrase(kRaw, "8080/X.SH"));
  EXPECT_FALSE(raw_has_phrase(kRaw, "080/x.sh"));
  EXPECT_FALSE(raw_has_phrase("a*b", "a?b"));
  EXPECT_TRUE(raw_has_phrase("a*b", "a*b"));  // no wildcard meaning in phrases
}

TEST(RawSearch, LongInputIsLinear) {
  std::string raw(1 << 20, 'a');
  EXPECT_FALSE(raw_has_term(raw, "*a*a*a*a*b"));
  EXPECT_TRUE(raw_has_term(raw, "a*"));
}

TEST(RawSearch, BreakerClasses) {
  for (char c : std::string(" \t\n\r[]<>(){}|!;,'\"*&?+")) EXPECT_TRUE(is_major_breaker(c)) << c;
  for (char c : std::string("/:=@.-$#%\\_")) EXPECT_TRUE(is_minor_breaker(c)) << c;
  for (char c : std::string("aZ09~^`")) {
    EXPECT_FALSE(is_major_breaker(c)) << c;
    EXPECT_FALSE(is_minor_breaker(c)) << c;
  }
}

}  // namespace
}  // namespace rulejit::rt
