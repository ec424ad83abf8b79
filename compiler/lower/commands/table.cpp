#include "compiler/commands/fields.h"
#include "compiler/commands/table.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

// Field lists with wildcards expand against the fields rows are known to
// have; over raw events that set is open, so wildcards are unsupported there.
static bool expand_fields(const std::vector<spl::FieldName>& fields, Lowerer& l, std::vector<ir::SlotId>& out) {
  for (const auto& f : fields) {
    if (!has_wildcard(f.name)) {
      ir::SlotId s = l.slot(f.name);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
      continue;
    }
    if (l.columns_dynamic()) {
      l.unsupported(f.span, "wildcard field lists over raw events are not supported yet");
      return false;
    }
    for (ir::SlotId c : l.columns())
      if (wildcard_captures(f.name, l.plan().slots[c]) && std::find(out.begin(), out.end(), c) == out.end())
        out.push_back(c);
  }
  return true;
}

void lower_table(const spl::Command& cmd, Lowerer& l) {
  const auto& t = static_cast<const spl::TableCommand&>(cmd);
  ir::ProjectStage st;
  if (!expand_fields(t.fields, l, st.keep)) return;
  auto cols = st.keep;
  l.add_stage(std::move(st), true);
  l.set_columns(std::move(cols));
}

void lower_fields(const spl::Command& cmd, Lowerer& l) {
  const auto& f = static_cast<const spl::FieldsCommand&>(cmd);
  ir::ProjectStage st;
  st.remove = f.remove;
  if (f.remove) {
    for (const auto& x : f.fields) {
      if (has_wildcard(x.name)) {
        if (l.columns_dynamic()) {
          l.unsupported(x.span, "wildcard field lists over raw events are not supported yet");
          return;
        }
        for (ir::SlotId c : std::vector<ir::SlotId>(l.columns()))
          if (wildcard_captures(x.name, l.plan().slots[c])) st.keep.push_back(c);
      } else {
        st.keep.push_back(l.slot(x.name));
      }
    }
    for (ir::SlotId s : st.keep) l.remove_column(s);
    l.add_stage(std::move(st), true);
    return;
  }
  bool events = l.columns_dynamic();
  if (!expand_fields(f.fields, l, st.keep)) return;
  st.keep_internal = true;  // `fields` keeps _time and _raw unless removed
  auto cols = st.keep;
  // Rows that are events keep showing their _time first (spl-semantics.md
  // §3.7: fields + keeps internal fields).
  ir::SlotId time = l.slot("_time");
  if (events && std::find(cols.begin(), cols.end(), time) == cols.end()) {
    cols.insert(cols.begin(), time);
    st.keep.push_back(time);
  }
  l.add_stage(std::move(st), true);
  l.set_columns(std::move(cols));
}

}  // namespace rulejit::lower
