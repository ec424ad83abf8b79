// join and append: the subsearch is lowered to a plan of its own, which the
// pack builder hoists into a hidden rule fed by the same events; at the end
// of input its rows are joined to or appended after this plan's rows.
#include "compiler/commands/append.h"
#include "compiler/commands/join.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

// Lowers a subsearch; its issues become this rule's issues (same text).
static std::shared_ptr<ir::Plan> lower_subsearch(const spl::Pipeline& sub, Lowerer& l) {
  LowerOutput out = lower_pipeline(sub, l.env());
  for (const auto& is : out.issues) {
    if (is.warning) l.warning(is.span, is.message);
    else if (is.unsupported) l.unsupported(is.span, is.message);
    else l.error(is.span, is.message);
  }
  if (!out.plan) return nullptr;
  auto plan = std::make_shared<ir::Plan>(std::move(*out.plan));
  // The subsearch's result fields become fields of this plan (matched by
  // name): its columns, or every field it touches when its rows are events.
  std::vector<std::string> names;
  if (plan->columns_dynamic) {
    for (const auto& name : plan->slots)
      if (!name.empty() && name[0] != '_') names.push_back(name);
  } else {
    for (ir::SlotId c : plan->columns) names.push_back(plan->slots[c]);
  }
  for (const auto& name : names) {
    ir::SlotId s = l.slot(name);
    if (!l.columns_dynamic()) l.touch_column(s);
  }
  return plan;
}

void lower_join(const spl::Command& cmd, Lowerer& l) {
  const auto& j = static_cast<const spl::JoinCommand&>(cmd);
  if (!j.subsearch) {
    l.error(cmd.span, "join needs a [subsearch]");
    return;
  }
  if (j.fields.empty()) {
    l.unsupported(cmd.span, "join without field names (all common fields) is not supported yet");
    return;
  }
  if (j.usetime.value_or(false) || !j.overwrite.value_or(true)) {
    l.unsupported(cmd.span, "join usetime=/overwrite=false are not supported yet");
    return;
  }
  ir::SubplanStage st;
  // type=outer is a synonym of left in Splunk.
  bool left = j.type && *j.type != spl::JoinCommand::Type::Inner;
  st.kind = left ? ir::SubplanStage::Kind::JoinLeft : ir::SubplanStage::Kind::JoinInner;
  st.max = static_cast<uint32_t>(std::max<int64_t>(0, j.max.value_or(1)));
  for (const auto& f : j.fields) st.join_keys.push_back(l.slot(f.name));
  st.sub = lower_subsearch(*j.subsearch, l);
  if (!st.sub) return;
  l.add_stage(std::move(st), false);
}

void lower_append(const spl::Command& cmd, Lowerer& l) {
  const auto& a = static_cast<const spl::AppendCommand&>(cmd);
  if (!a.subsearch) {
    l.error(cmd.span, "append needs a [subsearch]");
    return;
  }
  ir::SubplanStage st;
  st.kind = ir::SubplanStage::Kind::Append;
  st.sub = lower_subsearch(*a.subsearch, l);
  if (!st.sub) return;
  l.add_stage(std::move(st), false);
}

}  // namespace rulejit::lower
