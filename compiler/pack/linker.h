// Linking: bind every rule plan to the field maps (data sources) it can read.
//
// For each (rule, field map) pair the linker decides where each of the
// rule's event-input slots comes from (a derived field, a raw JSON path, a
// constant such as `sourcetype`, the raw line, or nothing), then folds the
// rule's leading filters with the constants: a rule whose sourcetype test is
// false for a field map is not bound to it, so it costs nothing on those
// events ("skipped by sourcetype first", DESIGN.md).
#pragma once

#include "compiler/ir/pack.h"

namespace rulejit {

// Fills pack.bindings (and adds raw slots to field maps as rules need them).
void link_pack(ir::Pack& pack);

// Partial evaluation of a search/eval predicate when some slots are known
// constants: true/false when decided, nullopt when it depends on the event.
std::optional<bool> fold_predicate(const ir::Plan& plan, const ir::Expr& e,
                                   const std::vector<const rt::Value*>& constants);

}  // namespace rulejit
