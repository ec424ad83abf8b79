// NativePack: a rule pack compiled to native code with LLVM ORC (LLJIT).
//
// Contract:
//  - compile_native_pack() generates one function per field map that
//    evaluates every rule bound to it for one event (codegen.cpp), optimizes
//    it (new pass manager, O2) and JIT-compiles it for the host CPU. In a
//    large pack, the units holding only rule bodies (run for the events
//    their filters pass) get O1 and LLVM's fast instruction selector.
//  - The object code is cached on disk (cache_dir) keyed by a hash of the
//    generated LLVM IR, the LLVM version and the host CPU and features; an
//    unchanged pack loads without compiling. A cache entry that cannot be
//    read or linked is ignored and rewritten.
//  - Besides, a whole-pack entry (pack_cache.h) keyed by the pack's IR and
//    the build of this code holds the objects and everything the engine
//    needs with them: an unchanged pack then loads without generating any
//    LLVM IR (tens of ms instead of hundreds for ~500 rules). Not used for
//    explain (keep_ir / keep_asm) nor with a preset object.
//  - Generated code reaches runtime objects only through the `objects`
//    table (jit_abi.h), so the same object code links into any process; the
//    engine resolves `objects` (ObjectRef) to addresses.
//  - LLVM headers stay in the .cpp files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/codegen/jit_abi.h"
#include "compiler/ir/pack.h"

namespace rulejit::jit {

// What entry `i` of JitCtx::objects must point to.
struct ObjectRef {
  enum class Kind : uint8_t {
    ConstValue,  // const rt::Value* (ptr: the ir::Expr whose `value` it is)
    Matcher,     // const rt::SearchMatcher* of binding's plan, matcher `index`
    Regex,       // const rt::Regex* (may be null) of binding's plan, regex `index`
    Set,         // const std::unordered_set<std::string>* of binding's plan, set `index`
    Function,    // const rt::FunctionInfo* named `text`
    Expr,        // const ir::Expr* (ptr)
    Glob,        // const rt::GlobPattern* for pattern `text` (case-insensitive)
  };
  Kind kind = Kind::ConstValue;
  uint32_t binding = 0;
  uint32_t index = 0;
  const void* ptr = nullptr;
  std::string text;
};

struct FieldMapCode {
  std::string function;                 // symbol; empty when no rule is bound
  std::vector<ir::SlotId> view_slots;   // views[i] = values of this derive slot (a raw JSON field)
  // views[0, eager_views) are filled before the call; the others only when
  // generated code asks for them (rj_lazy_view).
  uint32_t eager_views = 0;
};

struct CompileOptions {
  int opt_level = 2;
  std::string cache_dir;  // empty: no disk cache
  bool keep_ir = false;   // keep the LLVM IR text (explain --llvm)
  bool keep_asm = false;  // keep the assembly text (explain --asm)
  // Object code from a pack artifact: used instead of compiling when its
  // cache key equals the key of the code generated now (same IR, LLVM, CPU).
  std::string preset_object;
  std::string preset_key;
  // Large packs are split into compilation units of this many rules, which
  // are optimized and compiled on two threads (and cached separately).
  size_t rules_per_unit = 48;
};

struct CompileStats {
  double codegen_ms = 0;   // IR -> LLVM IR
  double compile_ms = 0;   // optimize + machine code + link (or cache load + link)
  bool cache_hit = false;
  bool pack_entry_hit = false;  // from a whole-pack entry (pack_cache.h): no LLVM IR generated
  std::string cache_key;
};

using FieldMapFn = void (*)(JitCtx* ctx, const RjSpan* views);

class NativePack {
 public:
  ~NativePack();
  NativePack(const NativePack&) = delete;
  NativePack& operator=(const NativePack&) = delete;

  const std::vector<FieldMapCode>& fieldmaps() const { return fieldmaps_; }
  const std::vector<FieldMapFn>& functions() const { return functions_; }  // parallel; null when none
  const std::vector<ObjectRef>& objects() const { return objects_; }
  const std::vector<uint32_t>& temps_per_binding() const { return temps_; }
  const CompileStats& stats() const { return stats_; }
  const std::string& llvm_ir() const { return llvm_ir_; }
  const std::string& assembly() const { return asm_; }
  // The relocatable object code that was linked (for pack artifacts).
  const std::string& object_code() const { return object_; }

 private:
  friend std::unique_ptr<NativePack> compile_native_pack(const ir::Pack&, const CompileOptions&, std::string*);
  NativePack() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<FieldMapCode> fieldmaps_;
  std::vector<FieldMapFn> functions_;
  std::vector<ObjectRef> objects_;
  std::vector<uint32_t> temps_;
  CompileStats stats_;
  std::string llvm_ir_, asm_, object_;
};

std::unique_ptr<NativePack> compile_native_pack(const ir::Pack& pack, const CompileOptions& options,
                                                std::string* error);

// The default cache folder: $RULEJIT_CACHE_DIR, else $XDG_CACHE_HOME/rulejit,
// else ~/.cache/rulejit.
std::string default_cache_dir();

}  // namespace rulejit::jit
