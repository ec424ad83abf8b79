#include "compiler/commands/regex.h"
#include "compiler/commands/rex.h"
#include "compiler/lower/commands/command_lowering.h"
#include "runtime/functions/regex.h"

namespace rulejit::lower {

// Compiles the pattern now so a bad regex is a diagnostic at its position.
// Only PCRE2 decides validity and the named groups: the matcher the rule runs
// is compiled again by the executor, so the PCRE2 JIT and the Hyperscan
// prefilter are skipped here (they were a quarter of a big pack's front end).
static bool check_regex(Lowerer& l, const std::string& pattern, spl::Span span,
                        std::shared_ptr<const rt::Regex>* out = nullptr) {
  std::string err;
  rt::RegexOptions check_only;
  check_only.jit = false;
  check_only.prefilter = false;
  auto re = rt::Regex::compile(pattern, &err, check_only);
  if (!re) {
    l.error(span, "invalid regular expression: " + err);
    return false;
  }
  if (out) *out = re;
  return true;
}

// regex f="re" keeps rows whose f matches; regex f!="re" keeps the others,
// including rows without f (spl-semantics.md §3.10 recommendation).
void lower_regex(const spl::Command& cmd, Lowerer& l) {
  const auto& r = static_cast<const spl::RegexCommand&>(cmd);
  if (!check_regex(l, r.pattern, r.pattern_span)) return;
  ir::SlotId f = l.slot(r.field.name);
  auto match = ir::Expr::make(ir::Op::RegexMatch);
  match->args.push_back(ir::Expr::field(f));
  match->index = l.add_regex(r.pattern);
  ir::ExprPtr cond;
  if (!r.negated) {
    cond = std::move(match);
  } else {
    auto exists = ir::Expr::make(ir::Op::Exists);
    exists->slot = f;
    std::vector<ir::ExprPtr> a, b, both;
    a.push_back(std::move(exists));
    b.push_back(std::move(match));
    both.push_back(ir::Expr::make(ir::Op::Not, std::move(a)));
    both.push_back(ir::Expr::make(ir::Op::Not, std::move(b)));
    cond = ir::Expr::make(ir::Op::Or, std::move(both));
  }
  l.add_stage(ir::FilterStage{std::move(cond)}, true);
}

void lower_rex(const spl::Command& cmd, Lowerer& l) {
  const auto& r = static_cast<const spl::RexCommand&>(cmd);
  ir::RexStage st;
  st.input = l.slot(r.field ? r.field->name : "_raw");
  if (r.mode == spl::RexCommand::Mode::Sed) {
    std::string err;
    if (!rt::SedExpr::parse(r.regex, &err)) {
      l.error(r.regex_span, "invalid sed expression: " + err);
      return;
    }
    st.sed = true;
    st.regex = l.add_regex(r.regex);
    l.add_stage(std::move(st), true);
    return;
  }
  std::shared_ptr<const rt::Regex> re;
  if (!check_regex(l, r.regex, r.regex_span, &re)) return;
  if (re->named_groups().empty()) l.warning(r.regex_span, "rex regular expression has no named group (?<name>...)");
  st.regex = l.add_regex(r.regex);
  st.max_match = static_cast<uint32_t>(std::max<int64_t>(0, r.max_match.value_or(1)));
  for (const auto& g : re->named_groups()) {
    ir::SlotId s = l.slot(g.name);
    st.groups.push_back({g.name, s});
    l.touch_column(s);
  }
  if (r.offset_field) {
    l.unsupported(r.offset_field->span, "rex offset_field= is not supported yet");
    return;
  }
  l.add_stage(std::move(st), true);
}

}  // namespace rulejit::lower
