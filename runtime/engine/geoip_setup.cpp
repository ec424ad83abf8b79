#include "runtime/engine/geoip_setup.h"

#include <functional>

namespace rulejit::rt {

namespace {

bool calls_iplocation(const ir::Expr& e) {
  if (e.op == ir::Op::Call && e.text == "_iplocation") return true;
  for (const auto& a : e.args)
    if (a && calls_iplocation(*a)) return true;
  return false;
}

}  // namespace

bool plan_uses_iplocation(const ir::Plan& plan) {
  for (const auto& st : plan.stages) {
    if (const auto* ev = std::get_if<ir::EvalStage>(&st))
      for (const auto& a : ev->assigns)
        if (calls_iplocation(*a.expr)) return true;
    if (const auto* sp = std::get_if<ir::SubplanStage>(&st))
      if (sp->sub && plan_uses_iplocation(*sp->sub)) return true;
  }
  return false;
}

std::string geoip_requirement(const ir::Pack& pack, const std::string& geoip_path, const std::string& option) {
  if (!geoip_path.empty()) return {};
  for (const auto& rule : pack.rules)
    if (rule.plan && plan_uses_iplocation(*rule.plan))
      return "rule '" + rule.name + "' uses iplocation, which needs a GeoIP database: pass " + option +
             " FILE (a MaxMind City .mmdb)";
  return {};
}

}  // namespace rulejit::rt
