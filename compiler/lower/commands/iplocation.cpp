// iplocation: one eval stage assigning each output field from
// _iplocation(ip, field, lang) (runtime/functions/geoip.h). The database is
// a run-time input (--geoip), so the rule compiles without one.
#include "compiler/commands/iplocation.h"
#include "compiler/lower/commands/command_lowering.h"
#include "compiler/lower/ir_build.h"
#include "runtime/functions/policy.h"

namespace rulejit::lower {

using namespace build;

void lower_iplocation(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::IplocationCommand&>(cmd);
  std::vector<const char*> names = {"City", "Country", "Region", "lat", "lon"};
  if (c.allfields.value_or(false)) names.insert(names.end(), {"Continent", "MetroCode", "Timezone"});
  const std::string prefix = c.prefix.value_or("");
  const std::string lang = c.lang.value_or(rt::policy::kIplocationDefaultLang);
  ir::SlotId ip = l.slot(c.field.name);
  ir::EvalStage st;
  for (const char* n : names) {
    ir::SlotId out = l.slot(prefix + n);
    st.assigns.push_back({out, call("_iplocation", field(ip), str(n), str(lang))});
    l.touch_column(out);
  }
  l.add_stage(std::move(st), true);
}

}  // namespace rulejit::lower
