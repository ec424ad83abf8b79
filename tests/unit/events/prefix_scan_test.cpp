// PrefixScanner: whenever it decides a line, it fills the fields exactly as
// the exact reader (EventExtractor with the same early stop) does; what it
// does not decide it hands back (false) instead of guessing.
#include "runtime/events/prefix_scan.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test_util.h"

namespace rulejit::rt {
namespace {

using testing::vals;

struct ScanSetup {
  FieldPathSet paths;
  EarlyStop stop;
  int binary, pid, labels_app, args, flag, nothing, exec, ancestors_bin, kprobe;
  ScanSetup() {
    binary = paths.add("process_exec.process.binary");
    pid = paths.add("process_exec.process.pid");
    labels_app = paths.add("process_exec.process.pod.pod_labels.app.kubernetes.io/name");
    args = paths.add("process_exec.process.arguments");
    flag = paths.add("process_exec.process.in_init_tree");
    nothing = paths.add("process_exec.process.maybe_null");
    ancestors_bin = paths.add("process_exec.ancestors{}.binary");
    exec = paths.add_presence("process_exec");
    kprobe = paths.add_presence("process_kprobe");
  }
  // Stop once the binary is read; process_kprobe events stop at their key.
  void stop_after_binary() {
    EarlyStop::Group g;
    g.key = "process_exec";
    g.wait_for(binary);
    stop.groups.push_back(g);
    EarlyStop::Group k;
    k.key = "process_kprobe";
    stop.groups.push_back(k);
  }
};

// Scans `json` and, when the scanner decides it, compares every slot and the
// top-level keys with the exact reader. Returns whether the scanner decided.
bool scan_matches_exact(const ScanSetup& s, const std::string& json, NullPolicy nulls = NullPolicy::Absent) {
  std::string buf_a, buf_b;
  const Line line = padded_line(buf_a, json, "t");
  EventFields a, b;
  PrefixScanner scanner(64, nulls);
  if (!scanner.scan(line, s.paths, s.stop, a)) return false;
  EventExtractor exact(ExtractOptions{.json_null = nulls});
  const ExtractStatus st = exact.extract(padded_line(buf_b, json, "t"), s.paths, b, &s.stop);
  EXPECT_TRUE(st.ok()) << json;
  EXPECT_EQ(st.error, ErrorKind::None) << json;
  for (size_t i = 0; i < s.paths.size(); ++i) {
    const int slot = static_cast<int>(i);
    EXPECT_EQ(a.present(slot), b.present(slot)) << s.paths.name(slot) << " in " << json;
    EXPECT_EQ(vals(a, slot), vals(b, slot)) << s.paths.name(slot) << " in " << json;
  }
  const auto ka = a.top_level_keys(), kb = b.top_level_keys();
  EXPECT_EQ(std::vector<std::string_view>(ka.begin(), ka.end()), std::vector<std::string_view>(kb.begin(), kb.end()));
  return true;
}

TEST(PrefixScan, FillsWhatTheExactReaderFills) {
  ScanSetup s;
  const std::vector<std::string> lines = {
      R"({"process_exec":{"process":{"binary":"/bin/sh","pid":42,"arguments":"-c id"}},"node_name":"n1"})",
      R"(  { "process_exec" : { "process" : { "pid" : -1.5e3 , "binary" : "/usr/bin/curl" } } }  )",
      R"({"process_exec":{"process":{"binary":"caf\u00e9 \ud83d\ude00 \/x \"q\" \\ \n\t","pid":0}}})",
      R"({"process_exec":{"process":{"binary":"ünïcödé","in_init_tree":true,"maybe_null":null}}})",
      R"({"process_exec":{"process":{"in_init_tree":false,"pod":{"pod_labels":{"app.kubernetes.io/name":"web"}}}}})",
      R"({"process_exec":{"process":{"pod":{"pod_labels":{"app":{"kubernetes.io/name":"nested"}}}}}})",
      R"({"process_exec":{"ancestors":[{"binary":"/a"},{"pid":1},{"binary":"/b"},[],"x",7]}})",
      R"({"process_exec":{"process":{"binary":{"not":"a scalar"},"pid":[1,2]}}})",
      R"({"process_exec":{},"other":[[[{"deep":"\"]}"}]]]})",
      R"({"process_exec":[]})",
      R"({"process_kprobe":{"function_name":"tcp_connect"}})",
      R"({"unrelated":{"a":[1,2,{"b":"}"}]},"x":null,"y":true})",
      R"({})",
      R"({"process_exec":{"process":{"arguments":""}}})",
  };
  for (const auto& l : lines) EXPECT_TRUE(scan_matches_exact(s, l)) << l;
  EXPECT_TRUE(scan_matches_exact(s, lines[3], NullPolicy::Text));
}

TEST(PrefixScan, StopsWhereTheExactReaderStops) {
  ScanSetup s;
  s.stop_after_binary();
  // Fields after the binary are not read by either reader.
  EXPECT_TRUE(scan_matches_exact(
      s, R"({"process_exec":{"process":{"pid":1,"binary":"/bin/sh","arguments":"late"}},"node_name":"n"})"));
  EXPECT_TRUE(scan_matches_exact(s, R"({"process_kprobe":{"args":[1,2,3]},"node_name":"n"})"));
  // The first routing key decides; an earlier non-routing key is read.
  EXPECT_TRUE(scan_matches_exact(s, R"({"time":"t","process_kprobe":{},"process_exec":{}})"));
}

TEST(PrefixScan, StopsAtARoutingKeyThatNeedsNothing) {
  // The price of not indexing the line: text after a stop at the routing
  // key is not checked. The exact reader rejects this line.
  ScanSetup s;
  s.stop_after_binary();
  std::string buf;
  EventFields f;
  PrefixScanner scanner;
  ASSERT_TRUE(scanner.scan(padded_line(buf, R"({"process_kprobe":{"args": tru }, oops)", "t"), s.paths, s.stop, f));
  EXPECT_TRUE(f.present(s.kprobe));
}

TEST(PrefixScan, AfterTheWaitedFieldsTheRestIsSkippedAndCheckedForRepeats) {
  // Once the waited fields have values, later keys are only checked: one
  // that leads to a field with a value could add a value (a multivalue the
  // exact reader sees), so the scanner declines; other values are skipped
  // unread, and the line must still end well.
  ScanSetup s;
  s.stop_after_binary();
  std::string buf;
  EventFields f;
  PrefixScanner scanner;
  const std::string head = R"({"process_exec":{"process":{"binary":"/x",)";
  ASSERT_TRUE(scanner.scan(padded_line(buf, head + R"("pid":7,"cwd":"/"},"parent":{"binary":"/p"}},"t":1})", "t"),
                           s.paths, s.stop, f));
  EXPECT_EQ(vals(f, s.binary), std::vector<std::string>{"/x"});
  EXPECT_FALSE(f.present(s.pid));  // after the stop: skipped, not read
  // Repeats at every level of the path decline: the same object, an enclosing
  // object, the top level, and a dotted spelling of the same name.
  for (const char* rest : {R"("binary":"/y"}}})", R"("pid":1},"process":{"binary":"/y"}}})",
                           R"("pid":1}},"process_exec":{"process":{"binary":"/y"}}})",
                           R"("pid":1},"process.binary":"/y"}})"})
    EXPECT_FALSE(scanner.scan(padded_line(buf, head + rest, "t"), s.paths, s.stop, f)) << rest;
  // A truncated line is no longer taken on trust after the stop.
  EXPECT_FALSE(scanner.scan(padded_line(buf, head, "t"), s.paths, s.stop, f));
}

// After a stop for the waited fields, the scan still walks the whole root
// object, so the line's top-level keys are all known (the JIT learns from
// them that a field such as `script_name` is absent without a second scan);
// after a stop at a routing key that needs nothing, they are not.
TEST(PrefixScan, KnowsEveryTopLevelKeyUnlessItStoppedAtARoutingKey) {
  ScanSetup s;
  s.stop_after_binary();
  std::string buf;
  EventFields f;
  PrefixScanner scanner;
  ASSERT_TRUE(scanner.scan(
      padded_line(buf, R"({"process_exec":{"process":{"binary":"/x","pid":7}},"node_name":"n","time":"t"})", "t"),
      s.paths, s.stop, f));
  EXPECT_TRUE(scanner.saw_every_top_level_key());
  const auto keys = f.top_level_keys();
  EXPECT_EQ(std::vector<std::string_view>(keys.begin(), keys.end()),
            (std::vector<std::string_view>{"process_exec", "node_name", "time"}));
  ASSERT_TRUE(scanner.scan(padded_line(buf, R"({"process_kprobe":{"args":[]},"node_name":"n"})", "t"), s.paths, s.stop, f));
  EXPECT_FALSE(scanner.saw_every_top_level_key());
  EXPECT_FALSE(scanner.scan(padded_line(buf, R"({"process_exec":{"process":{"binary":"/x")", "t"), s.paths, s.stop, f));
  EXPECT_FALSE(scanner.saw_every_top_level_key());
}

TEST(PrefixScan, HandsBackWhatItDoesNotDecide) {
  ScanSetup s;
  const std::vector<std::string> lines = {
      R"([1,2])",                                                         // not an object
      R"({"process_exec":{"process":{"binary":"/a","binary":"/b"}}})",     // repeated name
      R"({"process_exec":{},"process_exec":{}})",                          // repeated top-level key
      R"({"process_exec":{"process":{"bin\u0061ry":"/a"}}})",              // escaped key
      R"({"process_exec":{"process":{"binary":"\ud800"}}})",               // lone surrogate
      R"({"process_exec":{"process":{"binary":"\udc00"}}})",               // lone low surrogate
      R"({"process_exec":{"process":{"binary":"\x"}}})",                   // bad escape
      "{\"process_exec\":{\"process\":{\"binary\":\"a\x01b\"}}}",          // raw control character
      "{\"process_exec\":{\"process\":{\"binary\":\"\xff\xfe\"}}}",        // invalid UTF-8
      R"({"process_exec":{"process":{"pid":01}}})",                        // bad number
      R"({"process_exec":{"process":{"pid":tru}}})",                       // bad literal
      R"({"process_exec":{"process":{"binary":"/a"}}} x)",                 // trailing text
      R"({"process_exec":{"process":{"binary":"/a"})",                     // truncated
      R"({"process_exec":{"process":{"binary" "/a"}}})",                   // missing colon
      R"({"process_exec":{"process":{"binary":"/a" "pid":1}}})",           // missing comma
      R"({"a":)" + std::string(70, '[') + std::string(70, ']') + "}",      // deeper than 64
  };
  std::string buf;
  EventFields f;
  PrefixScanner scanner;
  for (const auto& l : lines) EXPECT_FALSE(scanner.scan(padded_line(buf, l, "t"), s.paths, s.stop, f)) << l;

  // A routing group that needs the whole event.
  ScanSetup whole;
  EarlyStop::Group g;
  g.key = "process_exec";
  g.stoppable = false;
  whole.stop.groups.push_back(g);
  EXPECT_FALSE(scanner.scan(padded_line(buf, R"({"process_exec":{}})", "t"), whole.paths, whole.stop, f));

  // A line without padding after it.
  const std::string bare = R"({"process_exec":{}})";
  Line unpadded;
  unpadded.text = bare;
  unpadded.capacity = bare.size();
  EXPECT_FALSE(scanner.scan(unpadded, s.paths, s.stop, f));
}

// A value's checks (control characters, UTF-8) are made 16 bytes at a time
// during the search for its end: only the value's own bytes count, wherever
// they fall in a 16-byte chunk, escaped bytes included.
TEST(PrefixScan, ChecksEveryByteOfAValueAndNoOther) {
  ScanSetup s;
  s.stop_after_binary();
  std::string buf;
  EventFields f;
  PrefixScanner scanner;
  const std::string head = R"({"process_exec":{"process":{"binary":")";
  for (size_t pad = 0; pad < 40; ++pad) {
    const std::string x(pad, 'x');
    // Whitespace (bytes below 0x20) right after the value, in its last chunk.
    EXPECT_TRUE(scan_matches_exact(s, head + x + "\"\n\t,\"pid\":1\r\n}}}")) << pad;
    EXPECT_TRUE(scan_matches_exact(s, head + x + "\xc3\xa9" + x + R"("}}})")) << pad;
    EXPECT_TRUE(scan_matches_exact(s, head + x + R"(\"\\\n)" + x + R"("}}})")) << pad;
    // A control character or invalid UTF-8 anywhere in the value declines.
    for (const std::string& bad : {std::string(1, '\x01'), std::string(1, '\x1f'), std::string(1, '\xff'),
                                  std::string(1, '\xc3')}) {
      EXPECT_FALSE(scanner.scan(padded_line(buf, head + x + bad + R"("}}})", "t"), s.paths, s.stop, f)) << pad;
      EXPECT_FALSE(scanner.scan(padded_line(buf, head + R"(\n)" + x + bad + R"(y"}}})", "t"), s.paths, s.stop, f))
          << pad;
    }
    // The byte a backslash escapes is checked too.
    EXPECT_FALSE(scanner.scan(padded_line(buf, head + x + "\\\x01" + R"("}}})", "t"), s.paths, s.stop, f)) << pad;
  }
}

TEST(PrefixScan, ViewsOfDecodedStringsStayValidWithinTheEvent) {
  ScanSetup s;
  std::string buf;
  EventFields f;
  PrefixScanner scanner;
  std::string json = R"({"process_exec":{"process":{"binary":"\u0041)" + std::string(300, 'b') +
                     R"(","arguments":"\u0042x","pid":1},"ancestors":[)";
  for (int i = 0; i < 50; ++i) json += std::string(i ? "," : "") + R"({"binary":"\u0043)" + std::to_string(i) + "\"}";
  json += "]}}";
  ASSERT_TRUE(scanner.scan(padded_line(buf, json, "t"), s.paths, s.stop, f));
  EXPECT_EQ(vals(f, s.binary), std::vector<std::string>{"A" + std::string(300, 'b')});
  EXPECT_EQ(vals(f, s.args), std::vector<std::string>{"Bx"});
  ASSERT_EQ(f.count(s.ancestors_bin), 50u);
  EXPECT_EQ(f.value(s.ancestors_bin, 49), "C49");
}

TEST(PrefixScan, TheBundledTetragonEventsAreDecided) {
  // The test fixture and the bundled sample stream (generated, with escapes
  // in arguments), with and without early stop.
  std::vector<std::string> lines = testing::fixture_lines();
  std::ifstream sample(std::string(RULEJIT_SOURCE_DIR) + "/rules/samples/tetragon-sample.ndjson");
  for (std::string l; std::getline(sample, l);) lines.push_back(l);
  ASSERT_GT(lines.size(), 500u);
  for (bool stop : {false, true}) {
    ScanSetup s;
    if (stop) s.stop_after_binary();
    for (const auto& l : lines)
      if (!l.empty()) {
        EXPECT_TRUE(scan_matches_exact(s, l)) << l.substr(0, 120);
      }
  }
}

namespace skip_test {

// A random JSON value for the scanner to skip: nested objects and arrays,
// strings full of the bytes the block skipper must get right (quotes,
// backslash runs, brackets inside strings), long enough to cross its
// 64-byte blocks anywhere.
struct ValueGen {
  uint64_t state;
  uint32_t next(uint32_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33) % n;
  }
  std::string string_value() {
    static const char* pieces[] = {"a", "bc", "\\\"", "\\\\", "\\\\\\\"", "{", "}", "[", "]", "\\n", "\\u00e9", " ", "é",
                                   "\\/", "xyz0123456789"};
    std::string s = "\"";
    const uint32_t n = next(40);
    for (uint32_t i = 0; i < n; ++i) s += pieces[next(sizeof pieces / sizeof *pieces)];
    return s + "\"";
  }
  std::string value(int depth) {
    const uint32_t kind = depth > 6 ? next(3) : next(6);
    switch (kind) {
      case 0: return string_value();
      case 1: return std::to_string(next(100000));
      case 2: return next(2) ? "true" : "null";
      case 3: {
        std::string s = "{";
        const uint32_t n = next(6);
        for (uint32_t i = 0; i < n; ++i) s += (i ? "," : "") + string_value() + ":" + value(depth + 1);
        return s + "}";
      }
      default: {
        std::string s = "[";
        const uint32_t n = next(6);
        for (uint32_t i = 0; i < n; ++i) s += (i ? "," : "") + value(depth + 1);
        return s + "]";
      }
    }
  }
};

}  // namespace skip_test

TEST(PrefixScan, SkipsContainersOfEveryShapeAndLength) {
  // The wanted field comes after a value no path reads (skipped in 64-byte
  // blocks): the scan must land exactly after it, as the exact reader does.
  ScanSetup s;
  s.stop_after_binary();
  skip_test::ValueGen gen{42};
  size_t decided = 0, skipped_bytes = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string skipped = gen.value(0);
    const std::string pad(gen.next(64), ' ');
    const std::string json = R"({"process_exec":{"other":)" + pad + skipped + R"(,"process":{"skip":)" + skipped +
                             R"(,"binary":"/bin/x)" + std::to_string(i) + R"("}},"after":)" + skipped + "}";
    if (scan_matches_exact(s, json)) {
      ++decided;
      skipped_bytes += skipped.size();
    }
  }
  EXPECT_EQ(decided, 3000u);  // valid JSON, nothing the scanner hands back
  EXPECT_GT(skipped_bytes, 3000u * 64);
}

TEST(PrefixScan, SkippedContainersMustEndAndStayWithinTheDepthLimit) {
  ScanSetup s;
  s.stop_after_binary();
  std::string buf;
  EventFields f;
  PrefixScanner scanner(64);
  const std::string tail = R"(,"process":{"binary":"/b"}}})";
  const auto scan = [&](const std::string& skipped) {
    return scanner.scan(padded_line(buf, R"({"process_exec":{"x":)" + skipped + tail, "t"), s.paths, s.stop, f);
  };
  // 64 levels in all (the event, process_exec, x's containers) is the
  // limit, as for the exact reader.
  const auto nested = [](size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  EXPECT_TRUE(scan(nested(62)));
  EXPECT_FALSE(scan(nested(63)));
  EventExtractor exact;
  std::string buf2;
  EXPECT_TRUE(exact.extract(padded_line(buf2, R"({"process_exec":{"x":)" + nested(62) + tail, "t"), s.paths, f).ok());
  EXPECT_FALSE(exact.extract(padded_line(buf2, R"({"process_exec":{"x":)" + nested(63) + tail, "t"), s.paths, f).ok());
  // Brackets inside strings, escaped quotes, a backslash ending a block.
  EXPECT_TRUE(scan(R"(["]]]\"]]", "\\", {"k\\\"}":"}"}])"));
  EXPECT_TRUE(scan("[\"" + std::string(62, 'a') + "\\\\\",\"" + std::string(61, 'b') + "\\\"]\"]"));
  // Unterminated: a string or a container running into the end of the line.
  EXPECT_FALSE(scanner.scan(padded_line(buf, R"({"process_exec":{"x":["abc]}})", "t"), s.paths, s.stop, f));
  EXPECT_FALSE(scanner.scan(padded_line(buf, R"({"process_exec":{"x":[[1,2]})", "t"), s.paths, s.stop, f));
}

}  // namespace
}  // namespace rulejit::rt
