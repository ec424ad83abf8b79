// yaml_tree.h: the libyaml reader gives what the YAML readers expect of
// yaml-cpp (null scalars, aliases, repeated keys, byte offsets in marks).
#include <gtest/gtest.h>

#include "compiler/frontend/yaml_tree.h"

namespace rulejit::yaml {
namespace {

Node parse_ok(std::string_view text) {
  ParseResult r = parse_yaml(text);
  EXPECT_TRUE(r.root) << r.error;
  return r.root ? *r.root : Node();
}

TEST(YamlTree, ScalarsNullsAndCollections) {
  Node root = parse_ok("a: x\nb: ~\nc:\nd: 'null'\ne: [1, two]\nf: {g: h}\ni: Null\n");
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root.size(), 7u);
  std::vector<std::pair<std::string, NodeType>> seen;
  for (const auto& kv : root) seen.emplace_back(kv.first.Scalar(), kv.second.Type());
  const std::vector<std::pair<std::string, NodeType>> want = {
      {"a", NodeType::Scalar}, {"b", NodeType::Null},     {"c", NodeType::Null}, {"d", NodeType::Scalar},
      {"e", NodeType::Sequence}, {"f", NodeType::Map}, {"i", NodeType::Null}};
  EXPECT_EQ(seen, want);
  std::vector<std::string> items;
  for (const auto& kv : root)
    if (kv.first.Scalar() == "e")
      for (const Node& item : kv.second) items.push_back(item.Scalar());
  EXPECT_EQ(items, (std::vector<std::string>{"1", "two"}));
}

TEST(YamlTree, RepeatedKeysAreKeptInOrderAndAliasesResolve) {
  Node root = parse_ok("k: &v first\nk: second\nref: *v\n");
  std::vector<std::string> values;
  for (const auto& kv : root) values.push_back(kv.second.Scalar());
  EXPECT_EQ(values, (std::vector<std::string>{"first", "second", "first"}));
}

TEST(YamlTree, MarksAreByteOffsetsAfterAByteOrderMark) {
  // "é" is two bytes: libyaml counts one character, the mark must count two.
  const std::string text = "\xEF\xBB\xBF" "d: \xC3\xA9t\xC3\xA9\nsearch: x\n";
  Node root = parse_ok(text);
  for (const auto& kv : root) {
    if (kv.first.Scalar() != "search") continue;
    EXPECT_EQ(kv.second.Mark().pos, static_cast<int>(text.find("x\n") - 3));
    EXPECT_EQ(kv.second.Mark().line, 1);
  }
}

TEST(YamlTree, SourceTextIsTheNodeAsWritten) {
  Node root = parse_ok("info:\n  reason: none\n  n: [1, 2]\nnext: y\n");
  for (const auto& kv : root) {
    if (kv.first.Scalar() == "info") {
      EXPECT_EQ(kv.second.source_text().substr(0, 24), "reason: none\n  n: [1, 2]");
    }
  }
}

TEST(YamlTree, OnlyTheFirstDocumentAndEmptyText) {
  EXPECT_TRUE(parse_ok("a: 1\n---\n[unclosed\n").IsMap());
  EXPECT_TRUE(parse_ok("").IsNull());
  EXPECT_TRUE(parse_ok("# comment\n").IsNull());
}

TEST(YamlTree, SyntaxErrorsHaveAMessageAndAPosition) {
  ParseResult r = parse_yaml("a: [1, 2\nb: c\n");
  EXPECT_FALSE(r.root);
  EXPECT_FALSE(r.error.empty());
  EXPECT_FALSE(r.error_mark.is_null());
  ParseResult alias = parse_yaml("a: *nowhere\n");
  EXPECT_FALSE(alias.root);
  EXPECT_FALSE(alias.error.empty());
}

}  // namespace
}  // namespace rulejit::yaml
