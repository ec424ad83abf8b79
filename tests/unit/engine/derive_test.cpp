// Field-map derivations: basename(field) is computed directly by the engines
// (no function call) when its input is one text; everything else goes
// through the interpreter's functions. Both must give what basename() gives.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine_test_util.h"
#include "runtime/engine/derive_needs.h"

namespace rulejit {
namespace {

using namespace engine_test;

TEST(Derive, BasenameOfAFieldIsFlaggedForTheDirectPath) {
  PackSources s;
  s.rule_paths = {kRepo + "/rules/isovalent/cisco_isovalent___shell_execution.yml"};
  s.macro_dirs = {kRepo + "/rules/macros"};
  s.fieldmap_dirs = {kRepo + "/rules/fieldmaps"};
  auto pack = build_pack(s).pack;
  ASSERT_TRUE(pack);
  const ir::FieldMapProgram* exec = nullptr;
  for (const auto& fm : pack->fieldmaps)
    if (fm.match_key == "process_exec") exec = &fm;
  ASSERT_TRUE(exec);
  rt::FieldPathSet paths;
  const ir::SlotId name = exec->derived.at("process_name"), process = exec->derived.at("process");
  rt::DeriveNeeds n = rt::derive_needs(*exec, {name, process}, paths);
  ASSERT_EQ(n.assigns.size(), n.basename_of.size());
  bool saw_name = false, saw_process = false;
  for (size_t i = 0; i < n.assigns.size(); ++i) {
    if (n.assigns[i]->target == name) {
      saw_name = true;
      ASSERT_NE(n.basename_of[i], ir::kNoSlot);
      EXPECT_EQ(exec->derive.slots[n.basename_of[i]], "process_exec.process.binary");
    }
    if (n.assigns[i]->target == process) {
      saw_process = true;
      EXPECT_EQ(n.basename_of[i], ir::kNoSlot);  // if(isnull(...), ..., ... . " " . ...)
    }
  }
  EXPECT_TRUE(saw_name && saw_process);
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
