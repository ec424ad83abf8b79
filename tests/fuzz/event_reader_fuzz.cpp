// libFuzzer entry point for the event reader: arbitrary bytes go through
// LineSource::from_memory (small chunks and line limit, so chunk edges,
// over-long lines and gzip framing are all reachable) and EventExtractor
// with a fixed FieldPathSet (nested, "{}", dotted-key and presence names),
// once in demanded-fields mode and once in all-fields + validate_all mode,
// then the two-pass read (early-stopped first pass, extract_again) against a
// fresh read, the JIT's prefix scan against the exact reader, then
// raw_search over each line. Checks the reader's own invariants; any crash,
// sanitizer report or failed check is a bug.
//
// Needs: rulejit_events (runtime/events/*.cpp), simdjson, zlib; build with
// clang -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/event_extractor.h"
#include "runtime/events/line_source.h"
#include "runtime/events/prefix_scan.h"
#include "runtime/events/raw_search.h"

namespace {

using namespace rulejit::rt;

void check(bool ok) {
  if (!ok) std::abort();
}

FieldPathSet make_paths(bool all) {
  FieldPathSet p;
  p.add("a");
  p.add("a.b");
  p.add("a{}");
  p.add("a{}.b");
  p.add("a{}{}");
  p.add("process_exec.process.binary");
  p.add("process_exec.ancestors{}.binary");
  p.add("process_exec.process.pod.pod_labels.app.kubernetes.io/name");
  p.add("process_kprobe.args{}.string_arg");
  p.add("node_name");
  p.add("time");
  p.add("x..y");
  p.add_presence("process_exec");
  p.add_presence("a");
  p.set_all_fields(all);
  return p;
}

// Every slot of `paths` has the same presence and values in both.
void check_same_fields(const EventFields& a, const EventFields& b, const FieldPathSet& paths) {
  for (size_t s = 0; s < paths.size(); ++s) {
    const int slot = static_cast<int>(s);
    check(a.present(slot) == b.present(slot));
    auto x = a.values(slot), y = b.values(slot);
    check(x.size() == y.size());
    for (size_t i = 0; i < x.size(); ++i) check(x[i] == y[i]);
  }
}

// The JIT's two passes: a first pass with early stop, then extract_again on
// the same line must give exactly what a fresh extract gives, and must leave
// the first pass's values intact.
void check_second_pass(const Line& line, const FieldPathSet& demanded) {
  static const FieldPathSet first_paths = [] {
    FieldPathSet p;
    p.add("process_exec.process.binary");
    p.add_presence("process_exec");
    p.add_presence("a");
    return p;
  }();
  static const EarlyStop stop = [] {
    EarlyStop s;
    EarlyStop::Group g;
    g.key = "process_exec";
    g.member = {1};  // slot 0: process_exec.process.binary
    g.count = 1;
    s.groups.push_back(g);
    EarlyStop::Group a;
    a.key = "a";
    a.stoppable = false;
    s.groups.push_back(a);
    return s;
  }();
  static EventExtractor first, second, fresh;
  EventFields f1, f2, f3;
  if (!first.extract(line, first_paths, f1, &stop).ok()) return;
  std::vector<std::vector<std::string>> before;
  for (size_t s = 0; s < first_paths.size(); ++s) {
    auto vals = f1.values(static_cast<int>(s));
    before.emplace_back(vals.begin(), vals.end());
  }
  const ExtractStatus again = second.extract_again(first, line, demanded, f2);
  const ExtractStatus direct = fresh.extract(line, demanded, f3);
  check(again.ok() == direct.ok());
  if (again.ok()) check_same_fields(f2, f3, demanded);
  for (size_t s = 0; s < first_paths.size(); ++s) {
    auto vals = f1.values(static_cast<int>(s));
    check(vals.size() == before[s].size());
    for (size_t i = 0; i < vals.size(); ++i) check(vals[i] == before[s][i]);
  }
}

// The JIT's prefix scan: whenever it decides a line that the exact reader
// reads cleanly, both give the same fields (with and without early stop).
void check_prefix_scan(const Line& line, const FieldPathSet& demanded) {
  static const EarlyStop no_stop;
  static const EarlyStop stop = [&] {
    EarlyStop s;
    EarlyStop::Group g;
    g.key = "process_exec";
    const int binary = demanded.find("process_exec.process.binary");
    g.wait_for(binary);
    s.groups.push_back(g);
    EarlyStop::Group x;
    x.key = "x";  // stops at the key
    s.groups.push_back(x);
    return s;
  }();
  static PrefixScanner prefix;
  static EventExtractor exact;
  for (const EarlyStop* st : {&no_stop, &stop}) {
    EventFields a, b;
    if (!prefix.scan(line, demanded, *st, a)) continue;
    const ExtractStatus e = exact.extract(line, demanded, b, st);
    if (!e.ok()) continue;  // malformed where the scan does not look: allowed
    check(e.error == ErrorKind::None);
    check_same_fields(a, b, demanded);
    auto ka = a.top_level_keys(), kb = b.top_level_keys();
    check(ka.size() == kb.size());
    for (size_t i = 0; i < ka.size(); ++i) check(ka[i] == kb[i]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const FieldPathSet demanded = make_paths(false);
  static const FieldPathSet everything = make_paths(true);
  static EventExtractor fast;
  static EventExtractor strict(ExtractOptions{.max_depth = 16, .validate_all = true,
                                              .max_flat_bytes = 4096});
  EventFields f;

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  LineSource src = LineSource::from_memory(
      input, "fuzz", LineSourceOptions{.chunk_bytes = 64, .max_line_bytes = 256});
  Line line;
  uint64_t yielded = 0;
  uint64_t last_line = 0;
  while (src.next(line)) {
    ++yielded;
    check(line.line_number > last_line);
    last_line = line.line_number;
    check(line.text.size() <= 256);
    check(line.capacity >= line.text.size() + kJsonPadding);

    for (int pass = 0; pass < 2; ++pass) {
      const FieldPathSet& paths = pass == 0 ? demanded : everything;
      EventExtractor& ex = pass == 0 ? fast : strict;
      const ExtractStatus st = ex.extract(line, paths, f);
      if (!st.ok()) {
        check(st.error != ErrorKind::None);
        for (size_t s = 0; s < paths.size(); ++s) check(!f.present(static_cast<int>(s)));
        continue;
      }
      check(f.raw() == line.text);
      for (size_t s = 0; s < paths.size(); ++s) {
        const int slot = static_cast<int>(s);
        if (paths.is_presence(slot)) continue;
        check(f.values(slot).size() == f.count(slot));
        for (std::string_view v : f.values(slot)) check(v.size() <= line.text.size());
      }
      for (std::string_view k : f.top_level_keys()) check(k.size() <= line.text.size());
      for (const auto& ff : f.all_fields()) check(ff.value.size() <= line.text.size());
    }
    check_second_pass(line, demanded);
    check_prefix_scan(line, demanded);
    (void)raw_has_term(line.text, "curl");
    (void)raw_has_term(line.text, "a*b");
    (void)raw_has_exact_term(line.text, "127.0.0.1");
    (void)raw_has_phrase(line.text, "x y");
  }
  const ReadStats& st = src.stats();
  check(st.lines == yielded + st.empty_lines + st.over_long_lines());
  return 0;
}
