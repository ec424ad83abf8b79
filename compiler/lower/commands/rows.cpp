// Row commands: bin, fillnull, dedup, sort, head, mvexpand, makemv.
#include "compiler/commands/bin.h"
#include "compiler/commands/dedup.h"
#include "compiler/commands/fillnull.h"
#include "compiler/commands/head.h"
#include "compiler/commands/makemv.h"
#include "compiler/commands/mvexpand.h"
#include "compiler/commands/sort.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"

namespace rulejit::lower {

using namespace build;

// bin f span=S: f = floor(f / S) * S (spl-semantics.md §3.6); sub-day time
// spans align to epoch 0 UTC. Calendar spans and bins= are not supported.
void lower_bin(const spl::Command& cmd, Lowerer& l) {
  const auto& b = static_cast<const spl::BinCommand&>(cmd);
  if (!b.span || b.bins || b.minspan || b.aligntime || b.start || b.end) {
    l.unsupported(cmd.span, "bin/bucket is supported with span= only");
    return;
  }
  std::optional<double> width = b.span->unit == spl::TimeUnit::None ? std::optional<double>(b.span->amount)
                                                                     : b.span->seconds();
  if (!width || *width <= 0) {
    l.unsupported(cmd.span, "bin span=" + b.span->text + " (calendar spans) is not supported yet");
    return;
  }
  ir::SlotId src = l.slot(b.field.name);
  ir::SlotId dst = b.as ? l.slot(b.as->name) : src;
  ir::EvalStage st;
  st.assigns.push_back({dst, call("_bin_floor", field(src), num(*width))});
  l.touch_column(dst);
  l.add_stage(std::move(st), true);
}

void lower_fillnull(const spl::Command& cmd, Lowerer& l) {
  const auto& f = static_cast<const spl::FillnullCommand&>(cmd);
  ir::FillnullStage st;
  st.value = rt::Value::string(f.value.value_or("0"));
  for (const auto& x : f.fields) {
    ir::SlotId s = l.slot(x.name);
    st.slots.push_back(s);
    l.touch_column(s);
  }
  if (st.slots.empty() && !l.columns_dynamic()) st.slots = l.columns();  // all fields of the result set
  bool streaming = !st.slots.empty();
  l.add_stage(std::move(st), streaming);
}

static ir::SortKey sort_key(Lowerer& l, const spl::SortKey& k, bool flip) {
  ir::SortKey out{l.slot(k.field.name), k.descending != flip, ir::SortKey::As::Auto};
  switch (k.type) {
    case spl::SortKey::Type::Str: out.as = ir::SortKey::As::Str; break;
    case spl::SortKey::Type::Num: out.as = ir::SortKey::As::Num; break;
    case spl::SortKey::Type::Ip: out.as = ir::SortKey::As::Ip; break;
    default: break;
  }
  return out;
}

void lower_dedup(const spl::Command& cmd, Lowerer& l) {
  const auto& d = static_cast<const spl::DedupCommand&>(cmd);
  if (d.keepevents.value_or(false)) {
    l.unsupported(cmd.span, "dedup keepevents=true is not supported yet");
    return;
  }
  ir::DedupStage st;
  for (const auto& f : d.fields) st.keys.push_back(l.slot(f.name));
  st.count = static_cast<uint32_t>(std::max<int64_t>(1, d.count.value_or(1)));
  st.keepempty = d.keepempty.value_or(false);
  st.consecutive = d.consecutive.value_or(false);
  l.add_stage(std::move(st), false);
  if (!d.sortby.empty()) {
    ir::SortStage so;
    so.limit = 0;
    for (const auto& k : d.sortby) so.keys.push_back(sort_key(l, k, false));
    l.add_stage(std::move(so), false);
  }
}

void lower_sort(const spl::Command& cmd, Lowerer& l) {
  const auto& s = static_cast<const spl::SortCommand&>(cmd);
  ir::SortStage st;
  st.limit = static_cast<uint32_t>(std::max<int64_t>(0, s.limit.value_or(10000)));
  for (const auto& k : s.keys) st.keys.push_back(sort_key(l, k, s.reverse));
  l.add_stage(std::move(st), false);
}

void lower_head(const spl::Command& cmd, Lowerer& l) {
  const auto& h = static_cast<const spl::HeadCommand&>(cmd);
  if (h.null_option || h.keeplast) {
    l.unsupported(cmd.span, "head null=/keeplast= are not supported yet");
    return;
  }
  ir::HeadStage st;
  st.count = static_cast<uint32_t>(std::max<int64_t>(0, h.limit.value_or(10)));
  if (h.condition) st.while_cond = l.lower_eval(*h.condition);
  l.add_stage(std::move(st), false);
}

void lower_mvexpand(const spl::Command& cmd, Lowerer& l) {
  const auto& m = static_cast<const spl::MvexpandCommand&>(cmd);
  ir::ExpandStage st;
  st.slot = l.slot(m.field.name);
  st.limit = static_cast<uint32_t>(std::max<int64_t>(0, m.limit.value_or(0)));
  l.add_stage(std::move(st), false);
}

// makemv delim=",": split the field; empty values are dropped unless allowempty.
void lower_makemv(const spl::Command& cmd, Lowerer& l) {
  const auto& m = static_cast<const spl::MakemvCommand&>(cmd);
  if (m.tokenizer || m.setsv) {
    l.unsupported(cmd.span, "makemv tokenizer=/setsv= are not supported yet");
    return;
  }
  ir::SlotId f = l.slot(m.field.name);
  ir::ExprPtr value = call("split", field(f), str(m.delim.value_or(" ")));
  if (!m.allowempty.value_or(false))
    value = op(ir::Op::MvFilter, std::move(value), op(ir::Op::Ne, ir::Expr::make(ir::Op::Bound), str("")));
  ir::EvalStage st;
  st.assigns.push_back({f, std::move(value)});
  l.add_stage(std::move(st), true);
}

}  // namespace rulejit::lower
