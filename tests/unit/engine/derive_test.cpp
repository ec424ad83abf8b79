// Field-map derivations: text-shaped ones (copies, basename(field), the
// if(isnull(args), bin, bin . " " . args) of `process`) are built directly by
// the engines when their inputs are single texts; everything else goes
// through the interpreter. Both must give what the expression gives (see also
// the golden case derived_process_fields).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine_test_util.h"
#include "runtime/engine/derive_needs.h"

namespace rulejit {
namespace {

using namespace engine_test;

TEST(Derive, TextShapedAssignsAreFlaggedForTheDirectPath) {
  auto pack = pack_of({kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"});
  ASSERT_TRUE(pack);
  const ir::FieldMapProgram* exec = exec_fieldmap(*pack);
  ASSERT_TRUE(exec);
  rt::FieldPathSet paths;
  std::map<ir::SlotId, bool> want;  // derived field -> takes the direct path
  for (const char* f : {"process_name", "process", "pod_name", "parent_process"}) want[exec->derived.at(f)] = true;
  want[exec->derived.at("_time")] = false;  // coalesce(strptime(...), ...)
  std::set<ir::SlotId> wanted;
  for (const auto& [slot, direct] : want) wanted.insert(slot);
  rt::DeriveNeeds n = rt::derive_needs(*exec, wanted, paths);
  ASSERT_EQ(n.assigns.size(), n.direct_text.size());
  size_t seen = 0;
  for (size_t i = 0; i < n.assigns.size(); ++i) {
    auto it = want.find(n.assigns[i]->target);
    if (it == want.end()) continue;
    ++seen;
    EXPECT_EQ(n.direct_text[i] != 0, it->second) << exec->derive.slots[n.assigns[i]->target];
  }
  EXPECT_EQ(seen, want.size());
}

std::string with_parent(const std::string& parent_binary_json, int pid) {
  return R"({"process_exec":{"process":{"pid":)" + std::to_string(pid) +
         R"(,"binary":"/bin/sh"},"parent":{"binary":)" + parent_binary_json +
         R"(}},"node_name":"n1","time":"2025-08-14T20:42:47.459945318Z","cluster_name":"c1"})";
}

TEST(Derive, DirectBasenameGivesWhatTheFunctionGives) {
  // Shell Execution groups by parent_process_name = basename(parent.binary).
  const std::string input = with_parent(R"("/usr/sbin/runc")", 1) + "\n" +  // runc
                            with_parent(R"("runc")", 2) + "\n" +            // no slash: the whole text
                            with_parent(R"("/usr/sbin/")", 3) + "\n" +      // trailing slash: empty
                            with_parent("42", 4) + "\n" +                   // a number, as written
                            with_parent(R"("/a/\u00e9t\u00e9")", 5) + "\n" +  // escapes decoded first
                            with_parent(R"(["/x/b","/y/d"])", 6) + "\n";    // an array is not this field
  for (const char* engine : {"interp", "jit"}) {
    Outcome o = run(engine, input);
    auto has = [&](int pid, const std::string& parent) {
      const std::string want = R"("parent_process_name":")" + parent + R"(",)";
      const std::string id = R"("process_id":")" + std::to_string(pid) + "\"";
      return std::any_of(o.rows.begin(), o.rows.end(), [&](const std::string& r) {
        return r.find(want) != std::string::npos && r.find(id) != std::string::npos;
      });
    };
    EXPECT_TRUE(has(1, "runc")) << engine;
    EXPECT_TRUE(has(2, "runc")) << engine;
    EXPECT_TRUE(has(3, "")) << engine;
    EXPECT_TRUE(has(4, "42")) << engine;
    EXPECT_TRUE(has(5, "\u00e9t\u00e9")) << engine;
    // parent.binary as an array is parent.binary{} (tetragon-events.md): no
    // parent_process_name, so stats drops the event.
    EXPECT_EQ(o.rows.size(), 5u) << engine;
  }
}

}  // namespace
}  // namespace rulejit
