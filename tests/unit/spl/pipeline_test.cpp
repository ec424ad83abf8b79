// Pipeline structure and pipeline-level errors (exact spans).
#include <gtest/gtest.h>

#include "compiler/spl/command_table.h"
#include "tests/unit/spl/test_util.h"

namespace rulejit::spl::testing {
namespace {

TEST(Pipeline, ImplicitSearchFirst) {
  auto out = parse_spl("index=x | stats count");
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out.pipeline->leading_pipe);
  ASSERT_EQ(out.pipeline->commands.size(), 2u);
  EXPECT_EQ(out.pipeline->commands[0]->name, "search");
  EXPECT_EQ(out.pipeline->commands[1]->name, "stats");
  EXPECT_EQ(print_ast(*out.pipeline),
            "(pipeline\n  (search (= index \"x\"))\n  (stats (count :as \"count\")))");
}

TEST(Pipeline, LeadingPipeStartsWithACommand) {
  auto out = parse_spl("  | tstats count | where count > 1");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out.pipeline->leading_pipe);
  EXPECT_EQ(out.pipeline->commands[0]->name, "tstats");
  EXPECT_EQ(out.pipeline->commands[0]->span.begin, 4u);
  EXPECT_EQ(out.pipeline->commands[0]->span.end, 16u);
}

TEST(Pipeline, ExplicitSearchKeywordIsTheCommand) {
  EXPECT_EQ(spl_ast("search a=1"), R"((search (= a "1")))");
  EXPECT_EQ(spl_ast("SEARCH a=1"), R"((search (= a "1")))");
  EXPECT_EQ(spl_ast("searches a=1"), R"((search (and (term "searches") (= a "1"))))");
  EXPECT_EQ(spl_ast("x | search"), "(search (term \"x\"))\n(search)");
  EXPECT_EQ(spl_ast("x | search search *"),
            "(search (term \"x\"))\n(search (and (term \"search\") (term \"*\")))");
}

TEST(Pipeline, PipesInsideQuotesAndBracketsDoNotSplit) {
  EXPECT_EQ(spl_ast(R"(a="x|y" [search b | head 1] | head 2)"),
            "(search (and (= a q\"x|y\") (subsearch (pipeline (search (term \"b\")) (head :limit "
            "1)))))\n(head :limit 2)");
  EXPECT_EQ(spl_ast(R"(a=x\|y)"), R"((search (= a "x|y")))");
}

TEST(Pipeline, CommandNamesAreCaseInsensitiveAndAliased) {
  EXPECT_EQ(spl_ast("| STATS Count"), R"((stats (count :as "Count")))");
  EXPECT_EQ(spl_ast("x | bucket _time span=1h"), "(search (term \"x\"))\n(bin _time :span 1h)");
  EXPECT_EQ(spl_ast("x | Eval a=1"), "(search (term \"x\"))\n(eval (set a 1))");
}

TEST(Pipeline, GenericCommandsKeepTheirTokens) {
  EXPECT_EQ(spl_ast(R"(| makeresults count=2 | timechart span=1h count by host | outputlookup "a b.csv")"),
            "(makeresults :generic \"count=2\")\n"
            "(timechart :generic \"span=1h\" \"count\" \"by\" \"host\")\n"
            "(outputlookup :generic \"\\\"a b.csv\\\"\")");
  EXPECT_EQ(spl_ast(R"(| map search="search x=$y$ | head 1" maxsearches=5)"),
            R"((map :generic "search=\"search x=$y$ | head 1\"" "maxsearches=5"))");
  const CommandInfo* info = find_command("af");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->name, "analyzefields");
  EXPECT_TRUE(info->generic);
  // An alias of a modelled command resolves to its module.
  ASSERT_NE(find_command("kv"), nullptr);
  EXPECT_EQ(find_command("kv")->name, "extract");
  EXPECT_FALSE(find_command("kv")->generic);
  EXPECT_FALSE(find_command("stats")->generic);
}

TEST(PipelineErrors, UnknownCommand) {
  EXPECT_EQ(first_error("index=x | frobnicate a b"), "10-20: unknown command 'frobnicate'");
  EXPECT_EQ(first_error("| foo-bar"), "2-9: unknown command 'foo-bar'");
}

TEST(PipelineErrors, EmptySegmentsAndTrailingPipe) {
  EXPECT_EQ(first_error("| |"), "0-1: expected a command after '|' (empty pipeline segment)");
  EXPECT_EQ(first_error("a | | stats count"),
            "2-3: expected a command after '|' (empty pipeline segment)");
  EXPECT_EQ(first_error("a | stats count |"),
            "16-17: expected a command after '|' (trailing '|')");
  EXPECT_EQ(first_error("a | stats count |  "), "16-17: expected a command after '|' (trailing '|')");
  EXPECT_EQ(first_error(""), "0-0: empty search");
  EXPECT_EQ(first_error("   "), "0-3: empty search");
  EXPECT_EQ(first_error("a [ ]"), "3-4: empty subsearch");
  EXPECT_EQ(first_error("| (x)"), "2-3: expected a command name, found '('");
}

TEST(PipelineErrors, QuotesAndParens) {
  EXPECT_EQ(first_error(R"(a | eval x="abc | stats count)"),
            "11-12: unbalanced quote: this '\"' is never closed");
  EXPECT_EQ(first_error("a | where (x > 1 | stats count"),
            "10-11: unbalanced '(': no matching ')'");
  EXPECT_EQ(first_error("a | eval x= | stats count"), "10-11: missing expression after '='");
  EXPECT_EQ(first_error("a=  | stats count"), "1-2: missing value after '='");
}

TEST(PipelineErrors, OneErrorPerCommandAndParsingContinues) {
  auto out = parse_spl("(a=1 | frob | stats count | eval | where 1");
  ASSERT_EQ(out.errors.size(), 3u);
  EXPECT_EQ(out.errors[0].message, "unbalanced '(': no matching ')'");
  EXPECT_EQ(out.errors[0].span.begin, 0u);
  EXPECT_EQ(out.errors[1].message, "unknown command 'frob'");
  EXPECT_EQ(out.errors[2].message, "eval needs an assignment (field=expression)");
  EXPECT_EQ(out.errors[2].span.begin, 28u);
  ASSERT_EQ(out.pipeline->commands.size(), 2u);  // stats and where
  EXPECT_EQ(out.pipeline->commands[0]->name, "stats");
  EXPECT_EQ(out.pipeline->commands[1]->name, "where");
}

TEST(PipelineErrors, ErrorsInsideSubsearchesPointIntoTheWholeText) {
  auto out = parse_spl("a [search b | frob] | head 1");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].message, "unknown command 'frob'");
  EXPECT_EQ(out.errors[0].span.begin, 14u);
  EXPECT_EQ(out.errors[0].span.end, 18u);
}

TEST(PipelineErrors, NeverThrowsOnGarbage) {
  const char* inputs[] = {"\"", "[", "]", "(", ")", "|", "\\", "'", "``", "| eval", "| stats",
                          "| tstats", "| rex", "| lookup", "a=\"\\", "| where 'x"};
  for (const char* in : inputs) {
    auto out = parse_spl(in);
    ASSERT_NE(out.pipeline, nullptr) << in;
    EXPECT_FALSE(print_ast(*out.pipeline).empty());
  }
  auto nul = parse_spl(std::string_view("a=\0b | eval x=\0", 16));
  EXPECT_FALSE(nul.ok());
}

}  // namespace
}  // namespace rulejit::spl::testing
