#include "compiler/commands/foreach.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/wildcard.h"
#include "compiler/spl/parser.h"

namespace rulejit::lower {

static void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

// foreach f1 f2* [ template ]: the template is instantiated per matching
// field (<<FIELD>>, <<MATCHSTR>>, <<MATCHSEG1..3>>) and lowered in place.
void lower_foreach(const spl::Command& cmd, Lowerer& l) {
  const auto& f = static_cast<const spl::ForeachCommand&>(cmd);
  if (f.mode && *f.mode != spl::ForeachCommand::Mode::Multifield) {
    l.unsupported(cmd.span, "foreach mode= other than multifield is not supported yet");
    return;
  }
  std::string fieldstr = f.fieldstr.value_or("<<FIELD>>"), matchstr = f.matchstr.value_or("<<MATCHSTR>>");
  std::vector<std::pair<std::string, std::vector<std::string>>> targets;
  for (const auto& fn : f.fields) {
    if (!has_wildcard(fn.name)) {
      targets.push_back({fn.name, {}});
      continue;
    }
    if (l.columns_dynamic()) {
      l.unsupported(fn.span, "foreach with wildcards over raw events is not supported yet");
      return;
    }
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
    // The template is a command (`eval ...`), never an implicit search: parse
    // it as a pipeline that starts with a command.
    auto parsed = spl::parse_spl("| " + text);
    if (!parsed.ok()) {
      l.error(f.template_span, "foreach template for '" + name + "': " + parsed.errors[0].message);
      return;
    }
    for (const auto& sub : parsed.pipeline->commands) {
      CommandLowering fn = find_command_lowering(sub->name);
      if (!fn) {
        l.unsupported(f.template_span, "command '" + sub->name + "' inside foreach is not supported");
        return;
      }
      // Issues inside the template point at the template.
      size_t before = l.issues().size();
      size_t saved = l.command_index;
      l.command_index = 1;
      fn(*sub, l);
      l.command_index = saved;
      (void)before;
    }
  }
}

}  // namespace rulejit::lower
