// Field extraction from real Tetragon events (tests/data/events, copied from
// shared/data/tetragon; see the README there) and from small synthetic JSON.
#include "runtime/events/event_extractor.h"

#include <gtest/gtest.h>

#include "tests/unit/events/test_util.h"

namespace rulejit::rt {
namespace {

using testing::fixture_lines;
using testing::vals;
using V = std::vector<std::string>;

class SampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lines_ = fixture_lines();
    ASSERT_EQ(lines_.size(), 5u);
  }
  ExtractStatus run(size_t line_index) {
    return ex_.extract(lines_.at(line_index), paths_, f_);
  }
  std::vector<std::string> lines_;
  FieldPathSet paths_;
  EventExtractor ex_;
  EventFields f_;
};

TEST_F(SampleTest, ProcessExecNestedPathsNumbersBooleansArraysAndDottedKeys) {
  const int binary = paths_.add("process_exec.process.binary");
  const int pid = paths_.add("process_exec.process.pid");
  const int uid = paths_.add("process_exec.process.uid");
  const int probe = paths_.add("process_exec.process.pod.container.maybe_exec_probe");
  const int init = paths_.add("process_exec.process.in_init_tree");
  const int app = paths_.add("process_exec.process.pod.pod_labels.app.kubernetes.io/name");
  const int k8sapp = paths_.add("process_exec.process.pod.pod_labels.k8s-app");
  const int anc_bin = paths_.add("process_exec.ancestors{}.binary");
  const int anc_pid = paths_.add("process_exec.ancestors{}.pid");
  const int node = paths_.add("node_name");
  const int time = paths_.add("time");
  const int arch = paths_.add("node_labels.kubernetes.io/arch");
  const int beta_arch = paths_.add("node_labels.beta.kubernetes.io/arch");
  const int missing = paths_.add("process_exec.process.user.name");
  const int pod_obj = paths_.add("process_exec.process.pod");       // an object: not a value
  const int sec_ctx = paths_.add("process_exec.process.pod.container.security_context");
  const int anc_obj = paths_.add("process_exec.ancestors");          // an array without {}
  const int is_exec = paths_.add_presence("process_exec");
  const int is_kprobe = paths_.add_presence("process_kprobe");
  const int has_ctx = paths_.add_presence("process_exec.process.pod.container.security_context");

  ExtractStatus st = run(0);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st.error, ErrorKind::None);
  EXPECT_EQ(vals(f_, binary), V{"/app/grpc-health-probe"});
  EXPECT_EQ(vals(f_, pid), V{"3502914"});
  EXPECT_EQ(vals(f_, uid), V{"0"});
  EXPECT_EQ(vals(f_, probe), V{"true"});
  EXPECT_EQ(vals(f_, init), V{"false"});
  EXPECT_EQ(vals(f_, app), V{"aws-node"});
  EXPECT_EQ(vals(f_, k8sapp), V{"aws-node"});
  EXPECT_EQ(vals(f_, anc_bin), (V{"/usr/bin/containerd-shim-runc-v2", "/usr/lib/systemd/systemd"}));
  EXPECT_EQ(vals(f_, anc_pid), (V{"3059", "1"}));
  EXPECT_EQ(vals(f_, node), V{"ip-10-0-10-253.us-west-2.compute.internal"});
  EXPECT_EQ(vals(f_, time), V{"2025-08-14T20:42:47.459945318Z"});
  EXPECT_EQ(vals(f_, arch), V{"amd64"});
  EXPECT_EQ(vals(f_, beta_arch), V{"amd64"});
  EXPECT_EQ(f_.count(missing), 0u);
  EXPECT_FALSE(f_.present(missing));
  EXPECT_EQ(f_.count(pod_obj), 0u);
  EXPECT_EQ(f_.count(sec_ctx), 0u);
  EXPECT_EQ(f_.count(anc_obj), 0u);
  EXPECT_TRUE(f_.present(is_exec));
  EXPECT_FALSE(f_.present(is_kprobe));
  EXPECT_TRUE(f_.present(has_ctx));  // "security_context":{} exists
  EXPECT_EQ(f_.raw(), lines_[0]);
  const auto keys = f_.top_level_keys();
  EXPECT_EQ(V(keys.begin(), keys.end()),
            (V{"process_exec", "node_name", "time", "cluster_name", "node_labels"}));
  EXPECT_EQ(ex_.stats().events_ok, 1u);
}

TEST_F(SampleTest, KernelParentAndAbsentKeysOnSecondEvent) {
  const int ppid = paths_.add("process_exec.parent.pid");
  const int pbin = paths_.add("process_exec.parent.binary");
  const int pcwd = paths_.add("process_exec.parent.cwd");  // absent for <kernel>
  const int args = paths_.add("process_exec.process.arguments");
  ASSERT_TRUE(run(1).ok());
  EXPECT_EQ(vals(f_, ppid), V{"0"});
  EXPECT_EQ(vals(f_, pbin), V{"<kernel>"});
  EXPECT_FALSE(f_.present(pcwd));
  EXPECT_EQ(vals(f_, args), V{"-q -- fs-xfs"});
}

TEST_F(SampleTest, KprobeArgsArrayOfOneKeyObjects) {
  const int path = paths_.add("process_kprobe.args{}.file_arg.path");
  const int perm = paths_.add("process_kprobe.args{}.file_arg.permission");
  const int ints = paths_.add("process_kprobe.args{}.int_arg");
  const int strs = paths_.add("process_kprobe.args{}.string_arg");
  const int ret = paths_.add("process_kprobe.return.int_arg");
  const int fn = paths_.add("process_kprobe.function_name");
  const int tainted = paths_.add("process_kprobe.args{}.module_arg.tainted{}");
  const int mod = paths_.add("process_kprobe.args{}.module_arg.name");
  ASSERT_TRUE(run(2).ok());
  EXPECT_EQ(vals(f_, path), V{"/etc/passwd"});
  EXPECT_EQ(vals(f_, perm), V{"-rw-r--r--"});
  EXPECT_EQ(vals(f_, ints), V{"2"});
  EXPECT_EQ(f_.count(strs), 0u);
  EXPECT_EQ(vals(f_, ret), V{"0"});
  EXPECT_EQ(vals(f_, fn), V{"security_file_permission"});
  EXPECT_EQ(f_.count(tainted), 0u);

  // Next event reuses the same EventFields: nothing from event 3 leaks.
  ASSERT_TRUE(run(3).ok());
  EXPECT_EQ(f_.count(path), 0u);
  EXPECT_EQ(f_.count(ints), 0u);
  EXPECT_EQ(vals(f_, mod), V{"kernel_module_hello"});
  EXPECT_EQ(vals(f_, tainted), (V{"TAINT_OUT_OF_TREE_MODULE", "TAINT_UNSIGNED_MODULE"}));
  EXPECT_EQ(vals(f_, fn), V{"do_init_module"});
}

TEST_F(SampleTest, ConnectEventNumbersAndRouting) {
  const int dport = paths_.add("process_connect.destination_port");
  const int dip = paths_.add("process_connect.destination_ip");
  const int refcnt = paths_.add("process_connect.parent.refcnt");
  const int is_connect = paths_.add_presence("process_connect");
  const int is_exec = paths_.add_presence("process_exec");
  ASSERT_TRUE(run(4).ok());
  EXPECT_EQ(vals(f_, dport), V{"80"});
  EXPECT_EQ(vals(f_, dip), V{"142.250.180.196"});
  EXPECT_EQ(vals(f_, refcnt), V{"3"});
  EXPECT_TRUE(f_.present(is_connect));
  EXPECT_FALSE(f_.present(is_exec));
}

TEST_F(SampleTest, AllFieldsModeFlattensEveryLeaf) {
  paths_.set_all_fields(true);
  const int bin = paths_.add("process_exec.process.binary");
  ASSERT_TRUE(run(0).ok());
  EXPECT_EQ(vals(f_, bin), V{"/app/grpc-health-probe"});
  std::vector<std::string> anc, app, probe;
  for (const auto& ff : f_.all_fields()) {
    if (ff.name == "process_exec.ancestors{}.binary") anc.emplace_back(ff.value);
    if (ff.name == "process_exec.process.pod.pod_labels.app.kubernetes.io/name") app.emplace_back(ff.value);
    if (ff.name == "process_exec.process.pod.container.maybe_exec_probe") probe.emplace_back(ff.value);
    EXPECT_NE(ff.name, "process_exec.process.pod.container.security_context");  // {} is no leaf
  }
  EXPECT_EQ(anc, (V{"/usr/bin/containerd-shim-runc-v2", "/usr/lib/systemd/systemd"}));
  EXPECT_EQ(app, V{"aws-node"});
  EXPECT_EQ(probe, V{"true"});
  EXPECT_FALSE(f_.all_fields_truncated());
}

// ---- synthetic JSON ----

class ExtractTest : public ::testing::Test {
 protected:
  ExtractStatus run(std::string_view json) { return ex_.extract(json, paths_, f_); }
  FieldPathSet paths_;
  EventExtractor ex_;
  EventFields f_;
};

TEST_F(ExtractTest, NumbersKeepTheirRawText) {
  const int a = paths_.add("a"), b = paths_.add("b"), c = paths_.add("c"), d = paths_.add("d");
  const int e = paths_.add("e");
  ASSERT_TRUE(run(R"({"a":1.5e3,"b":-0.0,"c":1E+2 ,"d":18446744073709551616,"e":[1, 2.50 ]})").ok());
  EXPECT_EQ(vals(f_, a), V{"1.5e3"});
  EXPECT_EQ(vals(f_, b), V{"-0.0"});
  EXPECT_EQ(vals(f_, c), V{"1E+2"});
  EXPECT_EQ(vals(f_, d), V{"18446744073709551616"});
  EXPECT_EQ(f_.count(e), 0u);  // array without {}
  const int e_arr = paths_.add("e{}");
  ASSERT_TRUE(run(R"({"e":[1, 2.50 ]})").ok());
  EXPECT_EQ(vals(f_, e_arr), (V{"1", "2.50"}));
}

TEST_F(ExtractTest, StringsAreUnescapedAndKeysWithEscapesMatch) {
  const int s = paths_.add("s");
  const int k = paths_.add("k\"q.x");
  ASSERT_TRUE(run(R"({"s":"a\"b\\c\u00e9\n\/","k\"q":{"x":"y"}})").ok());
  EXPECT_EQ(vals(f_, s), V{"a\"b\\c\xC3\xA9\n/"});
  EXPECT_EQ(vals(f_, k), V{"y"});
}

TEST_F(ExtractTest, JsonNullIsAbsentByDefaultAndTextOnRequest) {
  const int a = paths_.add("a"), arr = paths_.add("l{}");
  const int pa = paths_.add_presence("a");
  ASSERT_TRUE(run(R"({"a":null,"l":[null,"x",null]})").ok());
  EXPECT_EQ(f_.count(a), 0u);
  EXPECT_FALSE(f_.present(pa));
  EXPECT_EQ(vals(f_, arr), V{"x"});

  EventExtractor text_ex(ExtractOptions{.json_null = NullPolicy::Text});
  ASSERT_TRUE(text_ex.extract(R"({"a":null,"l":[null,"x"]})", paths_, f_).ok());
  EXPECT_EQ(vals(f_, a), V{"null"});
  EXPECT_EQ(vals(f_, arr), (V{"null", "x"}));
}

TEST_F(ExtractTest, ArraysOfObjectsSkipElementsWithoutTheMember) {
  const int b = paths_.add("a{}.b");
  const int scal = paths_.add("a{}");
  const int nested = paths_.add("n{}{}");
  const int deep = paths_.add("a{}.c{}.d");
  ASSERT_TRUE(run(R"({"a":[{"b":1},{"x":2},"s",{"b":"two","c":[{"d":true},{"e":0},{"d":false}]},{"b":{"o":1}}],)"
                  R"("n":[[1,2],[],[3],4]})")
                  .ok());
  EXPECT_EQ(vals(f_, b), (V{"1", "two"}));  // object-valued b is not a value
  EXPECT_EQ(vals(f_, scal), V{"s"});
  EXPECT_EQ(vals(f_, nested), (V{"1", "2", "3"}));
  EXPECT_EQ(vals(f_, deep), (V{"true", "false"}));
}

TEST_F(ExtractTest, DottedKeyMayConsumeSeveralSegments) {
  const int full = paths_.add("labels.app.kubernetes.io/name");
  const int app = paths_.add("labels.app");
  const int part = paths_.add("labels.app.kubernetes");
  ASSERT_TRUE(run(R"({"labels":{"app.kubernetes.io/name":"x","app.kubernetes":{"io/name":"y"},"app":"z"}})").ok());
  // Both spellings of the same Splunk name contribute, in document order.
  EXPECT_EQ(vals(f_, full), (V{"x", "y"}));
  EXPECT_EQ(vals(f_, app), V{"z"});
  EXPECT_EQ(f_.count(part), 0u);  // an object, not a value
  EXPECT_EQ(ex_.stats().count(ErrorKind::DuplicateKey), 1u);  // two values for a non-{} name
}

TEST_F(ExtractTest, EmptyKeysAndEmptyStrings) {
  const int e = paths_.add("a..b");
  const int s = paths_.add("s");
  ASSERT_TRUE(run(R"({"a":{"":{"b":"v"}},"s":""})").ok());
  EXPECT_EQ(vals(f_, e), V{"v"});
  EXPECT_EQ(vals(f_, s), V{""});
  EXPECT_TRUE(f_.present(s));  // "" is a value, not null
}

TEST_F(ExtractTest, DuplicateKeysBecomeMultivalueByDefault) {
  const int a = paths_.add("a");
  ExtractStatus st = run(R"({"a":"1","b":0,"a":"2"})");
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.error, ErrorKind::DuplicateKey);
  EXPECT_EQ(vals(f_, a), (V{"1", "2"}));
  EXPECT_EQ(ex_.stats().count(ErrorKind::DuplicateKey), 1u);
  EXPECT_EQ(ex_.stats().events_ok, 1u);

  // Repeated top-level key that no name demands is still noticed.
  st = run(R"({"x":1,"y":2,"x":3})");
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.error, ErrorKind::DuplicateKey);

  EventExtractor strict(ExtractOptions{.duplicates = DuplicatePolicy::SkipEvent});
  st = strict.extract(R"({"a":"1","a":"2"})", paths_, f_);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.error, ErrorKind::DuplicateKey);
  EXPECT_EQ(f_.count(a), 0u);
  EXPECT_EQ(strict.stats().events_skipped, 1u);
}

TEST_F(ExtractTest, ManyTopLevelKeysDuplicateDetection) {
  std::string json = "{";
  for (int i = 0; i < 40; ++i) json += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  std::string clean = json;
  clean.back() = '}';
  ExtractStatus st = run(clean);
  EXPECT_EQ(st.error, ErrorKind::None);
  EXPECT_EQ(f_.top_level_keys().size(), 40u);
  json += "\"k7\":0}";
  st = run(json);
  EXPECT_EQ(st.error, ErrorKind::DuplicateKey);
}

TEST_F(ExtractTest, AllFieldsExactFlattening) {
  paths_.set_all_fields(true);
  ASSERT_TRUE(run(R"({"a":{"b":1,"c.d":[true,{"e":"x"},[2]],"n":null,"o":{}},"t":"s"})").ok());
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& ff : f_.all_fields()) got.emplace_back(ff.name, ff.value);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"a.b", "1"}, {"a.c.d{}", "true"}, {"a.c.d{}.e", "x"}, {"a.c.d{}{}", "2"}, {"t", "s"}};
  EXPECT_EQ(got, want);
}

TEST_F(ExtractTest, AllFieldsBudgetTruncates) {
  paths_.set_all_fields(true);
  EventExtractor small(ExtractOptions{.max_flat_bytes = 8});
  ASSERT_TRUE(small.extract(R"({"abc":1,"def":2,"ghi":3})", paths_, f_).ok());
  EXPECT_EQ(f_.all_fields().size(), 2u);  // 3 + 3 bytes fit, the third name does not
  EXPECT_TRUE(f_.all_fields_truncated());
}

TEST_F(ExtractTest, LineWithoutPaddingIsCopied) {
  const int a = paths_.add("a");
  const std::string text = R"({"a":"v"})";
  Line line;
  line.text = text;
  line.capacity = text.size();  // no padding: extractor must not read past
  ASSERT_TRUE(ex_.extract(line, paths_, f_).ok());
  EXPECT_EQ(vals(f_, a), V{"v"});
}

TEST_F(ExtractTest, NoHeapAllocationPerEventInSteadyState) {
  const auto lines = fixture_lines();
  paths_.add("process_exec.process.binary");
  paths_.add("process_exec.ancestors{}.binary");
  paths_.add("process_exec.process.pod.pod_labels.app.kubernetes.io/name");
  paths_.add("process_kprobe.args{}.file_arg.path");
  paths_.add("node_name");
  paths_.add_presence("process_exec");
  // Lines with real padding, as LineSource hands them out.
  std::vector<std::string> padded;
  for (const auto& l : lines) padded.push_back(l + std::string(kJsonPadding, ' '));
  auto pass = [&] {
    for (size_t i = 0; i < lines.size(); ++i) {
      Line line;
      line.text = std::string_view(padded[i].data(), lines[i].size());
      line.capacity = padded[i].size();
      ASSERT_TRUE(ex_.extract(line, paths_, f_).ok());
    }
  };
  pass();  // warm-up: parser, vectors and string buffers grow once
  const long before = testing::g_allocations.load();
  for (int k = 0; k < 20; ++k) pass();
  EXPECT_EQ(testing::g_allocations.load() - before, 0);
}

}  // namespace
}  // namespace rulejit::rt
