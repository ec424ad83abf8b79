#include "compiler/commands/eval.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

// Booleans cannot be stored in fields (spl-semantics.md §2.3): an assignment
// whose top operator can only produce a boolean is a compile error.
static bool boolean_valued(const ir::Expr& e) {
  switch (e.op) {
    case ir::Op::And: case ir::Op::Or: case ir::Op::Xor: case ir::Op::Not:
    case ir::Op::Eq: case ir::Op::Ne: case ir::Op::Lt: case ir::Op::Le: case ir::Op::Gt: case ir::Op::Ge:
    case ir::Op::Like: case ir::Op::MatchAny: case ir::Op::Exists: case ir::Op::RawTerm:
    case ir::Op::RegexMatch: case ir::Op::InList:
      return true;
    case ir::Op::Const: return e.value.is_bool();
    default: return false;
  }
}

void lower_eval(const spl::Command& cmd, Lowerer& l) {
  const auto& ev = static_cast<const spl::EvalCommand&>(cmd);
  ir::EvalStage stage;
  for (const auto& a : ev.assignments) {
    if (a.indirect) {
      l.unsupported(a.target_span, "eval {field}= (a target named by a field's value) is not supported yet");
      continue;
    }
    auto e = l.lower_eval(*a.value);
    if (boolean_valued(*e)) {
      l.error(a.value->span, "eval cannot store a boolean in '" + a.target +
                                 "'; wrap the condition in if(...) or tostring(...)");
      continue;
    }
    ir::SlotId target = l.slot(a.target);
    stage.assigns.push_back({target, std::move(e)});
    l.touch_column(target);
  }
  if (!stage.assigns.empty()) l.add_stage(std::move(stage), true);
}

}  // namespace rulejit::lower
