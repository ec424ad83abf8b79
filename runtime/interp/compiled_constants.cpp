#include "runtime/interp/compiled_constants.h"

namespace rulejit::rt {

CompiledConstants CompiledConstants::build(const ir::Plan& plan, std::vector<std::string>& errors) {
  CompiledConstants c;
  for (const auto& m : plan.matchers) c.matchers.emplace_back(m);
  // Entries used by `rex mode=sed` are sed expressions, not regexes.
  std::vector<bool> is_sed(plan.regexes.size(), false);
  for (const auto& st : plan.stages)
    if (const auto* rx = std::get_if<ir::RexStage>(&st); rx && rx->sed && rx->regex < is_sed.size())
      is_sed[rx->regex] = true;
  c.seds.resize(plan.regexes.size());
  for (size_t i = 0; i < plan.regexes.size(); ++i) {
    std::string err;
    if (is_sed[i]) {
      c.seds[i] = SedExpr::parse(plan.regexes[i], &err);
      c.regexes.push_back(nullptr);
      if (!c.seds[i]) errors.push_back("invalid sed expression \"" + plan.regexes[i] + "\": " + err);
      c.regex_errors.push_back(err);
      continue;
    }
    auto re = Regex::compile(plan.regexes[i], &err);
    if (!re) errors.push_back("invalid regular expression \"" + plan.regexes[i] + "\": " + err);
    c.regexes.push_back(std::move(re));
    c.regex_errors.push_back(err);
  }
  for (const auto& s : plan.sets) c.sets.emplace_back(s.begin(), s.end());
  return c;
}

}  // namespace rulejit::rt
