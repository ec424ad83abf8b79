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

}  // namespace
}  // namespace rulejit
