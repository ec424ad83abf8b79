// Whether a pack can run with the GeoIP database it was given: rules using
// iplocation compile without one, but running them needs --geoip FILE. The
// CLI asks before running so the error names the option, not an evaluation
// error per event.
#pragma once

#include <string>

#include "compiler/ir/pack.h"

namespace rulejit::rt {

bool plan_uses_iplocation(const ir::Plan& plan);

// "" when the pack can run; else the error naming the first rule that needs
// a database and the option that supplies it.
std::string geoip_requirement(const ir::Pack& pack, const std::string& geoip_path, const std::string& option = "--geoip");

}  // namespace rulejit::rt
