#include "compiler/commands/foreach.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/wildcard.h"
#include "compiler/spl/parser.h"

namespace rulejit::lower {

static void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

// Is `what` written inside a double-quoted string of the template?
static bool inside_quotes(const std::string& text, const std::string& what) {
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (quoted && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] == '"') quoted = !quoted;
    else if (quoted && text.compare(i, what.size(), what) == 0) return true;
  }
  return false;
}

// Lowers the template's commands in place (issues point at the template).
static bool lower_template(const spl::ForeachCommand& f, const std::string& name, const std::string& text,
                           Lowerer& l, bool eval_only) {
  // The template is a command (`eval ...`), never an implicit search: parse
  // it as a pipeline that starts with a command.
  auto parsed = spl::parse_spl("| " + text);
  if (!parsed.ok()) {
    l.error(f.template_span, "foreach template for '" + name + "': " + parsed.errors[0].message);
    return false;
  }
  for (const auto& sub : parsed.pipeline->commands) {
    CommandLowering fn = find_command_lowering(sub->name);
    if (!fn || (eval_only && sub->name != "eval")) {
      l.unsupported(f.template_span, "command '" + sub->name + "' inside foreach is not supported" +
                                         (eval_only ? " over raw events (only eval)" : ""));
      return false;
    }
    size_t saved = l.command_index;
    l.command_index = 1;
    fn(*sub, l);
    l.command_index = saved;
  }
  return true;
}

// foreach <wildcard> over raw events: which fields match is known per event,
// so the template is lowered once, with <<FIELD>> standing for a loop
// variable (a hidden slot), into a ForeachFieldsStage the runtime repeats
// for each matching field (runtime/interp/foreach_fields.h). <<FIELD>> must
// then be a value ('<<FIELD>>' or bare), not a name being assigned or text
// inside quotes; <<MATCHSTR>>/<<MATCHSEG>> are not supported there.
static void lower_foreach_over_events(const spl::ForeachCommand& f, const spl::FieldName& pattern,
                                      const std::string& fieldstr, const std::string& matchstr, Lowerer& l) {
  const std::string& text = f.template_text;
  if (text.find(matchstr) != std::string::npos || text.find("<<MATCHSEG") != std::string::npos) {
    l.unsupported(f.template_span, "foreach with wildcards over raw events supports " + fieldstr +
                                       " only (not " + matchstr + " or <<MATCHSEGn>>)");
    return;
  }
  if (inside_quotes(text, fieldstr)) {
    l.unsupported(f.template_span, "foreach with wildcards over raw events: " + fieldstr +
                                       " inside a quoted string (the field's name as text) is not supported");
    return;
  }
  const std::string var = "__foreach_" + std::to_string(l.stage_count());
  std::string body = text;
  replace_all(body, fieldstr, var);
  const size_t before = l.stage_count();
  if (!lower_template(f, pattern.name, body, l, true)) return;
  ir::ForeachFieldsStage st;
  st.pattern = pattern.name;
  st.raw = l.slot("_raw");
  st.value = l.slot(var);
  for (auto& stage : l.take_stages_from(before)) {
    for (auto& a : std::get<ir::EvalStage>(stage).assigns) {
      if (a.target == st.value) {
        l.unsupported(f.template_span, "foreach with wildcards over raw events cannot assign to " + fieldstr);
        return;
      }
      st.assigns.push_back(std::move(a));
    }
  }
  if (!st.assigns.empty()) l.add_stage(std::move(st), true);
}

// foreach f1 f2* [ template ]: the template is instantiated per matching
// field (<<FIELD>>, <<MATCHSTR>>, <<MATCHSEG1..3>>) and lowered in place.
// A wildcard over raw events, whose fields are known only per event, is
// lowered once into a loop (lower_foreach_over_events).
void lower_foreach(const spl::Command& cmd, Lowerer& l) {
  const auto& f = static_cast<const spl::ForeachCommand&>(cmd);
  if (f.mode && *f.mode != spl::ForeachCommand::Mode::Multifield) {
    l.unsupported(cmd.span, "foreach mode= other than multifield is not supported yet");
    return;
  }
  std::string fieldstr = f.fieldstr.value_or("<<FIELD>>"), matchstr = f.matchstr.value_or("<<MATCHSTR>>");
  for (const auto& fn : f.fields) {
    if (has_wildcard(fn.name) && l.columns_dynamic()) {
      lower_foreach_over_events(f, fn, fieldstr, matchstr, l);
      continue;
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> targets;
    if (!has_wildcard(fn.name)) {
      targets.push_back({fn.name, {}});
    } else {
      for (ir::SlotId c : l.columns())
        if (auto caps = wildcard_captures(fn.name, l.plan().slots[c])) targets.push_back({l.plan().slots[c], *caps});
    }
    for (const auto& [name, caps] : targets) {
      std::string text = f.template_text;
      replace_all(text, fieldstr, name);
      std::string all_caps;
      for (const auto& c : caps) all_caps += c;
      replace_all(text, matchstr, all_caps);
      for (size_t i = 0; i < 3; ++i) {
        std::string seg = "<<MATCHSEG" + std::to_string(i + 1) + ">>";
        replace_all(text, seg, i < caps.size() ? caps[i] : "");
      }
      if (!lower_template(f, name, text, l, false)) return;
    }
  }
}

}  // namespace rulejit::lower
