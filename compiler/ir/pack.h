// Pack IR: a compiled rule pack — every rule's plan plus, per data source
// (field map), the program that turns a raw event into the fields rules read,
// and how each rule's input slots bind to it.
//
// Contract:
//  - A FieldMapProgram owns a "derive" plan whose slots are the raw JSON
//    field names (flattened Splunk names) it reads and the derived fields
//    and CIM data model fields it defines; derive.stages holds one EvalStage
//    computing every derived slot in dependency order.
//  - A RuleBinding says, for one (rule, field map) pair that can match, where
//    each of the rule's event-input slots gets its value.
//  - Rules that cannot match a field map (their sourcetype test folds to
//    false, or their data model is not provided) have no binding there.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/plan.h"
#include "compiler/ir/slot_index.h"

namespace rulejit::ir {

struct FieldMapProgram {
  std::string name;         // field map file stem, e.g. "tetragon_process_exec"
  std::string file;         // where it was loaded from
  std::string sourcetype;   // e.g. "cisco:isovalent:processExec"
  std::string match_key;    // events whose top-level object has this key
  Plan derive;              // raw + derived slots; one EvalStage
  std::vector<SlotId> raw_slots;        // slots read from the JSON event
  std::map<std::string, SlotId> derived;  // derived field name -> slot
  std::map<std::string, rt::Value> constants;  // sourcetype, source, ...
  // data model dataset ("Endpoint.Processes") -> field ("Processes.dest") -> slot
  std::map<std::string, std::map<std::string, SlotId>> datamodels;
  // The flattened JSON names events of this source can carry (`*` globs),
  // as the field map declares them in `raw_fields`; empty: not declared.
  // Used only by `rulejit check --lint`; not part of pack artifacts.
  std::vector<std::string> raw_fields;

  // Slot for a raw JSON name, added when new (rules may read any path).
  SlotId raw_slot(std::string_view field);
  SlotIndex derive_index;  // derive.slots by name (raw_slot)
};

struct InputBinding {
  enum class Kind : uint8_t { Derive, Constant, RawLine, Null };
  Kind kind = Kind::Null;
  SlotId rule_slot = kNoSlot;
  SlotId derive_slot = kNoSlot;  // Derive
  rt::Value constant;            // Constant
};

struct RuleBinding {
  uint32_t rule = 0;      // index into Pack::rules
  uint32_t fieldmap = 0;  // index into Pack::fieldmaps
  std::vector<InputBinding> inputs;
};

struct PackRule {
  std::string name;
  std::string id;
  std::string file;
  std::shared_ptr<const Plan> plan;
  // A subsearch of another rule (join/append): its rows go to that rule,
  // not to the output.
  bool hidden = false;
  // The identity that carries a rule's state across reloads: its id, or its
  // name when the detection has none.
  const std::string& key() const { return id.empty() ? name : id; }
};

struct Pack {
  std::vector<PackRule> rules;
  std::vector<FieldMapProgram> fieldmaps;
  std::vector<RuleBinding> bindings;
};

std::string print_fieldmap(const FieldMapProgram& f);

}  // namespace rulejit::ir
