// cyberchef: one eval stage, outfield = the recipe's operations applied in
// order to infield, each an internal _cyberchef(text, op, arg) call
// (runtime/functions/cyberchef.h). An operation rulejit does not run, or a
// recipe that is not a JSON array of {"op", "args"}, is reported here.
#include "compiler/commands/cyberchef.h"

#include <simdjson.h>

#include <algorithm>

#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"
#include "compiler/spl/scanner.h"
#include "runtime/functions/cyberchef.h"
#include "runtime/functions/policy.h"

namespace rulejit::lower {
namespace {

struct Step {
  std::string op;   // lower case
  std::string arg;  // first argument as text
};

// The recipe's steps, or an error message.
std::optional<std::string> read_recipe(std::string_view json, std::vector<Step>& out) {
  simdjson::dom::parser parser;
  auto doc = parser.parse(json.data(), json.size());
  if (doc.error()) return std::string("jsonrecipe is not valid JSON");
  auto arr = doc.value().get_array();
  if (arr.error()) return std::string("jsonrecipe must be a JSON array of operations");
  for (auto item : arr.value()) {
    auto op = item["op"].get_string();
    if (op.error()) return std::string("each jsonrecipe operation needs \"op\"");
    Step st{spl::to_lower(op.value()), ""};
    auto args = item["args"].get_array();
    if (!args.error()) {
      for (auto a : args.value()) {
        if (a.is_string()) st.arg = std::string(a.get_string().value());
        else if (a.is_bool()) st.arg = a.get_bool().value() ? "true" : "false";
        else st.arg = simdjson::minify(a);
        break;
      }
    }
    out.push_back(std::move(st));
  }
  return std::nullopt;
}

}  // namespace

void lower_cyberchef(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::CyberchefCommand&>(cmd);
  std::vector<Step> steps;
  if (c.operation) {
    steps.push_back({spl::to_lower(*c.operation), ""});
  } else if (auto err = read_recipe(*c.jsonrecipe, steps)) {
    l.error(c.recipe_span, *err);
    return;
  }
  auto ops = rt::cyberchef_operations();
  for (const auto& st : steps) {
    if (std::find(ops.begin(), ops.end(), st.op) == ops.end()) {
      l.unsupported(c.recipe_span, "cyberchef operation '" + st.op + "' is not supported");
      return;
    }
  }
  ir::SlotId in = l.slot(c.infield->name);
  ir::SlotId out = l.slot(c.outfield ? c.outfield->name : std::string(rt::policy::kCyberchefDefaultOutfield));
  ir::ExprPtr e = build::field(in);
  for (const auto& st : steps) e = build::call("_cyberchef", std::move(e), build::str(st.op), build::str(st.arg));
  ir::EvalStage ev;
  ev.assigns.push_back({out, std::move(e)});
  l.touch_column(out);
  l.add_stage(std::move(ev), true);
}

}  // namespace rulejit::lower
