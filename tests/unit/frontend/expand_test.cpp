// Comment stripping, macro expansion and the source map.
#include "compiler/frontend/expand.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/macros.h"

namespace rulejit {
namespace {

// name -> macro YAML text; each is loaded as macros/<name>.yml.
MacroTable make_table(const std::vector<std::pair<std::string, std::string>>& files) {
  MacroTable t;
  std::vector<Diagnostic> diags;
  for (const auto& [name, yaml] : files)
    EXPECT_TRUE(t.load_text(yaml, "macros/" + name + ".yml", diags)) << name;
  for (const auto& d : diags) ADD_FAILURE() << format_diagnostic(d);
  return t;
}

std::string expand_ok(std::string_view search, const MacroTable& t) {
  Expansion e = expand_search(search, t);
  for (const auto& d : e.diagnostics) ADD_FAILURE() << format_diagnostic(d);
  if (!e.result) return "<failed>";
  return e.result->text;
}

Diagnostic expand_error(std::string_view search, const MacroTable& t) {
  Expansion e = expand_search(search, t);
  EXPECT_FALSE(e.result.has_value()) << search;
  if (e.diagnostics.empty()) {
    ADD_FAILURE() << "no diagnostic for " << search;
    return {};
  }
  EXPECT_EQ(e.diagnostics[0].stage, Stage::Macro);
  EXPECT_EQ(e.diagnostics[0].severity, Severity::Error);
  return e.diagnostics[0];
}

const MacroTable& corpus_like() {
  static const MacroTable t = make_table({
      {"sysmon", "name: sysmon\ndefinition: sourcetype=sysmon OR source=x\ndescription: d\n"},
      {"security_content_ctime",
       "arguments:\n  - field\ndefinition: 'convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)'\n"
       "description: d\nname: security_content_ctime\n"},
      {"security_content_summariesonly",
       "name: security_content_summariesonly\ndefinition: summariesonly=`summariesonly_config` "
       "allow_old_summaries=`oldsummaries_config` fillnull_value=`fillnull_config`\n"},
      {"summariesonly_config", "name: summariesonly_config\ndefinition: 'false'\n"},
      {"oldsummaries_config", "name: oldsummaries_config\ndefinition: 'true'\n"},
      {"fillnull_config", "name: fillnull_config\ndefinition: 'null'\n"},
      {"quoted", "name: quoted\narguments: [v]\ndefinition: eval x=\"$v$\", y=$v$\n"},
      {"two", "name: two\narguments: [a, b]\ndefinition: a=$a$ b=$b$ $c$ $a\n"},
      {"call_by_name", "name: call_by_name\narguments: [m]\ndefinition: x `$m$` y\n"},
      {"rec_a", "name: rec_a\ndefinition: a `rec_b`\n"},
      {"rec_b", "name: rec_b\ndefinition: b `rec_a`\n"},
      {"self", "name: self\ndefinition: '`self`'\n"},
      {"with_comment", "name: with_comment\ndefinition: a ```inner `nope` ``` b\n"},
      {"overload0", "name: overload\ndefinition: zero\n"},
      {"overload2", "name: overload\narguments: [p, q]\ndefinition: two $p$ $q$\n"},
  });
  return t;
}

TEST(Comments, ReplacedBySpace) {
  MacroTable t;
  EXPECT_EQ(expand_ok("a ```c``` b", t), "a   b");
  EXPECT_EQ(expand_ok("a```c```b", t), "a b");  // tokens do not fuse
  EXPECT_EQ(expand_ok("a``````b", t), "a b");   // empty comment
  EXPECT_EQ(expand_ok("a ```x``` b ```y``` c", t), "a   b   c");
}

TEST(Comments, SpanLinesAndHideMacroCalls) {
  MacroTable t;
  // A backtick call inside a comment is not expanded (it is unknown, too).
  EXPECT_EQ(expand_ok("x ```see `unknown_macro` and \"quotes\n more``` | y", t), "x   | y");
}

TEST(Comments, InsideMacroDefinition) {
  EXPECT_EQ(expand_ok("`with_comment`", corpus_like()), "a   b");
}

TEST(Comments, Unterminated) {
  MacroTable t;
  Diagnostic d = expand_error("a | ```never closed", t);
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.col, 5);
  EXPECT_NE(d.message.find("unterminated comment"), std::string::npos);
}

TEST(Expand, NoMacros) {
  MacroTable t;
  EXPECT_EQ(expand_ok("index=main | stats count", t), "index=main | stats count");
  EXPECT_EQ(expand_ok("", t), "");
}

TEST(Expand, MacroWithoutArguments) {
  EXPECT_EQ(expand_ok("`sysmon` EventCode=1", corpus_like()), "sourcetype=sysmon OR source=x EventCode=1");
  // Pure text substitution: nothing is added around the expansion.
  EXPECT_EQ(expand_ok("a`sysmon`b", corpus_like()), "asourcetype=sysmon OR source=xb");
}

TEST(Expand, MacroWithArgument) {
  EXPECT_EQ(expand_ok("| `security_content_ctime(firstTime)`", corpus_like()),
            "| convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(firstTime)");
  // Spaces around the name and the arguments are ignored.
  EXPECT_EQ(expand_ok("` security_content_ctime( lastTime ) `", corpus_like()),
            "convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(lastTime)");
}

TEST(Expand, NestedMacros) {
  EXPECT_EQ(expand_ok("| tstats `security_content_summariesonly` count", corpus_like()),
            "| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count");
}

TEST(Expand, ArgumentSubstitutedInsideQuotes) {
  EXPECT_EQ(expand_ok("`quoted(abc)`", corpus_like()), "eval x=\"abc\", y=abc");
}

TEST(Expand, OneQuotePairStrippedFromArguments) {
  EXPECT_EQ(expand_ok("`quoted(\"abc\")`", corpus_like()), "eval x=\"abc\", y=abc");
  EXPECT_EQ(expand_ok("`drop_dm_object_name(\"All_Changes\")`", corpus_like()),
            "rename \"All_Changes.*\" as *");
  // Two strings are not one quoted argument: kept as written.
  EXPECT_EQ(expand_ok("`quoted(\"a\" OR \"b\")`", corpus_like()),
            "eval x=\"\"a\" OR \"b\"\", y=\"a\" OR \"b\"");
  // Inner escaped quotes stay escaped.
  EXPECT_EQ(expand_ok("`quoted(\"He said \\\"hi\\\"\")`", corpus_like()),
            "eval x=\"He said \\\"hi\\\"\", y=He said \\\"hi\\\"");
}

TEST(Expand, ArgumentsSplitOnTopLevelCommas) {
  EXPECT_EQ(expand_ok("`two(\"x,y\", f(1,2))`", corpus_like()), "a=x,y b=f(1,2) $c$ $a");
  EXPECT_EQ(expand_ok("`two(1,2)`", corpus_like()), "a=1 b=2 $c$ $a");
}

TEST(Expand, OverloadsByArity) {
  EXPECT_EQ(expand_ok("`overload`", corpus_like()), "zero");
  EXPECT_EQ(expand_ok("`overload()`", corpus_like()), "zero");
  EXPECT_EQ(expand_ok("`overload(1, 2)`", corpus_like()), "two 1 2");
}

TEST(Expand, MacroProducedByArgumentSubstitution) {
  EXPECT_EQ(expand_ok("`call_by_name(sysmon)`", corpus_like()), "x sourcetype=sysmon OR source=x y");
}

TEST(Expand, NotInsideDoubleQuotedStrings) {
  EXPECT_EQ(expand_ok("search x=\"a`sysmon`b\"", corpus_like()), "search x=\"a`sysmon`b\"");
  // \" does not end the string, so the call is still inside it.
  EXPECT_EQ(expand_ok("x=\"a\\\"`sysmon`\" `sysmon`", corpus_like()),
            "x=\"a\\\"`sysmon`\" sourcetype=sysmon OR source=x");
  // \\ before the closing quote is an escaped backslash: the string ends.
  EXPECT_EQ(expand_ok("x=\"a\\\\\" `sysmon`", corpus_like()), "x=\"a\\\\\" sourcetype=sysmon OR source=x");
}

TEST(Expand, RecursionReportedWithChain) {
  Diagnostic d = expand_error("x | `rec_a`", corpus_like());
  EXPECT_EQ(d.message, "recursive macro expansion: `rec_a` -> `rec_b` -> `rec_a`");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.col, 5);  // the outermost call in the search
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0], "in expansion of macro `rec_b` (macros/rec_b.yml:2:15)");
  EXPECT_EQ(d.notes[1], "in expansion of macro `rec_a` (macros/rec_a.yml:2:15)");

  Diagnostic s = expand_error("`self`", corpus_like());
  EXPECT_EQ(s.message, "recursive macro expansion: `self` -> `self`");
}

TEST(Expand, UnknownMacro) {
  Diagnostic d = expand_error("index=x\n| `no_such_macro(a)` | stats count", corpus_like());
  EXPECT_EQ(d.message, "unknown macro `no_such_macro`");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 3);
  EXPECT_EQ(d.source_line, "| `no_such_macro(a)` | stats count");
}

TEST(Expand, WrongArity) {
  Diagnostic d = expand_error("`security_content_ctime`", corpus_like());
  EXPECT_EQ(d.message, "macro `security_content_ctime` is called with 0 argument(s) but is defined with 1");
  Diagnostic o = expand_error("`overload(1)`", corpus_like());
  EXPECT_EQ(o.message, "macro `overload` is called with 1 argument(s) but is defined with 0 or 2");
}

TEST(Expand, UnterminatedAndMalformedCalls) {
  Diagnostic d = expand_error("a | `sysmon", corpus_like());
  EXPECT_NE(d.message.find("unterminated macro call"), std::string::npos);
  EXPECT_EQ(d.col, 5);
  EXPECT_EQ(expand_error("a `` b", corpus_like()).message, "empty macro call ``");
  EXPECT_NE(expand_error("`two words`", corpus_like()).message.find("malformed macro call `two words`"),
            std::string::npos);
  EXPECT_NE(expand_error("`two(1, 2) x`", corpus_like()).message.find("malformed"), std::string::npos);
}

TEST(Expand, AllErrorsReported) {
  Expansion e = expand_search("`nope1` `sysmon` `nope2`", corpus_like());
  EXPECT_FALSE(e.result);
  ASSERT_EQ(e.diagnostics.size(), 2u);
  EXPECT_EQ(e.diagnostics[1].col, 18);
}

TEST(Builtins, FilterMacro) {
  EXPECT_EQ(expand_ok("x | `my_detection_filter`", corpus_like()), "x | search *");
  MacroTable t = make_table({{"f", "name: my_detection_filter\ndefinition: search user!=admin\n"}});
  EXPECT_EQ(expand_ok("x | `my_detection_filter`", t), "x | search user!=admin");
  // Only with zero arguments.
  EXPECT_EQ(expand_error("`my_filter(1)`", corpus_like()).message,
            "macro `my_filter` is called with 1 argument(s) but is defined with 0");
}

TEST(Builtins, DataModelObjectNames) {
  EXPECT_EQ(expand_ok("| `drop_dm_object_name(Processes)`", corpus_like()), "| rename \"Processes.*\" as *");
  EXPECT_EQ(expand_ok("| `add_dm_object_name(\"Processes\")`", corpus_like()),
            "| rename * as \"Processes.*\"");
  EXPECT_EQ(expand_ok("(`cim_Endpoint_indexes`) tag=process", corpus_like()), "(*) tag=process");
  EXPECT_EQ(expand_ok("| `get_asset(src)` | x", corpus_like()), "| search * | x");
  Diagnostic d = expand_error("`drop_dm_object_name`", corpus_like());
  EXPECT_EQ(d.message, "macro `drop_dm_object_name` is called with 0 argument(s) but is defined with 1");
}

TEST(Builtins, CanBeDisabled) {
  MacroTable t(false);
  EXPECT_EQ(expand_error("`x_filter`", t).message, "unknown macro `x_filter`");
}

TEST(Limits, DepthIsCapped) {
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 60; ++i)
    files.push_back({"m" + std::to_string(i), "name: m" + std::to_string(i) + "\ndefinition: '`m" +
                                                  std::to_string(i + 1) + "`'\n"});
  files.push_back({"m60", "name: m60\ndefinition: end\n"});
  MacroTable t = make_table(files);
  Diagnostic d = expand_error("`m0`", t);
  EXPECT_NE(d.message.find("nested deeper than 50"), std::string::npos) << d.message;
  EXPECT_EQ(d.notes.size(), 50u);
}

// A macro calling two deeper ones reaches the depth limit at many call
// sites; the error is reported once, not once per site.
TEST(Limits, TheDepthErrorIsReportedOnce) {
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 60; ++i) {
    const std::string next = "`d" + std::to_string(i + 1) + "`";
    files.push_back({"d" + std::to_string(i), "name: d" + std::to_string(i) + "\ndefinition: '" + next + " OR " +
                                                  next + "'\n"});
  }
  files.push_back({"d60", "name: d60\ndefinition: end\n"});
  MacroTable t = make_table(files);
  Expansion e = expand_search("`d0` `d0`", t);
  EXPECT_FALSE(e.result.has_value());
  size_t depth_errors = 0;
  for (const auto& d : e.diagnostics) depth_errors += d.message.find("nested deeper") != std::string::npos;
  EXPECT_EQ(depth_errors, 1u);
}

TEST(Limits, ExponentialGrowthIsCapped) {
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 30; ++i) {
    std::string next = "`e" + std::to_string(i + 1) + "`";
    files.push_back({"e" + std::to_string(i), "name: e" + std::to_string(i) + "\ndefinition: '" + next +
                                                  " " + next + "'\n"});
  }
  files.push_back({"e30", "name: e30\ndefinition: xxxxxxxxxxxxxxxx\n"});
  MacroTable t = make_table(files);
  Diagnostic d = expand_error("`e0`", t);
  EXPECT_NE(d.message.find("too large"), std::string::npos) << d.message;
}

// ---------------------------------------------------------------- positions

const char* kDetectionYaml =
    "name: Test Detection\n"
    "id: 11111111-2222-3333-4444-555555555555\n"
    "type: TTP\n"
    "search: '`sysmon` EventCode=1\n"
    "  | where x=''a'' | `security_content_ctime(firstTime)` | `test_detection_filter`'\n";

TEST(SourceMap, LiteralTextMapsToItsOwnPosition) {
  DetectionLoad l = parse_detection(kDetectionYaml, "detections/test.yml");
  ASSERT_TRUE(l.detection);
  ASSERT_TRUE(l.detection->search_origin_exact);
  Expansion e = expand_search(*l.detection, corpus_like());
  ASSERT_TRUE(e.result);
  const ExpandedSearch& x = *e.result;
  EXPECT_EQ(x.text,
            "sourcetype=sysmon OR source=x EventCode=1 | where x='a' | convert "
            "timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(firstTime) | search *");

  auto where = static_cast<uint32_t>(x.text.find("where"));
  Diagnostic d = x.map.locate(where, Stage::Parse, "bad where");
  EXPECT_EQ(d.file, "detections/test.yml");
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.col, 5);
  EXPECT_EQ(d.source_line, "  | where x=''a'' | `security_content_ctime(firstTime)` | `test_detection_filter`'");
  EXPECT_TRUE(d.notes.empty());
  EXPECT_EQ(d.stage, Stage::Parse);
  EXPECT_EQ(d.message, "bad where");

  // After '' the columns still line up with the file.
  auto a = static_cast<uint32_t>(x.text.find("a' |"));
  EXPECT_EQ(x.map.locate(a).col, 15);
  EXPECT_EQ(x.map.locate(a + 1).col, 16);  // the closing quote is the first of ''
  EXPECT_EQ(x.map.locate(a + 3).col, 19);
  auto ev = static_cast<uint32_t>(x.text.find("EventCode"));
  EXPECT_EQ(x.map.locate(ev).line, 4);
  EXPECT_EQ(x.map.locate(ev).col, 19);
  EXPECT_TRUE(x.map.macro_chain(ev).empty());
}

TEST(SourceMap, MacroTextMapsToTheOutermostCall) {
  DetectionLoad l = parse_detection(kDetectionYaml, "detections/test.yml");
  ASSERT_TRUE(l.detection);
  Expansion e = expand_search(*l.detection, corpus_like());
  ASSERT_TRUE(e.result);
  const ExpandedSearch& x = *e.result;

  auto src = static_cast<uint32_t>(x.text.find("source=x"));
  Diagnostic d = x.map.locate(src);
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.col, 10);  // the backtick of `sysmon`
  ASSERT_EQ(d.notes.size(), 1u);
  // "definition: sourcetype=sysmon OR source=x": `source=x` is at column 34.
  EXPECT_EQ(d.notes[0], "in expansion of macro `sysmon` (macros/sysmon.yml:2:34)");
  ASSERT_EQ(x.map.macro_chain(src).size(), 1u);
  EXPECT_EQ(x.map.macro_chain(src)[0]->name, "sysmon");
  EXPECT_EQ(x.map.search_offset(src), 0u);

  // `%Y` inside the single-quoted macro definition, column 34 of line 3.
  auto pct = static_cast<uint32_t>(x.text.find("%Y"));
  Diagnostic c = x.map.locate(pct);
  EXPECT_EQ(c.line, 5);
  EXPECT_EQ(c.col, 21);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0], "in expansion of macro `security_content_ctime` (macros/security_content_ctime.yml:3:34)");

  // The argument text maps to where it is written in the call.
  auto arg = static_cast<uint32_t>(x.text.find("firstTime"));
  Diagnostic a = x.map.locate(arg);
  EXPECT_EQ(a.line, 5);
  EXPECT_EQ(a.col, 45);
  EXPECT_TRUE(a.notes.empty());

  auto filt = static_cast<uint32_t>(x.text.find("search *"));
  Diagnostic f = x.map.locate(filt);
  EXPECT_EQ(f.col, 59);
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0], "in expansion of built-in macro `test_detection_filter`");

  // Past the end: the last byte came from the filter macro, so its call.
  Diagnostic end = x.map.locate(static_cast<uint32_t>(x.text.size()));
  EXPECT_EQ(end.line, 5);
  EXPECT_EQ(end.col, 59);
  EXPECT_EQ(end.notes.size(), 1u);

  // Segments, not bytes.
  EXPECT_LT(x.map.segment_count(), 16u);
}

TEST(SourceMap, EndOfLiteralText) {
  MacroTable t;
  Expansion e = expand_search("ab\ncd", t);
  ASSERT_TRUE(e.result);
  Diagnostic d = e.result->map.locate(5);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 3);
  EXPECT_EQ(d.source_line, "cd");
  EXPECT_EQ(e.result->map.search_offset(1), 1u);
  Expansion empty = expand_search("", t);
  ASSERT_TRUE(empty.result);
  EXPECT_EQ(empty.result->map.locate(0).line, 1);
  EXPECT_EQ(empty.result->map.locate(0).col, 1);
}

TEST(SourceMap, NestedMacroNotesInnermostFirst) {
  Expansion e = expand_search("| tstats `security_content_summariesonly` count", corpus_like(), "s.spl");
  ASSERT_TRUE(e.result);
  const ExpandedSearch& x = *e.result;
  auto f = static_cast<uint32_t>(x.text.find("false"));
  Diagnostic d = x.map.locate(f);
  EXPECT_EQ(d.file, "s.spl");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.col, 10);
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0], "in expansion of macro `summariesonly_config` (macros/summariesonly_config.yml:2:14)");
  EXPECT_EQ(d.notes[1],
            "in expansion of macro `security_content_summariesonly` "
            "(macros/security_content_summariesonly.yml:2:27)");
  EXPECT_EQ(x.map.describe(f), "s.spl:1:10 in `summariesonly_config` <- `security_content_summariesonly`");
}

TEST(SourceMap, ErrorInsideMacroPointsAtCallWithNotes) {
  MacroTable t = make_table({{"outer", "name: outer\ndefinition: |\n  a\n  | `missing`\n"}});
  Expansion e = expand_search("x\n  | `outer`", t, "d.yml");
  ASSERT_FALSE(e.result);
  ASSERT_EQ(e.diagnostics.size(), 1u);
  const Diagnostic& d = e.diagnostics[0];
  EXPECT_EQ(d.message, "unknown macro `missing`");
  EXPECT_EQ(d.file, "d.yml");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 5);
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0], "in expansion of macro `outer` (macros/outer.yml:4:5)");
}

}  // namespace
}  // namespace rulejit
