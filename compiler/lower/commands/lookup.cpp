// lookup, inputlookup, spath: data from tables and JSON.
#include "compiler/commands/inputlookup.h"
#include "compiler/commands/lookup.h"
#include "compiler/commands/spath.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"

namespace rulejit::lower {

static const ir::LookupRef* resolve(Lowerer& l, const spl::FieldName& table) {
  LowerEnv::LookupResolution found;
  if (l.env().find_lookup) found = l.env().find_lookup(table.name);
  if (found.ref) {
    if (!found.warning.empty()) l.warning(table.span, "lookup '" + table.name + "': " + found.warning);
    return found.ref;
  }
  if (!found.error.empty())
    l.error(table.span, "lookup '" + table.name + "': " + found.error);
  else
    l.error(table.span, "unknown lookup '" + table.name +
                            "': no lookup definition with that name in the lookup folders (give the folder "
                            "holding its .yml and data file with --lookups)");
  return nullptr;
}

static uint32_t add_lookup(Lowerer& l, const ir::LookupRef& ref) {
  auto& lk = l.plan().lookups;
  for (size_t i = 0; i < lk.size(); ++i)
    if (lk[i].name == ref.name) return static_cast<uint32_t>(i);
  lk.push_back(ref);
  return static_cast<uint32_t>(lk.size() - 1);
}

void lower_lookup(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::LookupCommand&>(cmd);
  const ir::LookupRef* ref = resolve(l, c.table);
  if (!ref) return;
  auto has_column = [&](const std::string& col) {
    return std::find(ref->columns.begin(), ref->columns.end(), col) != ref->columns.end();
  };
  ir::LookupStage st;
  st.table = add_lookup(l, *ref);
  for (const auto& in : c.inputs) {
    if (!has_column(in.lookup_field.name)) {
      l.error(in.lookup_field.span, "lookup '" + ref->name + "' has no column '" + in.lookup_field.name + "'");
      return;
    }
    st.inputs.push_back({in.lookup_field.name, l.slot(in.event_field.name)});
  }
  if (c.mode == spl::LookupCommand::OutputMode::AllColumns) {
    for (const auto& col : ref->columns) {
      bool is_input = std::any_of(c.inputs.begin(), c.inputs.end(),
                                  [&](const spl::LookupFieldMap& m) { return m.lookup_field.name == col; });
      if (!is_input) st.outputs.push_back({col, l.slot(col)});
    }
  } else {
    for (const auto& out : c.outputs) {
      if (!has_column(out.lookup_field.name)) {
        l.error(out.lookup_field.span, "lookup '" + ref->name + "' has no column '" + out.lookup_field.name + "'");
        return;
      }
      st.outputs.push_back({out.lookup_field.name, l.slot(out.event_field.name)});
    }
  }
  st.output_new = c.mode == spl::LookupCommand::OutputMode::OutputNew;
  for (const auto& o : st.outputs) l.touch_column(o.slot);
  l.add_stage(std::move(st), true);
}

// | inputlookup name [where ...]: rows of the table, not events.
void lower_inputlookup(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::InputlookupCommand&>(cmd);
  if (l.command_index != 0 || c.append.value_or(false)) {
    l.unsupported(cmd.span, "inputlookup is supported only as the first command");
    return;
  }
  const ir::LookupRef* ref = resolve(l, c.table);
  if (!ref) return;
  add_lookup(l, *ref);
  l.plan().source = {ir::Source::Kind::Inputlookup, ref->name};
  l.leave_event_phase();
  std::vector<ir::SlotId> cols;
  for (const auto& col : ref->columns) cols.push_back(l.slot(col));
  l.set_columns(std::move(cols));
  if (c.where) l.add_stage(ir::FilterStage{l.lower_search(*c.where)}, false);
  if (c.start || c.max) {
    l.unsupported(cmd.span, "inputlookup start=/max= are not supported yet");
  }
}

// spath over _raw: rulejit's JSON events are already flattened with Splunk's
// names, so `spath path=a.b output=x` reads field a.b and bare `spath` adds
// nothing new. An indexed path (a{1}) over _raw, and any path over another
// field, use the spath() function.
void lower_spath(const spl::Command& cmd, Lowerer& l) {
  const auto& s = static_cast<const spl::SpathCommand&>(cmd);
  if (s.input && s.input->name != "_raw") {
    // JSON inside a field: the spath() function extracts the path.
    if (!s.path) {
      // Extract everything: which names it yields depends on the data, so
      // the fields the rule uses are extracted (Lowerer::defer_extract_all).
      l.defer_extract_all(l.stage_count(), l.slot(s.input->name), "_spath_leaf");
      l.add_stage(ir::EvalStage{}, true);
      return;
    }
    ir::SlotId out = l.slot(s.output ? s.output->name : *s.path);
    ir::EvalStage st;
    st.assigns.push_back({out, build::call("spath", build::field(l.slot(s.input->name)), build::str(*s.path))});
    l.touch_column(out);
    l.add_stage(std::move(st), true);
    return;
  }
  if (!s.path) return;
  const std::string& p = *s.path;
  for (size_t i = p.find('{'); i != std::string::npos; i = p.find('{', i + 1))
    if (i + 1 < p.size() && p[i + 1] != '}') {
      ir::SlotId out = l.slot(s.output ? s.output->name : p);
      ir::EvalStage st;
      st.assigns.push_back({out, build::call("spath", build::field(l.slot("_raw")), build::str(p))});
      l.touch_column(out);
      l.add_stage(std::move(st), true);
      return;
    }
  ir::SlotId out = l.slot(s.output ? s.output->name : p);
  ir::SlotId in = l.slot(p);
  if (out == in) return;
  ir::EvalStage st;
  st.assigns.push_back({out, build::field(in)});
  l.touch_column(out);
  l.add_stage(std::move(st), true);
}

}  // namespace rulejit::lower
