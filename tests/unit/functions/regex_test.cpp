// Regex (PCRE2 wrapper), ReplaceTemplate and SedExpr (§2.6, §3.10, §3.11).
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fn_test_util.h"
#include "runtime/functions/context.h"
#include "runtime/functions/regex.h"

namespace rulejit::rt::testing {
namespace {

std::shared_ptr<const Regex> re(const char* p, const RegexOptions& o = {}) {
  std::string err;
  auto r = Regex::compile(p, &err, o);
  EXPECT_TRUE(r) << err;
  return r;
}

// The Hyperscan prefilter (policy::kRegexHyperscanPrefilter) only ever
// skips PCRE2 on subjects without a match: every operation gives the same
// answer with and without it, over patterns with anchors, word boundaries,
// look-arounds, back-references, inline flags, empty matches and caseless
// matching, on random ASCII subjects and on non-ASCII ones (those always go
// to PCRE2).
TEST(Regex, HyperscanPrefilterNeverChangesAnAnswer) {
  const std::vector<std::string> patterns = {
      R"((?i)(/dev/(tcp|udp)/[^/\s]+/\d+|\b(nc|ncat|netcat)\b[^|;]*\s-[ec]\s|\bsocat\b.*\bexec:|mkfifo\s.*[|]\s*(nc|ncat)\b))",
      R"(^ab)", R"(ab$)", R"(^$)", R"(\bcat\b)", R"(\Bat)", R"(a.c)", R"((?s)a.c)", R"((?m)^b)", R"(a*)", R"(x?)",
      R"((?<=a)b)", R"((?<!a)b)", R"(a(?=b))", R"(a(?!b))", R"((a)\1)", R"((?i)ABC)", R"([a-c]{2,3}d)",
      R"(\d+\.\d+)", R"(\s-[ec]\s)", R"((?:ab|cd)+e)", R"(a++b)", R"((?>a+)b)", R"(\Qa.b\E)", R"([^abc]x)",
      R"(\x41)", R"(\w+@\w+)", R"(a|)", R"(\Aab)", R"(ab\z)", R"(ab\Z)", R"((?<name>b)c)", R"(é)", R"(\x{263a})",
  };
  const std::string alphabet = "abcdex ABC.-/|;@\n\t019e:";
  std::mt19937 rng(7);
  std::vector<std::string> subjects = {"", "a", "ab", "ab\n", "b", "cat", "a cat b", "nc -e /bin/sh ", "/dev/tcp/1.2.3.4/80",
                                       "ABC", "aab", "a.b", "café ab", "\xC3\x89", "x\xFFy"};
  for (int i = 0; i < 400; ++i) {
    std::string s;
    for (size_t n = rng() % 24; n > 0; --n) s += alphabet[rng() % alphabet.size()];
    subjects.push_back(s);
  }
  size_t prefiltered = 0;
  for (const auto& p : patterns) {
    for (const bool caseless : {false, true}) {
      RegexOptions with, without;
      with.caseless = without.caseless = caseless;
      with.prefilter = true;
      without.prefilter = false;
      auto a = re(p.c_str(), with), b = re(p.c_str(), without);
      ASSERT_TRUE(a && b) << p;
      EXPECT_FALSE(b->has_prefilter());
      prefiltered += a->has_prefilter();
      for (const auto& subj : subjects) {
        EXPECT_EQ(a->search(subj), b->search(subj)) << p << " on '" << subj << "'";
        std::vector<RegexSpan> ga, gb;
        const auto fa = a->find(subj, 0, ga), fb = b->find(subj, 0, gb);
        EXPECT_EQ(fa, fb) << p << " on '" << subj << "'";
        if (fa == Regex::Status::kMatch && fb == Regex::Status::kMatch) {
          EXPECT_EQ(ga[0].begin, gb[0].begin) << p;
        }
        std::vector<size_t> ma, mb;
        a->for_each_match(subj, 0, [&](const std::vector<RegexSpan>& g) { ma.push_back(g[0].begin); });
        b->for_each_match(subj, 0, [&](const std::vector<RegexSpan>& g) { mb.push_back(g[0].begin); });
        EXPECT_EQ(ma, mb) << p << " on '" << subj << "'";
        std::string ra, rb;
        EXPECT_EQ(a->replace_all(subj, "<\\0>", ra), b->replace_all(subj, "<\\0>", rb)) << p;
        EXPECT_EQ(ra, rb) << p << " on '" << subj << "'";
      }
    }
  }
  // Most patterns get a prefilter; non-ASCII ones and what Hyperscan rejects do not.
  EXPECT_GT(prefiltered, patterns.size());
  EXPECT_FALSE(re("é")->has_prefilter());
  EXPECT_TRUE(re("(?i)nc|socat")->has_prefilter());
}

// Patterns compiled while running (a function's pattern argument, maybe
// from a field) skip the prefilter; the pack's own regexes have one.
TEST(Regex, PatternsMetWhileRunningSkipThePrefilter) {
  FunctionContext ctx;
  EXPECT_FALSE(ctx.regex("nc|socat")->has_prefilter());
  EXPECT_TRUE(re("nc|socat")->has_prefilter());
}

// A second engine of the same pack (a new window's, a scale-out worker's)
// gets the compiled patterns of the live one instead of compiling them
// again; other options are other patterns; a pattern nobody holds is
// compiled afresh once 256 others were compiled after it.
TEST(Regex, CompileSharesALiveRegexOfTheSamePatternAndOptions) {
  auto a = re("(?:curl|wget)\\s+-k");
  auto b = re("(?:curl|wget)\\s+-k");
  EXPECT_EQ(a.get(), b.get());
  RegexOptions caseless;
  caseless.caseless = true;
  auto c = re("(?:curl|wget)\\s+-k", caseless);
  EXPECT_NE(a.get(), c.get());
  EXPECT_EQ(c->search("CURL  -k"), Regex::Status::kMatch);
  EXPECT_EQ(a->search("CURL  -k"), Regex::Status::kNoMatch);
  RegexOptions no_prefilter;
  no_prefilter.prefilter = false;
  EXPECT_FALSE(re("(?:curl|wget)\\s+-k", no_prefilter)->has_prefilter());
  EXPECT_TRUE(a->has_prefilter());
  // Recently compiled patterns outlive their users (an engine per window
  // made after the previous one is gone), up to 256 of them.
  std::weak_ptr<const Regex> kept = re("only-here-[0-9]+");
  EXPECT_FALSE(kept.expired());
  for (int i = 0; i < 300; ++i) re(("filler-" + std::to_string(i)).c_str());
  EXPECT_TRUE(kept.expired());
  auto again = re("only-here-[0-9]+");
  EXPECT_EQ(again->search("only-here-42"), Regex::Status::kMatch);
}

TEST(Regex, InvalidPatternGivesAClearMessage) {
  std::string err;
  EXPECT_EQ(Regex::compile("a(b", &err), nullptr);
  EXPECT_EQ(err, "invalid regular expression \"a(b\": missing closing parenthesis at offset 3");
  EXPECT_EQ(Regex::compile("[z-a]", &err), nullptr);
  EXPECT_NE(err.find("range out of order"), std::string::npos) << err;
  EXPECT_EQ(Regex::compile("(?<n>a)(?<n>b)", &err), nullptr);
  EXPECT_EQ(Regex::compile("\xff", &err), nullptr);  // a pattern must be UTF-8
}

TEST(Regex, UnanchoredSearchAndJit) {
  auto r = re("b+");
  EXPECT_EQ(r->search("abbbc"), Regex::Status::kMatch);
  EXPECT_EQ(r->search("ac"), Regex::Status::kNoMatch);
  EXPECT_EQ(r->search(""), Regex::Status::kNoMatch);
  EXPECT_TRUE(r->jit_compiled());
  RegexOptions nojit;
  nojit.jit = false;
  EXPECT_FALSE(re("b+", nojit)->jit_compiled());
  EXPECT_EQ(re("b+", nojit)->search("abc"), Regex::Status::kMatch);
  EXPECT_EQ(re("")->search(""), Regex::Status::kMatch);
}

TEST(Regex, SecurityContentPatterns) {
  // cisco_isovalent curl detection: negative lookbehind needs PCRE.
  auto curl = re("(?i)(?<!\\w)-(?:[a-z]*k[a-z]*|-(insecure|proxy-insecure|doh-insecure))");
  EXPECT_EQ(curl->search("/usr/bin/curl -k https://x"), Regex::Status::kMatch);
  EXPECT_EQ(curl->search("/usr/bin/curl --insecure https://x"), Regex::Status::kMatch);
  EXPECT_EQ(curl->search("/usr/bin/curl https://x-k.example"), Regex::Status::kNoMatch);
  // §3.10 example: `.{0,4}$` allows up to 4 trailing characters.
  auto regasm = re("(?i)(regasm\\.exe.{0,4}$)");
  EXPECT_EQ(regasm->search("C:\\x\\regasm.exe /U"), Regex::Status::kMatch);
  EXPECT_EQ(regasm->search("C:\\x\\regasm.exe /U /V"), Regex::Status::kNoMatch);
}

TEST(Regex, CaselessOption) {
  RegexOptions ci;
  ci.caseless = true;
  EXPECT_EQ(re("cmd", ci)->search("CMD.EXE"), Regex::Status::kMatch);
  EXPECT_EQ(re("cmd")->search("CMD.EXE"), Regex::Status::kNoMatch);
}

TEST(Regex, InvalidUtf8SubjectsAreSafe) {
  auto r = re("b.d");
  EXPECT_EQ(r->search(std::string("a\xff" "bxd", 5)), Regex::Status::kMatch);
  EXPECT_EQ(r->search(std::string("\xc3\x28\xff\xfe", 4)), Regex::Status::kNoMatch);
  EXPECT_EQ(re("\\x{202E}")->search("a\xE2\x80\xAE" "b"), Regex::Status::kMatch);
  std::string out;
  EXPECT_EQ(re("x*")->replace_all(std::string("\xff\xfe", 2), "-", out), Regex::Status::kMatch);
  EXPECT_EQ(out, std::string("-\xff-\xfe-", 5));
}

TEST(Regex, NamedGroupsInGroupOrder) {
  auto r = re("(?<k>[^$,]*)\\$(?<v>[^,]*),?(x)?(?<aaa>y)?");
  ASSERT_EQ(r->named_groups().size(), 3u);
  EXPECT_EQ(r->named_groups()[0].name, "k");
  EXPECT_EQ(r->named_groups()[0].number, 1u);
  EXPECT_EQ(r->named_groups()[1].name, "v");
  EXPECT_EQ(r->named_groups()[2].name, "aaa");
  EXPECT_EQ(r->named_groups()[2].number, 4u);
  EXPECT_EQ(r->capture_count(), 4u);
}

TEST(Regex, FindReportsCaptureSpans) {
  auto r = re("(a)(x)?(b)");
  std::vector<RegexSpan> g;
  ASSERT_EQ(r->find("zzab", 0, g), Regex::Status::kMatch);
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0].begin, 2u);
  EXPECT_EQ(g[0].end, 4u);
  EXPECT_FALSE(g[2].matched());
  EXPECT_EQ(g[3].begin, 3u);
  EXPECT_EQ(r->find("zzab", 3, g), Regex::Status::kNoMatch);
  EXPECT_EQ(r->find("zzab", 99, g), Regex::Status::kNoMatch);
}

TEST(Regex, ForEachMatchLikeRexMaxMatch) {
  // §3.11 example: rex max_match=0 "(?<k>[^$,]*)\$(?<v>[^,]*),?" on "a$1,b$2".
  auto r = re("(?<k>[^$,]*)\\$(?<v>[^,]*),?");
  const std::string s = "a$1,b$2";
  std::vector<std::string> ks, vs;
  auto st = r->for_each_match(s, 0, [&](const std::vector<RegexSpan>& g) {
    ks.push_back(s.substr(g[1].begin, g[1].end - g[1].begin));
    vs.push_back(s.substr(g[2].begin, g[2].end - g[2].begin));
  });
  EXPECT_EQ(st, Regex::Status::kMatch);
  EXPECT_EQ(ks, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(vs, (std::vector<std::string>{"1", "2"}));
  size_t n = 0;
  r->for_each_match(s, 1, [&](const std::vector<RegexSpan>&) { ++n; });
  EXPECT_EQ(n, 1u);
  n = 0;
  EXPECT_EQ(re("x*")->for_each_match("ab", 0, [&](const std::vector<RegexSpan>&) { ++n; }), Regex::Status::kMatch);
  EXPECT_EQ(n, 3u);  // empty matches at 0, 1, 2
  EXPECT_EQ(re("q")->for_each_match("ab", 0, [&](const std::vector<RegexSpan>&) {}), Regex::Status::kNoMatch);
}

TEST(Regex, ReplaceTemplates) {
  std::string out;
  auto r = re("(\\w+)@(\\w+)");
  r->replace_all("x alice@corp y", "\\2\\\\\\1", out);
  EXPECT_EQ(out, "x corp\\alice y");
  r->replace_all("alice@corp", "[\\0]", out);
  EXPECT_EQ(out, "[alice@corp]");
  r->replace_all("alice@corp", "\\9|\\q|$1", out);  // missing group -> "", unknown escape kept
  EXPECT_EQ(out, "|\\q|$1");
  auto many = re("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)");
  many->replace_all("abcdefghijk", "\\11-\\10-\\1", out);
  EXPECT_EQ(out, "k-j-a");
  re("(a)")->replace_all("a", "\\12", out);  // no group 12: group 1 then "2"
  EXPECT_EQ(out, "a2");
}

TEST(Regex, ReplaceNthOccurrence) {
  std::string out;
  ReplaceTemplate t("#", 0);
  re("\\d")->replace("a1b2c3", t, 2, out);
  EXPECT_EQ(out, "a1b#c3");
  re("\\d")->replace("a1b2c3", t, 9, out);
  EXPECT_EQ(out, "a1b2c3");
}

TEST(Regex, CatastrophicBacktrackingHitsTheLimit) {
  std::string s(64, 'a');
  s += '!';
  for (bool jit : {true, false}) {
    RegexOptions o;
    o.jit = jit;
    o.prefilter = false;
    auto r = re("^(a+)+$", o);
    EXPECT_EQ(r->search(s), Regex::Status::kLimit) << "jit=" << jit;
    std::string out;
    EXPECT_EQ(r->replace_all(s, "x", out), Regex::Status::kLimit);
    EXPECT_EQ(r->for_each_match(s, 0, [](const std::vector<RegexSpan>&) {}), Regex::Status::kLimit);
    // policy::kRegexHyperscanPrefilter: the prefilter proves there is no
    // match, so PCRE2 never starts its hopeless search.
    o.prefilter = true;
    auto pre = re("^(a+)+$", o);
    ASSERT_TRUE(pre->has_prefilter());
    EXPECT_EQ(pre->search(s), Regex::Status::kNoMatch) << "jit=" << jit;
    // A subject it does not scan (not ASCII) still reaches the limit.
    EXPECT_EQ(pre->search(std::string(64, 'a') + "\xC3\xA9"), Regex::Status::kLimit) << "jit=" << jit;
  }
}

TEST(Regex, LimitsDoNotTripOnLongOrdinaryInputs) {
  std::string s(4 << 20, 'x');
  s += "needle";
  EXPECT_EQ(re("needle$")->search(s), Regex::Status::kMatch);
  EXPECT_EQ(re("(?i)x+needle")->search(s), Regex::Status::kMatch);
  EXPECT_EQ(re("[a-z]{3}$")->search(s), Regex::Status::kMatch);
}

TEST(Regex, SharedAcrossThreads) {
  auto r = re("(?<user>[a-z]+)@(?<dom>[a-z.]+)");
  std::atomic<int> ok{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&, t] {
      std::vector<RegexSpan> g;
      for (int i = 0; i < 2000; ++i) {
        std::string s = "id " + std::to_string(i) + " user" + std::string(static_cast<size_t>(t + 1), 'q') + "@ex.org";
        if (r->find(s, 0, g) == Regex::Status::kMatch && g[1].end - g[1].begin == static_cast<size_t>(t + 1) + 4) ++ok;
      }
    });
  }
  for (auto& th : ts) th.join();
  EXPECT_EQ(ok.load(), 8000);
}

TEST(Sed, DocExampleGlobal) {
  // §3.11: rex field=x mode=sed "s/\d/#/g" on x="a1b22" -> a#b##.
  std::string err, out;
  auto sed = SedExpr::parse("s/\\d/#/g", &err);
  ASSERT_TRUE(sed) << err;
  EXPECT_EQ(sed->apply("a1b22", out), Regex::Status::kMatch);
  EXPECT_EQ(out, "a#b##");
}

TEST(Sed, FlagsBackrefsAndDelimiters) {
  std::string err, out;
  SedExpr::parse("s/\\d/#/", &err)->apply("a1b22", out);
  EXPECT_EQ(out, "a#b22");  // first match only
  SedExpr::parse("s/\\d/#/2", &err)->apply("a1b22", out);
  EXPECT_EQ(out, "a1b#2");
  SedExpr::parse("s/(\\w+)=(\\w+)/\\2=\\1/g", &err)->apply("a=1 b=2", out);
  EXPECT_EQ(out, "1=a 2=b");
  SedExpr::parse("s/A/x/gi", &err)->apply("aA", out);
  EXPECT_EQ(out, "xx");
  SedExpr::parse("s#/usr/bin/#BIN:#", &err)->apply("/usr/bin/curl", out);
  EXPECT_EQ(out, "BIN:curl");
  SedExpr::parse("s/\\//|/g", &err)->apply("a/b/c", out);
  EXPECT_EQ(out, "a|b|c");
  SedExpr::parse("s/x/\\//g", &err)->apply("axb", out);
  EXPECT_EQ(out, "a/b");
}

TEST(Sed, Transliterate) {
  std::string err, out;
  auto y = SedExpr::parse("y/abc/xyz/", &err);
  ASSERT_TRUE(y) << err;
  y->apply("aabbcc-d", out);
  EXPECT_EQ(out, "xxyyzz-d");
  SedExpr::parse("y/éa/Eb/", &err)->apply("éa", out);
  EXPECT_EQ(out, "Eb");
}

TEST(Sed, InvalidExpressionsHaveMessages) {
  std::string err;
  for (const char* bad : {"", "s", "x/a/b/", "s/a/b", "s/(/b/", "s/a/b/z", "y/ab/c/", "y/a/b/g", "sa/b/c/", "s/a/b/0"}) {
    EXPECT_EQ(SedExpr::parse(bad, &err), nullptr) << bad;
    EXPECT_NE(err.find("invalid sed expression"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace rulejit::rt::testing
