// Lexical primitives: the escape rule, pipe splitting, time spans, options.
#include <gtest/gtest.h>

#include "compiler/spl/scanner.h"
#include "compiler/spl/time_span.h"

namespace rulejit::spl {
namespace {

TEST(Decode, OnlyThreeEscapes) {
  EXPECT_EQ(decode_spl_string(R"(a\"b)"), "a\"b");
  EXPECT_EQ(decode_spl_string(R"(a\\b)"), "a\\b");
  EXPECT_EQ(decode_spl_string(R"(a\|b)"), "a|b");
  EXPECT_EQ(decode_spl_string(R"(\s\.\d\*\x{202E})"), R"(\s\.\d\*\x{202E})");
  EXPECT_EQ(decode_spl_string(R"(\\\\*\\SYSVOL)"), R"(\\*\SYSVOL)");
  EXPECT_EQ(decode_spl_string(R"(\\\])"), R"(\\])");
  EXPECT_EQ(decode_spl_string("trailing\\"), "trailing\\");
}

TEST(Scanner, QuotedStringSpansIncludeQuotes) {
  std::string text = R"(x "a\"b" y)";
  Scanner s(text);
  s.advance(2);
  Token t = s.quoted_string();
  EXPECT_EQ(t.text, "a\"b");
  EXPECT_TRUE(t.quoted);
  EXPECT_EQ(t.span.begin, 2u);
  EXPECT_EQ(t.span.end, 8u);
  EXPECT_EQ(s.pos(), 8u);
}

TEST(Scanner, WindowLimitsEverything) {
  std::string text = "abc def|ghi";
  Scanner s(text, 4, 7);
  Token w = s.word("");
  EXPECT_EQ(w.text, "def");
  EXPECT_TRUE(s.eof());
  EXPECT_EQ(s.peek(), '\0');
}

TEST(Scanner, OptionKeys) {
  std::string text = "span=5m Bins = 3 x=1 spanx=2 value= y";
  Scanner s(text);
  Span k;
  auto key = s.option_key({"span", "bins"}, &k);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, "span");
  EXPECT_EQ(s.option_value(*key, k).text, "5m");
  key = s.option_key({"span", "bins"}, &k);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, "bins");
  EXPECT_EQ(k.begin, 8u);
  EXPECT_EQ(s.option_value(*key, k).text, "3");
  EXPECT_FALSE(s.option_key({"span", "bins"}));
  EXPECT_TRUE(s.at_any_option());
  s.set_pos(21);
  EXPECT_FALSE(s.option_key({"span"}));  // spanx is not span
  s.set_pos(29);
  key = s.option_key({"value"}, &k);
  ASSERT_TRUE(key);
  EXPECT_THROW(s.option_value(*key, k), SyntaxError);  // `value= y`: no value
}

TEST(Scanner, FieldLists) {
  std::string text = R"(a, b,c "d e" f* BY g)";
  Scanner s(text);
  auto fs = s.field_list({"by"});
  ASSERT_EQ(fs.size(), 5u);
  EXPECT_EQ(fs[3].text, "d e");
  EXPECT_TRUE(fs[3].quoted);
  EXPECT_EQ(fs[4].text, "f*");
  EXPECT_TRUE(s.keyword("by"));
  std::string parens = "values(x) count(eval(a)) b)";
  Scanner p(parens);
  auto ps = p.field_list({}, false, true);
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[1].text, "count(eval(a))");
  EXPECT_EQ(ps[2].text, "b");
}

TEST(Scanner, MatchingCloseSkipsQuotes) {
  std::string text = R"([a "]" [b] c] d)";
  Scanner s(text);
  EXPECT_EQ(s.matching_close(0, '[', ']'), 12u);
  std::string open = "[a [b]";
  Scanner o(open);
  EXPECT_THROW(o.matching_close(0, '[', ']'), SyntaxError);
}

TEST(SplitAtPipes, QuotesBracketsAndEscapes) {
  std::string text = R"(a "x|y" | b [c | d] \| e | f)";
  std::vector<uint32_t> pipes;
  auto segs = split_at_pipes(text, 0, static_cast<uint32_t>(text.size()), &pipes);
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(pipes, (std::vector<uint32_t>{8, 25}));
  EXPECT_EQ(text.substr(segs[1].begin, segs[1].end - segs[1].begin), " b [c | d] \\| e ");
  std::string unterminated = "a \"b | c";
  EXPECT_EQ(split_at_pipes(unterminated, 0, 8, nullptr).size(), 1u);
}

TEST(TimeSpan, UnitsAndSeconds) {
  auto t = parse_time_span("5m");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->unit, TimeUnit::Minute);
  EXPECT_EQ(t->seconds().value(), 300.0);
  EXPECT_EQ(parse_time_span("1h")->seconds().value(), 3600.0);
  EXPECT_EQ(parse_time_span("30secs")->seconds().value(), 30.0);
  EXPECT_EQ(parse_time_span("2Days")->seconds().value(), 172800.0);
  EXPECT_EQ(parse_time_span("1w")->seconds().value(), 604800.0);
  EXPECT_EQ(parse_time_span("250ms")->seconds().value(), 0.25);
  EXPECT_EQ(parse_time_span("1mon")->unit, TimeUnit::Month);
  EXPECT_FALSE(parse_time_span("1mon")->seconds());
  EXPECT_EQ(parse_time_span("10")->unit, TimeUnit::None);
  EXPECT_EQ(parse_time_span("1.5h")->seconds().value(), 5400.0);
  EXPECT_FALSE(parse_time_span("h"));
  EXPECT_FALSE(parse_time_span("0m"));
  EXPECT_FALSE(parse_time_span("-1h"));
  EXPECT_FALSE(parse_time_span("5parsecs"));
  EXPECT_EQ(parse_time_span("5m")->text, "5m");
}

}  // namespace
}  // namespace rulejit::spl
