// Lazy views: the JIT's first pass reads only the fields of each rule's first
// condition (its "eager" views); a field that only a later condition reads is
// fetched when that condition runs. Results never change.
#include <gtest/gtest.h>

#include "compiler/codegen/native_pack.h"
#include "engine_test_util.h"

namespace rulejit {
namespace {

using namespace engine_test;

const std::string kCron = kRepo + "/rules/isovalent/cisco_isovalent___cron_job_creation.yml";

std::shared_ptr<ir::Pack> pack_of(const std::vector<std::string>& rules) {
  PackSources s;
  s.rule_paths = rules;
  s.macro_dirs = {kRepo + "/rules/macros"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  return build_pack(s).pack;
}

TEST(LazyViews, OnlyTheFirstConditionsFieldsAreEager) {
  // Cron Job Creation: process_name IN (...) then pod_name!="". Its first
  // condition reads process.binary; pod.name is read on demand.
  auto pack = pack_of({kCron});
  std::string err;
  auto native = jit::compile_native_pack(*pack, jit::CompileOptions{}, &err);
  ASSERT_TRUE(native) << err;
  bool seen = false;
  for (size_t f = 0; f < pack->fieldmaps.size(); ++f) {
    if (pack->fieldmaps[f].match_key != "process_exec") continue;
    const auto& code = native->fieldmaps()[f];
    std::vector<std::string> names;
    for (ir::SlotId d : code.view_slots) names.push_back(pack->fieldmaps[f].derive.slots[d]);
    EXPECT_EQ(names, (std::vector<std::string>{"process_exec.process.binary", "process_exec.process.pod.name"}));
    EXPECT_EQ(code.eager_views, 1u);
    seen = true;
  }
  EXPECT_TRUE(seen);
}

std::string exec_event(const std::string& binary, const std::string& pod_json, int pid) {
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(pid) + R"(,"binary":")" + binary +
         R"(","pod":)" + pod_json + R"(},"parent":{"binary":"/usr/sbin/runc"}},"node_name":"n1",)"
         R"("time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
}

TEST(LazyViews, ResultsEqualTheInterpretersAndUnreadFieldsStayUnread) {
  const std::string input = exec_event("/usr/sbin/cron", R"({"name":"web-1"})", 1) + "\n" +    // match
                            exec_event("/usr/sbin/cron", R"({"namespace":"x"})", 2) + "\n" +  // no pod name
                            exec_event("/usr/sbin/crond", R"({"name":""})", 3) + "\n" +       // empty pod name
                            exec_event("/bin/ls", "{\"name\":\"\xff\"}", 4) + "\n" +          // 4: bad UTF-8
                            exec_event("/usr/sbin/crontab", R"({"name":"db-0"})", 5) + "\n";  // match
  Outcome interp = run("interp", input, {kCron});
  Outcome lazy = run("jit", input, {kCron});
  Outcome strict = run("jit", input, {kCron}, true);
  EXPECT_EQ(interp.rows.size(), 2u);
  EXPECT_EQ(lazy.rows, interp.rows);
  EXPECT_EQ(strict.rows, interp.rows);
  // Line 4's pod.name is not UTF-8: the interpreter and a validating JIT
  // report it; the lazy JIT stopped after the binary (not cron) and never
  // looked at it.
  ASSERT_EQ(interp.stats.read.problems.size(), 1u);
  EXPECT_EQ(interp.stats.read.problems[0].line, 4u);
  ASSERT_EQ(strict.stats.read.problems.size(), 1u);
  EXPECT_EQ(strict.stats.read.problems[0].line, 4u);
  EXPECT_TRUE(lazy.stats.read.problems.empty());
}

TEST(LazyViews, EventsRoutedBySourcetypeReadEveryViewInTheFirstPass) {
  auto pack = pack_of({kCron});
  for (const std::string engine : {"interp", "jit"}) {
    std::vector<std::string> rows;
    rt::EngineOptions eo;
    eo.now = 1755200000;
    std::string err;
    auto eng = make_engine(engine, pack, eo,
                           [&](uint32_t, const ir::Plan& plan, const rt::Row& row) {
                             rows.push_back(rt::format_result_json("r", "", plan, row));
                           },
                           &err);
    ASSERT_TRUE(eng) << err;
    std::string buf;
    for (const auto& ev : {exec_event("/usr/sbin/cron", R"({"name":"web-1"})", 1),
                           exec_event("/usr/sbin/cron", R"({"namespace":"x"})", 2)})
      eng->push_routed(rt::padded_line(buf, ev, "t"), "cisco:isovalent:processExec");
    eng->finish();
    ASSERT_EQ(rows.size(), 1u) << engine;
    EXPECT_NE(rows[0].find("web-1"), std::string::npos) << rows[0];
  }
}

}  // namespace
}  // namespace rulejit
