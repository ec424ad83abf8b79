// Randomised cross-check of the fast matchers against naive reference
// implementations (dynamic programming over the whole input).
#include <random>
#include <string>
#include <vector>

#include "fn_test_util.h"
#include "runtime/functions/matchers.h"
#include "runtime/functions/utf8.h"

namespace rulejit::rt::testing {
namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Reference glob: '*' = any bytes; ASCII case folding unless cs.
bool naive_glob(const std::string& p, const std::string& s, bool cs) {
  std::vector<std::vector<char>> dp(p.size() + 1, std::vector<char>(s.size() + 1, 0));
  dp[0][0] = 1;
  for (size_t i = 1; i <= p.size(); ++i) {
    for (size_t j = 0; j <= s.size(); ++j) {
      if (p[i - 1] == '*') {
        dp[i][j] = dp[i - 1][j] || (j > 0 && dp[i][j - 1]);
      } else if (j > 0) {
        bool eq = cs ? p[i - 1] == s[j - 1] : fold(p[i - 1]) == fold(s[j - 1]);
        dp[i][j] = eq && dp[i - 1][j - 1];
      }
    }
  }
  return dp[p.size()][s.size()];
}

// Reference like: '%' = any characters, '_' = one code point.
bool naive_like(const std::string& p, const std::string& s) {
  std::vector<std::string_view> cs = utf8::split_chars(s);
  std::vector<std::vector<char>> dp(p.size() + 1, std::vector<char>(cs.size() + 1, 0));
  dp[0][0] = 1;
  for (size_t i = 1; i <= p.size(); ++i) {
    for (size_t j = 0; j <= cs.size(); ++j) {
      if (p[i - 1] == '%') {
        dp[i][j] = dp[i - 1][j] || (j > 0 && dp[i][j - 1]);
      } else if (j > 0) {
        bool eq = p[i - 1] == '_' || (cs[j - 1].size() == 1 && cs[j - 1][0] == p[i - 1]);
        dp[i][j] = eq && dp[i - 1][j - 1];
      }
    }
  }
  return dp[p.size()][cs.size()];
}

std::string random_string(std::mt19937& rng, const std::vector<std::string>& alphabet, size_t max_len) {
  std::string s;
  size_t n = rng() % (max_len + 1);
  for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
  return s;
}

TEST(MatchersRandom, GlobAgreesWithReference) {
  std::mt19937 rng(12345);
  const std::vector<std::string> text = {"a", "A", "b", "B", "-", ".", "\\"};
  const std::vector<std::string> pat = {"a", "A", "b", "-", ".", "\\", "*", "*"};
  for (int iter = 0; iter < 20000; ++iter) {
    std::string p = random_string(rng, pat, 7);
    std::string s = random_string(rng, text, 12);
    bool cs = iter % 4 == 0;
    ASSERT_EQ(GlobPattern(p, cs).match(s), naive_glob(p, s, cs)) << "pattern=" << p << " text=" << s << " cs=" << cs;
  }
}

TEST(MatchersRandom, LikeAgreesWithReference) {
  std::mt19937 rng(777);
  const std::vector<std::string> text = {"a", "b", "x", "é", "-"};
  const std::vector<std::string> pat = {"a", "b", "x", "_", "%", "%", "-"};
  for (int iter = 0; iter < 20000; ++iter) {
    std::string p = random_string(rng, pat, 7);
    std::string s = random_string(rng, text, 10);
    ASSERT_EQ(LikePattern(p).match(s), naive_like(p, s)) << "pattern=" << p << " text=" << s;
  }
}

TEST(MatchersRandom, FindCiAgreesWithReference) {
  std::mt19937 rng(99);
  const std::vector<std::string> alphabet = {"a", "A", "b", "B", "-", "c"};
  for (int iter = 0; iter < 20000; ++iter) {
    std::string hay = random_string(rng, alphabet, 16);
    std::string needle = random_string(rng, alphabet, 4);
    size_t expect = std::string::npos;
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
      bool ok = true;
      for (size_t k = 0; k < needle.size() && ok; ++k) ok = fold(hay[i + k]) == fold(needle[k]);
      if (ok) {
        expect = i;
        break;
      }
    }
    ASSERT_EQ(find_ci(hay, needle), expect) << "hay=" << hay << " needle=" << needle;
  }
}

}  // namespace
}  // namespace rulejit::rt::testing
