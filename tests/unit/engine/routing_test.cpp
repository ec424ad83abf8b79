// Routing end to end: an event belongs to the field map of its first
// top-level key (document order) that is a match key. The JIT's first pass
// stops reading at that point, so both executors must agree on every shape:
// several routing keys in either order, routing keys after other keys,
// events of field maps no rule reads.
#include <gtest/gtest.h>

#include "engine_test_util.h"
#include "runtime/engine/routing.h"
#include "runtime/events/event_extractor.h"

namespace rulejit {
namespace {

using namespace engine_test;

// shell_event's process_exec object, with this pid.
std::string exec_object(int pid) {
  return R"({"process":{"pid":)" + std::to_string(pid) +
         R"(,"binary":"/bin/sh","pod":{"name":"web-1"}},"parent":{"binary":"/usr/sbin/runc"}})";
}

const std::string kTail = R"("node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
const std::string kKprobe = R"({"process":{"pid":9,"binary":"/bin/sh"},"function_name":"security_file_open"})";

TEST(Routing, FirstRoutingKeyInDocumentOrderDecidesUnderBothExecutors) {
  std::string input =
      // 1: kprobe first, exec second -> a kprobe event (no rule reads those).
      R"({"process_kprobe":)" + kKprobe + R"(,"process_exec":)" + exec_object(1) + "," + kTail + "\n" +
      // 2: exec first, kprobe second -> exec.
      R"({"process_exec":)" + exec_object(2) + R"(,"process_kprobe":)" + kKprobe + "," + kTail + "\n" +
      // 3: other keys before the routing key.
      R"({"node_name":"n1","cluster_name":"c1","process_exec":)" + exec_object(3) +
      R"(,"time":"2025-08-14T20:42:47.459945318Z"})" + "\n" +
      // 4: an exit event: routed, no rule reads it.
      R"({"process_exit":{"process":{"pid":4,"binary":"/bin/sh"},"status":0},)" + kTail + "\n" +
      // 5: no routing key at all.
      R"({"something_else":{"pid":5}})" + "\n";
  Outcome interp = run("interp", input);
  Outcome jit = run("jit", input);
  for (const Outcome* o : {&interp, &jit}) {
    ASSERT_EQ(o->rows.size(), 2u) << ::testing::PrintToString(o->rows);
    EXPECT_NE(o->rows[0].find(R"("process_id":"2")"), std::string::npos) << o->rows[0];
    EXPECT_NE(o->rows[1].find(R"("process_id":"3")"), std::string::npos) << o->rows[1];
    EXPECT_EQ(o->stats.events, 5u);
    EXPECT_EQ(o->stats.unrouted, 1u);
    EXPECT_EQ(o->stats.read.events_skipped, 0u);
  }
  EXPECT_EQ(interp.rows, jit.rows);
}

// The rule itself, as the C API's window probe and both executors use it.
TEST(Routing, RouterTakesTheFirstRoutingKeyInDocumentOrderThenTheFallback) {
  rt::FieldPathSet paths;
  rt::Router router;
  router.add("exec", paths.add_presence("exec"));
  router.add("*", -1);
  router.add("kprobe", paths.add_presence("kprobe"));
  router.add("a.b", paths.add_presence("a.b"));  // dotted: first segment, and the path must exist
  rt::EventExtractor ex;
  rt::EventFields f;
  auto route = [&](std::string_view json) {
    EXPECT_TRUE(ex.extract(json, paths, f).ok()) << json;
    return router.route(f);
  };
  EXPECT_EQ(route(R"({"kprobe":{},"exec":{}})"), 2);
  EXPECT_EQ(route(R"({"x":1,"exec":{},"kprobe":{}})"), 0);
  EXPECT_EQ(route(R"({"a":{"b":1},"exec":{}})"), 3);
  EXPECT_EQ(route(R"({"a":{"c":1},"exec":{}})"), 0);  // "a" without a.b is not a routing key
  EXPECT_EQ(route(R"({"other":1})"), 1);               // the "*" field map
  rt::Router keyed_only;
  keyed_only.add("exec", 0);
  EXPECT_EQ(keyed_only.route(f), -1);
}

// Routing by the caller's sourcetype (push_routed: the C API, `rulejit test`)
// when two field maps share it: kprobe and exit events are both
// cisco:isovalent. The map that claims the event by its key wins, so kprobe
// events routed by sourcetype give the rows they give when routed by key.
TEST(Routing, SharedSourcetypeGoesToTheFieldMapThatClaimsTheEvent) {
  const std::string rule = kRepo + "/rules/isovalent/cisco_isovalent___sensitive_file_access_in_pod.yml";
  const std::string input = slurp_file(kRepo + "/tests/golden/cases/rule_sensitive_file_access_in_pod/events.ndjson");
  auto pack = pack_of({rule});
  ASSERT_EQ(pack->rules.size(), 1u);
  for (const std::string engine : {"interp", "jit"}) {
    Outcome by_key = run(engine, input, {rule});
    ASSERT_FALSE(by_key.rows.empty()) << engine;
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
    auto src = rt::LineSource::from_memory(input, "kprobe.ndjson");
    rt::Line line;
    while (src.next(line)) eng->push_routed(line, "cisco:isovalent");
    eng->finish();
    EXPECT_EQ(rows, by_key.rows) << engine;
    EXPECT_EQ(eng->stats().unrouted, 0u) << engine;
  }
}

}  // namespace
}  // namespace rulejit
