// Byte positions inside every YAML scalar style, checked against yaml-cpp.
#include "compiler/frontend/scalar_positions.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace rulejit {
namespace {

struct Scanned {
  std::string value;
  size_t node_offset = 0;
  ScalarPositions pos;
};

Scanned scan(const std::string& yaml, const std::string& key = "search") {
  YAML::Node root = YAML::Load(yaml);
  YAML::Node v = root.IsSequence() ? root[0] : root[key];
  Scanned s;
  s.value = v.Scalar();
  s.node_offset = yaml_mark_to_offset(yaml, v.Mark().pos);
  s.pos = map_scalar_positions(yaml, s.node_offset, s.value, 0);
  return s;
}

// Every decoded byte must map to a file byte that explains it: the same
// character, a line break for a folded space/newline, a backslash for an
// escape, or a quote for ''.
void expect_consistent(const std::string& yaml, const Scanned& s) {
  ASSERT_EQ(s.pos.map.size(), s.value.size());
  for (uint32_t i = 0; i < s.value.size(); ++i) {
    uint32_t off = s.pos.map.at(i);
    ASSERT_LT(off, yaml.size()) << "byte " << i;
    char c = s.value[i], f = yaml[off];
    bool ok = f == c || ((c == ' ' || c == '\n') && (f == '\n' || f == '\r')) || f == '\\';
    EXPECT_TRUE(ok) << "byte " << i << " '" << c << "' maps to '" << f << "' at " << off;
  }
}

uint32_t find(const std::string& hay, const std::string& needle, size_t from = 0) {
  size_t p = hay.find(needle, from);
  EXPECT_NE(p, std::string::npos) << needle;
  return static_cast<uint32_t>(p);
}

TEST(ScalarPositions, PlainSingleLine) {
  std::string y = "name: x\nsearch: index=main | stats count  # trailing comment\nid: 1\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "index=main | stats count");
  EXPECT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.style, ScalarStyle::Plain);
  EXPECT_EQ(s.pos.map.at(0), find(y, "index"));
  EXPECT_EQ(s.pos.map.at(13), find(y, "stats"));
  // One past the end is just after the last byte.
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(s.value.size())), find(y, "count") + 5);
  expect_consistent(y, s);
}

TEST(ScalarPositions, PlainMultiLineFolds) {
  std::string y = "search: a  b\n  c d   \n\n  e\nnext: 1\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "a  b c d\ne");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.map.at(4), find(y, "\n  c"));  // folded break -> the line break
  EXPECT_EQ(s.pos.map.at(5), find(y, "c d"));
  EXPECT_EQ(s.pos.map.at(8), find(y, "\n\n") + 1);  // the empty line's break
  EXPECT_EQ(s.pos.map.at(9), find(y, "e\n"));
  expect_consistent(y, s);
}

TEST(ScalarPositions, SingleQuotedCorpusStyleFolding) {
  // As security_content writes long searches: folded single-quoted lines.
  std::string y =
      "search: '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe\n"
      "  by Processes.dest | `drop_dm_object_name(Processes)` | eval x=''it''''s''\n"
      "\n"
      "  | `foo_filter`'\n"
      "how_to_implement: none\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value,
            "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe "
            "by Processes.dest | `drop_dm_object_name(Processes)` | eval x='it''s'\n| `foo_filter`");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.style, ScalarStyle::SingleQuoted);
  EXPECT_EQ(s.pos.map.at(0), find(y, "| tstats"));
  size_t by = s.value.find("by Processes.dest");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(by)), find(y, "by Processes.dest"));
  // '' decodes to one quote mapped to the first of the pair.
  size_t q = s.value.find("'it");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(q)), find(y, "''it"));
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(q + 1)), find(y, "it''''"));
  size_t filt = s.value.find("`foo_filter`");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(filt)), find(y, "`foo_filter`"));
  expect_consistent(y, s);
}

TEST(ScalarPositions, DoubleQuotedEscapesAndEscapedBreak) {
  // The corpus has `\\\` at a line end: an escaped backslash, then an escaped
  // line break that joins the next line without a space.
  std::string y = "search: \"a\\tb \\\"q\\\" \\u00e9 x\\\\\\\n  s+[^-] end  \n  more\"\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "a\tb \"q\" \xC3\xA9 x\\s+[^-] end more");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.style, ScalarStyle::DoubleQuoted);
  uint32_t tab_escape = find(y, "\\tb");
  EXPECT_EQ(s.pos.map.at(1), tab_escape);
  EXPECT_EQ(s.pos.map.at(2), tab_escape + 2);  // 'b'
  size_t e = s.value.find("\xC3\xA9");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(e)), find(y, "\\u00e9"));
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(e + 1)), find(y, "\\u00e9"));
  size_t splus = s.value.find("s+");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(splus)), find(y, "s+[^-]"));
  size_t more = s.value.find("more");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(more)), find(y, "more"));
  expect_consistent(y, s);
}

TEST(ScalarPositions, LiteralBlock) {
  std::string y = "search: |\n  a\n   b\n\n  c\n\n\nk: 1\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "a\n b\n\nc\n");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.style, ScalarStyle::Literal);
  EXPECT_EQ(s.pos.map.at(0), find(y, "a\n"));
  EXPECT_EQ(s.pos.map.at(2), find(y, " b"));  // the extra space is content
  EXPECT_EQ(s.pos.map.at(6), find(y, "c\n"));
  EXPECT_EQ(s.pos.map.at(7), find(y, "c\n") + 1);  // clipped final break
  expect_consistent(y, s);
}

TEST(ScalarPositions, LiteralBlockChomping) {
  for (const char* header : {"|-", "|+", "|"}) {
    std::string y = std::string("search: ") + header + "\n    x = 1\n    y\n\n\nk: 1\n";
    Scanned s = scan(y);
    ASSERT_TRUE(s.pos.exact) << header;
    EXPECT_EQ(s.pos.map.at(0), find(y, "x = 1")) << header;
    EXPECT_EQ(s.pos.map.at(6), find(y, "y\n")) << header;
    expect_consistent(y, s);
  }
}

TEST(ScalarPositions, FoldedBlock) {
  std::string y = "search: >-\n    `wineventlog_security` EventCode=5145\n    | rex x\n\n    | table a\n      more indented\n    | end\nk: 1\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "`wineventlog_security` EventCode=5145 | rex x\n| table a\n  more indented\n| end");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.style, ScalarStyle::Folded);
  EXPECT_EQ(s.pos.map.at(0), find(y, "`wineventlog_security`"));
  size_t rex = s.value.find("| rex");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(rex)), find(y, "| rex"));
  size_t more = s.value.find("  more");
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(more)), find(y, "  more"));
  expect_consistent(y, s);
}

TEST(ScalarPositions, ExplicitIndentationIndicator) {
  std::string y = "search: |2\n    a\n  b\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "  a\nb\n");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.map.at(0), find(y, "  a"));
  EXPECT_EQ(s.pos.map.at(4), find(y, "b\n"));
}

TEST(ScalarPositions, TagAndAnchorBeforeScalar) {
  std::string y = "search: !!str &s 'x y'\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "x y");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.map.at(0), find(y, "x y"));
}

TEST(ScalarPositions, FlowSequenceItems) {
  std::string y = "l: [abc, 'd e', \"f\\tg\"]\n";
  YAML::Node root = YAML::Load(y);
  const char* expected[] = {"abc", "d e", "f\tg"};
  const char* raw[] = {"abc", "d e", "f\\tg"};
  for (size_t i = 0; i < 3; ++i) {
    YAML::Node v = root["l"][i];
    ASSERT_EQ(v.Scalar(), expected[i]);
    ScalarPositions p = map_scalar_positions(y, yaml_mark_to_offset(y, v.Mark().pos), v.Scalar());
    ASSERT_TRUE(p.exact) << i;
    EXPECT_EQ(p.map.at(0), find(y, raw[i]));
  }
}

TEST(ScalarPositions, ByteOrderMarkAndCrlf) {
  std::string y = "\xEF\xBB\xBFsearch: 'a\r\n  b'\r\nk: 1\r\n";
  Scanned s = scan(y);
  EXPECT_EQ(s.value, "a b");
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.map.at(0), find(y, "a\r"));
  EXPECT_EQ(s.pos.map.at(1), find(y, "\r\n"));
  EXPECT_EQ(s.pos.map.at(2), find(y, "b'"));
}

TEST(ScalarPositions, MultiByteUtf8) {
  std::string y = "search: 'caf\xC3\xA9 \xE2\x80\x94 x'\n";
  Scanned s = scan(y);
  ASSERT_TRUE(s.pos.exact);
  EXPECT_EQ(s.pos.map.at(static_cast<uint32_t>(s.value.find('x'))), find(y, "x'"));
  expect_consistent(y, s);
}

TEST(ScalarPositions, MismatchFallsBackToNodeStart) {
  std::string y = "search: 'abc'\n";
  ScalarPositions p = map_scalar_positions(y, 8, "something else");
  EXPECT_FALSE(p.exact);
  ASSERT_EQ(p.map.size(), 14u);
  for (uint32_t i = 0; i < 14; ++i) EXPECT_EQ(p.map.at(i), 8u);
  EXPECT_EQ(p.map.run_count(), 1u);
}

TEST(ScalarPositions, UnterminatedQuoteFallsBack) {
  // yaml-cpp 0.7 accepts an unclosed quote at end of input; we do not guess.
  std::string y = "a: \"x\n";
  ScalarPositions p = map_scalar_positions(y, 3, "x ");
  EXPECT_FALSE(p.exact);
  EXPECT_EQ(p.map.at(1), 3u);
}

TEST(ScalarPositions, OffsetOutOfRangeIsSafe) {
  ScalarPositions p = map_scalar_positions("abc", 100, "abc");
  EXPECT_FALSE(p.exact);
  EXPECT_EQ(p.map.at(0), 3u);
}

TEST(OffsetMap, CompressesRuns) {
  OffsetMap m = OffsetMap::from_offsets({10, 11, 12, 20, 20, 20, 30, 31});
  EXPECT_EQ(m.size(), 8u);
  EXPECT_EQ(m.run_count(), 3u);
  const uint32_t expect[] = {10, 11, 12, 20, 20, 20, 30, 31};
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(m.at(i), expect[i]) << i;
  EXPECT_EQ(m.at(8), 32u);
  EXPECT_EQ(OffsetMap::identity(5, 7).at(3), 10u);
  EXPECT_EQ(OffsetMap::identity(0, 7).at(0), 7u);
}

}  // namespace
}  // namespace rulejit
