// Every kind of bad input is classified, counted with its line number, and
// skipped; the stream goes on.
#include <gtest/gtest.h>

#include "runtime/events/event_extractor.h"
#include "runtime/events/json_scan.h"
#include "runtime/events/line_source.h"
#include "tests/unit/events/test_util.h"

namespace rulejit::rt {
namespace {

using testing::vals;
using V = std::vector<std::string>;

std::string nested(int depth) {
  return "{\"a\":" + std::string(static_cast<size_t>(depth - 1), '[') + "1" +
         std::string(static_cast<size_t>(depth - 1), ']') + "}";
}

struct Outcome {
  std::vector<uint64_t> ok_lines;
  std::vector<std::pair<uint64_t, ErrorKind>> bad;
  std::vector<std::string> a_values;
};

Outcome read_all(LineSource& src, EventExtractor& ex, const FieldPathSet& paths, int a_slot) {
  Outcome o;
  EventFields f;
  Line line;
  while (src.next(line)) {
    ExtractStatus st = ex.extract(line, paths, f);
    if (st.ok()) {
      o.ok_lines.push_back(line.line_number);
      for (auto v : f.values(a_slot)) o.a_values.emplace_back(v);
    } else {
      o.bad.emplace_back(line.line_number, st.error);
    }
  }
  return o;
}

TEST(HostileInput, EachKindIsClassifiedCountedAndSkipped) {
  std::string data;
  data += R"({"a":"ok1"})" "\n";                         // 1
  data += R"({"a":tru})" "\n";                           // 2 malformed (bad literal)
  data += R"({"a":"cut)" "\n";                           // 3 truncated in a string
  data += R"({"a":{"b":1)" "\n";                         // 4 truncated in an object
  data += "{\"a\":\"\xff\xfe\"}\n";                      // 5 invalid UTF-8
  data += nested(65) + "\n";                             // 6 too deep
  data += "[1,2,3]\n";                                   // 7 not an object
  data += "\"just a string\"\n";                         // 8 not an object
  data += R"({"a":"x"} trailing)" "\n";                  // 9 trailing content
  data += R"({"a":"x"}{"a":"y"})" "\n";                  // 10 trailing content
  data += std::string(200, 'x') + "\n";                  // 11 over-long
  data += R"({"a":"d1","a":"d2"})" "\n";                 // 12 duplicate (kept)
  data += "   \t\r\n";                                   // 13 empty
  data += R"({"a" "missing colon"})" "\n";               // 14 malformed
  data += R"({"a":1,})" "\n";                            // 15 malformed
  data += R"({"a":[1,2})" "\n";                          // 16 malformed (mismatched)
  data += R"({"a":"ok2"})";                              // 17, no final newline

  LineSource src = LineSource::from_memory(data, "hostile.ndjson",
                                           LineSourceOptions{.max_line_bytes = 150});
  EventExtractor ex;
  FieldPathSet paths;
  const int a = paths.add("a");
  Outcome o = read_all(src, ex, paths, a);

  EXPECT_EQ(o.ok_lines, (std::vector<uint64_t>{1, 12, 17}));
  EXPECT_EQ(o.a_values, (V{"ok1", "d1", "d2", "ok2"}));
  const std::vector<std::pair<uint64_t, ErrorKind>> want = {
      {2, ErrorKind::MalformedJson},    {3, ErrorKind::Truncated},
      {4, ErrorKind::Truncated},        {5, ErrorKind::InvalidUtf8},
      {6, ErrorKind::TooDeep},          {7, ErrorKind::NotAnObject},
      {8, ErrorKind::NotAnObject},      {9, ErrorKind::TrailingContent},
      {10, ErrorKind::TrailingContent}, {14, ErrorKind::MalformedJson},
      {15, ErrorKind::MalformedJson},   {16, ErrorKind::MalformedJson}};
  EXPECT_EQ(o.bad, want);

  const ReadStats& es = ex.stats();
  EXPECT_EQ(es.count(ErrorKind::MalformedJson), 4u);
  EXPECT_EQ(es.count(ErrorKind::Truncated), 2u);
  EXPECT_EQ(es.count(ErrorKind::InvalidUtf8), 1u);
  EXPECT_EQ(es.count(ErrorKind::TooDeep), 1u);
  EXPECT_EQ(es.count(ErrorKind::NotAnObject), 2u);
  EXPECT_EQ(es.count(ErrorKind::TrailingContent), 2u);
  EXPECT_EQ(es.count(ErrorKind::DuplicateKey), 1u);
  EXPECT_EQ(es.events_ok, 3u);
  EXPECT_EQ(es.events_skipped, 12u);

  const ReadStats& ls = src.stats();
  EXPECT_EQ(ls.lines, 17u);
  EXPECT_EQ(ls.empty_lines, 1u);
  EXPECT_EQ(ls.over_long_lines(), 1u);
  EXPECT_EQ(ls.bytes_read, data.size());
  ASSERT_EQ(ls.problems.size(), 1u);
  EXPECT_EQ(ls.problems[0].line, 11u);
  EXPECT_EQ(ls.problems[0].file, "hostile.ndjson");

  // The first 10 problems are kept with file and line; the rest only counted.
  ASSERT_EQ(es.problems.size(), 10u);
  EXPECT_EQ(es.problems[0].file, "hostile.ndjson");
  EXPECT_EQ(es.problems[0].line, 2u);
  EXPECT_EQ(es.problems[0].kind, ErrorKind::MalformedJson);
  EXPECT_EQ(es.problems[9].line, 12u);  // the duplicate-key warning
  EXPECT_EQ(es.problems[9].kind, ErrorKind::DuplicateKey);

  ReadStats all = ls;
  all.merge(es);
  EXPECT_EQ(all.total_problems(), 14u);
  const std::string summary = all.summary();
  EXPECT_NE(summary.find("hostile.ndjson:11: over_long_line"), std::string::npos) << summary;
  EXPECT_NE(summary.find("hostile.ndjson:2: malformed_json"), std::string::npos) << summary;
  EXPECT_NE(summary.find("more problems not shown"), std::string::npos) << summary;
}

TEST(HostileInput, DepthLimitIsExactAndIgnoresBracketsInStrings) {
  EventExtractor ex;
  FieldPathSet paths;
  paths.add("a");
  EventFields f;
  EXPECT_TRUE(ex.extract(nested(64), paths, f).ok());
  EXPECT_EQ(ex.extract(nested(65), paths, f).error, ErrorKind::TooDeep);
  const std::string brackets_in_string = "{\"a\":\"" + std::string(500, '[') + "\"}";
  EXPECT_TRUE(ex.extract(brackets_in_string, paths, f).ok());
  EXPECT_EQ(vals(f, 0), V{std::string(500, '[')});

  EventExtractor shallow(ExtractOptions{.max_depth = 2});
  EXPECT_TRUE(shallow.extract(R"({"a":{"b":1}})", paths, f).ok());
  EXPECT_EQ(shallow.extract(R"({"a":{"b":[1]}})", paths, f).error, ErrorKind::TooDeep);
}

TEST(HostileInput, VeryDeepNestingDoesNotCrash) {
  EventExtractor ex;
  FieldPathSet paths;
  paths.add("a");
  paths.set_all_fields(true);
  EventFields f;
  std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(ex.extract(deep, paths, f).error, ErrorKind::TooDeep);
  EventExtractor unlimited(ExtractOptions{.max_depth = 1u << 30});
  // Without the limit, the demanded-only walk still does not recurse into
  // undemanded values (On-Demand skips them iteratively).
  FieldPathSet only_b;
  only_b.add("b");
  EXPECT_TRUE(unlimited.extract(deep, only_b, f).ok());
}

TEST(HostileInput, UndemandedBadScalarNeedsValidateAll) {
  FieldPathSet paths;
  const int a = paths.add("a");
  EventFields f;
  const std::string line = R"({"z":tru,"q":[1,nul],"m":[1,{"x":2]},"a":"v"})";
  EventExtractor fast;
  EXPECT_TRUE(fast.extract(line, paths, f).ok());  // documented On-Demand trade-off
  // Unbalanced bracket counts are caught even in skipped values.
  EXPECT_EQ(fast.extract(R"({"m":[[1],"a":"v"})", paths, f).error, ErrorKind::MalformedJson);
  EXPECT_EQ(fast.extract(R"({"m":{"x":[1},"a":"v"})", paths, f).error, ErrorKind::MalformedJson);
  ASSERT_TRUE(fast.extract(line, paths, f).ok());
  EXPECT_EQ(vals(f, a), V{"v"});
  EventExtractor strict(ExtractOptions{.validate_all = true});
  EXPECT_EQ(strict.extract(line, paths, f).error, ErrorKind::MalformedJson);
  EXPECT_TRUE(strict.extract(R"({"z":true,"q":[1,null,{"x":"\u00e9"}],"a":"v"})", paths, f).ok());
  EXPECT_EQ(strict.extract(R"({"z":"\x"})", paths, f).error, ErrorKind::MalformedJson);
  EXPECT_EQ(strict.extract(R"({"z":01})", paths, f).error, ErrorKind::MalformedJson);
}

TEST(HostileInput, BadDemandedValuesAreMalformed) {
  FieldPathSet paths;
  paths.add("a");
  EventFields f;
  EventExtractor ex;
  for (const char* bad : {R"({"a":01})", R"({"a":1.})", R"({"a":-})", R"({"a":1e})", R"({"a":nul})",
                          R"({"a":falsey})", R"({"a":"\q"})", R"({"a":"\ud800"})"}) {
    EXPECT_EQ(ex.extract(bad, paths, f).error, ErrorKind::MalformedJson) << bad;
    EXPECT_EQ(f.count(0), 0u) << bad;
  }
}

TEST(HostileInput, EmptyAndWhitespaceOnlyStrings) {
  FieldPathSet paths;
  paths.add("a");
  EventFields f;
  EventExtractor ex;
  EXPECT_FALSE(ex.extract("", paths, f).ok());
  EXPECT_FALSE(ex.extract("   ", paths, f).ok());
  EXPECT_EQ(ex.extract("{", paths, f).error, ErrorKind::Truncated);
  EXPECT_EQ(ex.extract("}", paths, f).error, ErrorKind::MalformedJson);
  EXPECT_EQ(ex.extract("nonsense", paths, f).error, ErrorKind::NotAnObject);
  EXPECT_EQ(ex.extract("xyz", paths, f).error, ErrorKind::MalformedJson);
  EXPECT_EQ(ex.extract(std::string_view("{\"a\":\"\0\"}", 9), paths, f).error,
            ErrorKind::MalformedJson);
}

TEST(JsonScan, ClassifyFailure) {
  EXPECT_EQ(classify_failure(R"({"a":1)"), ErrorKind::Truncated);
  EXPECT_EQ(classify_failure(R"({"a":"x\")"), ErrorKind::Truncated);
  EXPECT_EQ(classify_failure(R"({"a":[1,2})"), ErrorKind::MalformedJson);
  EXPECT_EQ(classify_failure(R"({"a":1}  x)"), ErrorKind::TrailingContent);
  EXPECT_EQ(classify_failure(R"({"a":1}   )"), ErrorKind::MalformedJson);
  EXPECT_EQ(classify_failure(R"(  [1])"), ErrorKind::NotAnObject);
  EXPECT_EQ(classify_failure("-5"), ErrorKind::NotAnObject);
  EXPECT_EQ(classify_failure("@"), ErrorKind::MalformedJson);
}

TEST(JsonScan, IsJsonNumber) {
  for (const char* ok : {"0", "-0", "12", "1.5", "1e9", "1E+9", "-2.5e-3", "3502914"}) {
    EXPECT_TRUE(is_json_number(ok)) << ok;
  }
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1 ", "NaN", "--1"}) {
    EXPECT_FALSE(is_json_number(bad)) << bad;
  }
}

TEST(JsonScan, NestingExceedsAtEveryLengthAndAlignment) {
  // Crosses the 16-byte vector blocks and the 255-block accumulator limit.
  for (size_t len : {0, 1, 15, 16, 17, 31, 255, 4079, 4080, 4081, 5000, 9000}) {
    std::string opens(len, '{');
    EXPECT_FALSE(nesting_exceeds(opens, len)) << len;
    if (len > 0) {
      EXPECT_TRUE(nesting_exceeds(opens, len - 1)) << len;
    }
    // Interleaved with bytes that are not brackets (incl. ones close to them
    // under | 0x20): the count must not see them.
    std::string mixed;
    for (size_t i = 0; i < len; ++i) mixed += (i % 2) ? '[' : static_cast<char>(0xFB);
    const size_t brackets = len / 2;
    EXPECT_FALSE(nesting_exceeds(mixed, brackets)) << len;
    if (brackets > 0) {
      EXPECT_TRUE(nesting_exceeds(mixed, brackets - 1)) << len;
    }
  }
}

TEST(JsonScan, NestingExceeds) {
  EXPECT_FALSE(nesting_exceeds("{}", 1));
  EXPECT_TRUE(nesting_exceeds("{[]}", 1));
  EXPECT_FALSE(nesting_exceeds("{}{}{}[][]", 1));  // many brackets, shallow
  EXPECT_FALSE(nesting_exceeds(R"({"a":"[[[[{{{{"})", 1));
  EXPECT_TRUE(nesting_exceeds(R"({"a\"":[{"b":"]]]"}]})", 2));
}

}  // namespace
}  // namespace rulejit::rt
