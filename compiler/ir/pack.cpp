#include "compiler/ir/pack.h"

#include <algorithm>

namespace rulejit::ir {

SlotId FieldMapProgram::raw_slot(std::string_view field) {
  SlotId s = derive_index.find(derive.slots, field);
  if (s != kNoSlot) return s;
  s = derive_index.intern(derive.slots, field);
  raw_slots.push_back(s);
  return s;
}

std::string print_fieldmap(const FieldMapProgram& f) {
  std::string out = "fieldmap " + f.name + " sourcetype=" + f.sourcetype + " key=" + f.match_key + "\n";
  for (const auto& [k, v] : f.constants) out += "  const " + k + " = " + v.debug() + "\n";
  out += "  raw:";
  for (SlotId s : f.raw_slots) out += " " + f.derive.slots[s];
  out += "\n" + print_plan(f.derive);
  return out;
}

}  // namespace rulejit::ir
