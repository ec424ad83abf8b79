// Golden tests for the search-expression language (spl-semantics.md §1).
#include <gtest/gtest.h>

#include "tests/unit/spl/test_util.h"

namespace rulejit::spl::testing {
namespace {

TEST(SearchPrecedence, OrBindsTighterThanAnd) {
  EXPECT_EQ(search_ast("A=1 B=2 OR C=3"), R"((and (= A "1") (or (= B "2") (= C "3"))))");
  EXPECT_EQ(search_ast("A=1 AND B=2 OR C=3"), R"((and (= A "1") (or (= B "2") (= C "3"))))");
  EXPECT_EQ(search_ast("A=1 OR B=2 C=3"), R"((and (or (= A "1") (= B "2")) (= C "3")))");
}

TEST(SearchPrecedence, NotBindsToNextTermOnly) {
  EXPECT_EQ(search_ast("error NOT 403 OR 404"),
            R"((and (term "error") (or (not (term "403")) (term "404"))))");
  EXPECT_EQ(search_ast("NOT (a=1 b=2)"), R"((not (and (= a "1") (= b "2"))))");
  EXPECT_EQ(search_ast("NOT NOT x"), R"((not (not (term "x"))))");
}

TEST(SearchPrecedence, ParenthesesAndFlattening) {
  EXPECT_EQ(search_ast("(a OR b) OR (c OR d)"),
            R"((or (term "a") (term "b") (term "c") (term "d")))");
  EXPECT_EQ(search_ast("a (b c) AND d"), R"((and (term "a") (term "b") (term "c") (term "d")))");
  EXPECT_EQ(search_ast("(a b) OR c"), R"((or (and (term "a") (term "b")) (term "c")))");
  EXPECT_EQ(search_ast("((x))"), R"((term "x"))");
}

TEST(SearchPrecedence, OperatorsMustBeUppercase) {
  EXPECT_EQ(search_ast("a or b"), R"((and (term "a") (term "or") (term "b")))");
  EXPECT_EQ(search_ast("a and b not c"),
            R"((and (term "a") (term "and") (term "b") (term "not") (term "c")))");
  EXPECT_EQ(search_ast("x in (1,2)"), R"((and (term "x") (term "in") (term "1,2")))");
  EXPECT_EQ(search_ast("ORACLE NOTE"), R"((and (term "ORACLE") (term "NOTE")))");
  EXPECT_EQ(search_ast("NOT(a)"), R"((not (term "a")))");
}

TEST(SearchCompare, NotEqualsIsNotNot) {
  EXPECT_EQ(search_ast("NOT user=admin"), R"((not (= user "admin")))");
  EXPECT_EQ(search_ast("user!=admin"), R"((!= user "admin"))");
}

TEST(SearchCompare, Operators) {
  EXPECT_EQ(search_ast("a=1 b!=2 c<3 d<=4 e>5 f>=6"),
            R"((and (= a "1") (!= b "2") (< c "3") (<= d "4") (> e "5") (>= f "6")))");
}

TEST(SearchCompare, SpacesAroundOperatorTolerated) {
  EXPECT_EQ(search_ast(R"(Registry.registry_value_name= "StubPath" Registry.path = "*x*")"),
            R"((and (= Registry.registry_value_name q"StubPath") (= Registry.path q"*x*")))");
  EXPECT_EQ(search_ast("count > 10"), R"((> count "10"))");
}

TEST(SearchCompare, FieldNames) {
  EXPECT_EQ(search_ast("Processes.process_name=cmd.exe"),
            R"((= Processes.process_name "cmd.exe"))");
  EXPECT_EQ(search_ast("a{}.b=x requestParameters.items{}.group = all"),
            R"((and (= a{}.b "x") (= requestParameters.items{}.group "all")))");
  EXPECT_EQ(search_ast(R"("Account Name"=bob)"), R"((= "Account Name" "bob"))");
  EXPECT_EQ(search_ast(R"("DNS.reply_code"!="No Error")"), R"((!= DNS.reply_code q"No Error"))");
}

TEST(SearchCompare, ValuesAndWildcards) {
  EXPECT_EQ(search_ast("process=*-enc*"), R"((= process "*-enc*"))");
  EXPECT_EQ(search_ast(R"(sourcetype="access_*")"), R"((= sourcetype q"access_*"))");
  EXPECT_EQ(search_ast("sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"),
            R"((= sourcetype "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"))");
  EXPECT_EQ(search_ast("x=a=b"), R"((= x "a=b"))");
  EXPECT_EQ(search_ast("(x=foo(1) y=2)"), R"#((and (= x "foo(1)") (= y "2")))#");
  EXPECT_EQ(search_ast("earliest=-24h"), R"((= earliest "-24h"))");
}

TEST(SearchCompare, CidrValuesAreText) {
  EXPECT_EQ(search_ast("dest_ip=10.0.0.0/8"), R"((= dest_ip "10.0.0.0/8"))");
  EXPECT_EQ(search_ast("NOT dest_ip IN (10.0.0.0/8, 192.168.0.0/16)"),
            R"((not (in dest_ip "10.0.0.0/8" "192.168.0.0/16")))");
}

TEST(SearchEscapes, QuotedStrings) {
  EXPECT_EQ(search_ast(R"(Image="*\\mshta.exe")"), R"((= Image q"*\\mshta.exe"))");
  EXPECT_EQ(search_ast(R"(p="*\sam *")"), R"((= p q"*\\sam *"))");
  EXPECT_EQ(search_ast(R"(p="a\"b")"), R"((= p q"a\"b"))");
  EXPECT_EQ(search_ast(R"(p="a\|b")"), R"((= p q"a|b"))");
  EXPECT_EQ(search_ast(R"(p="a\.b\s")"), R"((= p q"a\\.b\\s"))");
  EXPECT_EQ(search_ast(R"(p="\\\\*\\SYSVOL")"), R"((= p q"\\\\*\\SYSVOL"))");
  // \\ then \] : one backslash, then the pair \] kept.
  EXPECT_EQ(search_ast(R"(p="[^\\\]")"), R"((= p q"[^\\\\]"))");
}

TEST(SearchEscapes, UnquotedValues) {
  EXPECT_EQ(search_ast(R"(path=*\\Windows\\*)"), R"((= path "*\\Windows\\*"))");
  EXPECT_EQ(search_ast(R"(cfg=*\"hostNetwork\":true* x=1)"),
            R"((and (= cfg "*\"hostNetwork\":true*") (= x "1")))");
}

TEST(SearchIn, ListsWithAndWithoutCommas) {
  EXPECT_EQ(search_ast(R"(f IN ("a", "b", c))"), R"((in f q"a" q"b" "c"))");
  EXPECT_EQ(search_ast(R"(f IN ("a" "b" c))"), R"((in f q"a" q"b" "c"))");
  EXPECT_EQ(search_ast(R"(f IN("*.aspx", "*.ashx"))"), R"((in f q"*.aspx" q"*.ashx"))");
  EXPECT_EQ(search_ast("status IN (4*, 500)"), R"((in status "4*" "500"))");
  EXPECT_EQ(search_ast(R"(f IN (a,b,,c))"), R"((in f "a" "b" "c"))");
  EXPECT_EQ(search_ast(R"("Account Name" IN (x))"), R"((in "Account Name" "x"))");
}

TEST(SearchTerms, BareQuotedAndDirectives) {
  EXPECT_EQ(search_ast("err*"), R"((term "err*"))");
  EXPECT_EQ(search_ast(R"("web error")"), R"((term q"web error"))");
  EXPECT_EQ(search_ast("TERM(127.0.0.1)"), R"((term TERM("127.0.0.1")))");
  EXPECT_EQ(search_ast("host=CASE(LOCALHOST)"), R"((= host CASE("LOCALHOST")))");
  EXPECT_EQ(search_ast(R"(CASE("Foo Bar") x IN (CASE(A), b))"),
            R"((and (term CASE(q"Foo Bar")) (in x CASE("A") "b")))");
  EXPECT_EQ(search_ast("*"), R"((term "*"))");
}

TEST(SearchTerms, EmptyGroupMatchesAll) {
  EXPECT_EQ(search_ast("()"), "(and)");
  EXPECT_EQ(search_ast("() tag=process"), R"((= tag "process"))");
  EXPECT_EQ(search_ast("() OR x"), R"((or (and) (term "x")))");
  EXPECT_EQ(search_ast(""), "nil");
}

TEST(SearchSubsearch, OwnPipeline) {
  EXPECT_EQ(search_ast("a [search b | stats count by c] d"),
            R"((and (term "a") (subsearch (pipeline (search (term "b")) (stats (count :as "count") :by (c)))) (term "d")))");
  EXPECT_EQ(search_ast("NOT [| inputlookup x | fields y]"),
            R"((not (subsearch (pipeline :leading_pipe (inputlookup x) (fields (y))))))");
}

TEST(SearchErrors, Spans) {
  EXPECT_EQ(search_ast(R"(a="abc)"), "ERROR@2-3: unbalanced quote: this '\"' is never closed");
  EXPECT_EQ(search_ast("(a OR b"), "ERROR@0-1: unbalanced '(': no matching ')'");
  EXPECT_EQ(search_ast("a OR b)"), "ERROR@6-7: unbalanced ')': no matching '('");
  // A space cut an unquoted value inside its parentheses: the message says
  // so, on the value, instead of blaming the ')' that is left over.
  EXPECT_EQ(search_ast("x=f(a, b)"),
            "ERROR@2-6: the unquoted value 'f(a,' ends at the whitespace inside its parentheses, "
            "which leaves a ')' without a '(' later on; to compare with the whole text, quote it: "
            "\"f(a, b)\"");
  EXPECT_EQ(search_ast("(y=1 x=f(a, b)) z"),
            "ERROR@7-11: the unquoted value 'f(a,' ends at the whitespace inside its parentheses, "
            "which leaves a ')' without a '(' later on; to compare with the whole text, quote it: "
            "\"f(a, b)\"");
  // Balanced inside one word, or quoted: no error.
  EXPECT_EQ(search_ast("x=f(a,b)"), "(= x \"f(a,b)\")");
  EXPECT_EQ(search_ast(R"#(x="f(a, b)")#"), "(= x q\"f(a, b)\")");
  EXPECT_EQ(search_ast("a= "), "ERROR@1-2: missing value after '='");
  EXPECT_EQ(search_ast("(a!=)"), "ERROR@2-4: missing value after '!='");
  EXPECT_EQ(search_ast("=x"), "ERROR@0-1: missing field name before '='");
  EXPECT_EQ(search_ast("a OR"), "ERROR@2-4: missing search term after OR");
  EXPECT_EQ(search_ast("OR a"), "ERROR@0-2: missing search term before OR");
  EXPECT_EQ(search_ast("a NOT"), "ERROR@2-5: missing search term after NOT");
  EXPECT_EQ(search_ast("f IN x"), "ERROR@2-4: expected '(' after IN");
  EXPECT_EQ(search_ast("f IN (a, b"), "ERROR@5-6: unbalanced '(': no matching ')'");
  EXPECT_EQ(search_ast("f IN ()"), "ERROR@5-7: empty IN list");
  EXPECT_EQ(search_ast("a ] b"), "ERROR@2-3: unexpected ']'");
  EXPECT_EQ(search_ast("a [b"), "ERROR@2-3: unbalanced '[': no matching ']'");
}

TEST(SearchErrors, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  deep += "x";
  deep += std::string(5000, ')');
  EXPECT_NE(search_ast(deep).find("nesting too deep"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  nots += "x";
  EXPECT_NE(search_ast(nots).find("nesting too deep"), std::string::npos);
  std::string brackets(3000, '[');
  brackets += std::string(3000, ']');
  EXPECT_NE(first_error(brackets).find("nesting too deep"), std::string::npos);
}

TEST(SearchSpans, NodesPointIntoTheText) {
  auto out = parse_search_expression(R"(a=1 NOT "b c"=d)");
  ASSERT_TRUE(out.errors.empty());
  const SearchExpr& e = *out.expr;
  EXPECT_EQ(e.span.begin, 0u);
  EXPECT_EQ(e.span.end, 15u);
  EXPECT_EQ(e.children[0]->values[0].span.begin, 2u);
  const SearchExpr& n = *e.children[1];
  EXPECT_EQ(n.kind, SearchExpr::Kind::Not);
  EXPECT_EQ(n.span.begin, 4u);
  EXPECT_TRUE(n.children[0]->field_quoted);
  EXPECT_EQ(n.children[0]->values[0].span.begin, 14u);
  EXPECT_EQ(n.children[0]->values[0].span.end, 15u);
}

}  // namespace
}  // namespace rulejit::spl::testing
