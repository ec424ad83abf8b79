// extract pairdelim= kvdelim=: like spath's extract-everything, lowered per
// field name the rule uses (Lowerer::defer_extract_all with _extract_kv over
// _raw, runtime/functions/kv.cpp). mv_add=false keeps a field's existing
// value (MV_ADD: "otherwise the newly found value is discarded"), true
// appends. Without both delimiters extract applies the sourcetype's
// configured extractions (or named transforms.conf stanzas), which a rule
// pack does not have: refused.
#include "compiler/commands/extract.h"
#include "compiler/lower/commands/command_lowering.h"
#include "runtime/functions/policy.h"

namespace rulejit::lower {

void lower_extract(const spl::Command& cmd, Lowerer& l) {
  const auto& c = static_cast<const spl::ExtractCommand&>(cmd);
  if (!c.extractors.empty()) {
    l.unsupported(c.extractors[0].span, "extract with a transforms.conf extractor name is not supported");
    return;
  }
  if (!c.pairdelim || !c.kvdelim) {
    l.unsupported(cmd.span, "extract without pairdelim= and kvdelim= (the sourcetype's configured extractions) is not supported");
    return;
  }
  namespace policy = rt::policy;
  Lowerer::ExtractAll how;
  how.extractor = "_extract_kv";
  how.args = {rt::Value::string(*c.pairdelim),
              rt::Value::string(*c.kvdelim),
              rt::Value::number(static_cast<double>(c.limit.value_or(policy::kExtractDefaultLimit))),
              rt::Value::boolean(c.mv_add.value_or(false)),
              rt::Value::boolean(c.clean_keys.value_or(policy::kExtractDefaultCleanKeys)),
              rt::Value::number(static_cast<double>(c.maxchars.value_or(policy::kExtractDefaultMaxchars)))};
  how.combine = c.mv_add.value_or(false) ? Lowerer::ExtractAll::Combine::Append
                                         : Lowerer::ExtractAll::Combine::KeepExisting;
  l.defer_extract_all(l.stage_count(), l.slot("_raw"), std::move(how));
  l.add_stage(ir::EvalStage{}, true);
}

}  // namespace rulejit::lower
