#include "compiler/support/diagnostic.h"
#include "compiler/support/text_position.h"

#include <gtest/gtest.h>

namespace rulejit {
namespace {

TEST(LineIndex, LocatesOffsets) {
  LineIndex idx("ab\ncd\n\nef");
  EXPECT_EQ(idx.locate(0).line, 1);
  EXPECT_EQ(idx.locate(0).col, 1);
  EXPECT_EQ(idx.locate(4).line, 2);
  EXPECT_EQ(idx.locate(4).col, 2);
  EXPECT_EQ(idx.locate(7).line, 4);
  EXPECT_EQ(idx.line_text(2), "cd");
  EXPECT_EQ(idx.line_text(3), "");
  EXPECT_EQ(idx.line_text(4), "ef");
}

TEST(Diagnostic, FormatsWithCaret) {
  Diagnostic d;
  d.stage = Stage::Parse;
  d.message = "unexpected ')'";
  d.file = "r.yml";
  d.line = 3;
  d.col = 5;
  d.source_line = "\tab )";
  d.notes.push_back("in expansion of macro `m`");
  EXPECT_EQ(format_diagnostic(d),
            "r.yml:3:5: error: unexpected ')'\n  \tab )\n  \t   ^\n  note: in expansion of macro `m`\n");
  EXPECT_STREQ(stage_name(Stage::Macro), "macro");
}

// A diagnostic on a huge line quotes a bounded excerpt around the column,
// with the caret still under the offending byte.
TEST(Diagnostic, QuotesABoundedExcerptOfAHugeLine) {
  Diagnostic d;
  d.message = "unexpected '!'";
  d.file = "big.yml";
  d.line = 1;
  d.source_line = std::string(5'000'000, 'x') + "!" + std::string(5'000'000, 'y');
  d.col = 5'000'001;
  const std::string out = format_diagnostic(d);
  EXPECT_LT(out.size(), 600u);
  const size_t quoted = out.find("\n  ") + 3;
  const size_t caret_line = out.find('\n', quoted) + 1;
  const size_t caret = out.find('^', caret_line);
  ASSERT_NE(caret, std::string::npos) << out;
  EXPECT_EQ(out[quoted + (caret - caret_line - 2)], '!') << out;
  EXPECT_NE(out.find("..."), std::string::npos);
  d.message = std::string(3'000'000, 'm');
  EXPECT_LT(format_diagnostic(d).size(), 2000u);
}

}  // namespace
}  // namespace rulejit
