// Codegen: ir::Pack -> LLVM IR (internal to compiler/codegen).
//
// One function per field map, `void rj_fm_<i>(JitCtx*, const RjSpan* views)`,
// evaluates every rule bound to that field map for one event:
//  1. Per rule, its leading search-language filters (two-valued: field
//     matches, existence, bare terms and their AND/OR/NOT), with the field
//     map's constants folded in (`sourcetype=...` disappears), compiled
//     inline over the event's string views: case-insensitive equality and
//     prefix/suffix tests unrolled byte by byte, IN sets as a switch on
//     length then compares, conjuncts ordered cheapest first. Derived fields
//     that are a raw field or its basename are computed inline; others come
//     from a helper that computes each derived field once per event.
//  2. For a rule whose filters pass, the rest of its per-event stages as
//     straight-line code over rt::Value slots: each expression node is a
//     call to the same operation the interpreter uses (jit_helpers.cpp),
//     control flow (AND/OR/IF/CASE/COALESCE short-circuits) is native;
//     heavy stages (rename, rex, lookup, fields) call their runtime helper;
//     the surviving row goes to the aggregation / output (rj_accept).
#pragma once

#include <memory>

#include "compiler/codegen/native_pack.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace rulejit::jit {

// One module with its own context, so units can be compiled concurrently.
struct CodeUnit {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  // Only rule bodies (rj_rule_*), which run for the events their filters
  // pass: compiled for compile speed rather than code speed.
  bool cold = false;
};

struct GeneratedCode {
  std::vector<CodeUnit> units;  // units[0] holds the per-event functions
  std::vector<FieldMapCode> fieldmaps;
  std::vector<ObjectRef> objects;
  std::vector<uint32_t> temps_per_binding;
};

// rules_per_unit == 0: everything in one unit.
GeneratedCode generate_pack_code(const ir::Pack& pack, size_t value_size, size_t rules_per_unit);

}  // namespace rulejit::jit
