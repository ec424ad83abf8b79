// Whole-pack entries of the native code cache: what a cache hit needs to run
// a pack without generating, verifying or hashing its LLVM IR
// (compile_native_pack in native_pack.cpp; the per-unit object cache there
// stays as it is, for packs that only partly changed).
//
// Key (pack_cache_key): a hash of
//  - the pack's serialized IR (compiler/ir/serialize.h writes every field of
//    the pack: each rule as lowered, with its macros expanded, its lookups'
//    rows, the field maps), so a change of a rule, a macro, a lookup or a
//    field map gives another key;
//  - the GNU build id of the binary holding the code generator, so a rebuilt
//    rulejit never uses an entry written by another build (without a build
//    id there is no key, and no whole-pack caching);
//  - the host string: LLVM version, CPU, its features and compile options.
//
// Entry (encode/decode): magic, the NativePack metadata (field map entry
// points and views, the objects table, temps per binding, the functions to
// link, the per-unit key), every unit's object code, and a checksum of all
// of it. Pointers to IR nodes in the objects table are stored as positions
// in the serialization order (serialize_pack's `exprs`), which the same
// pack reproduces. decode rejects (nullopt) a truncated or corrupt entry,
// a checksum mismatch, or a node, field map, binding or plan constant the
// pack does not have; the
// caller then compiles the pack and rewrites the entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/codegen/native_pack.h"
#include "compiler/ir/pack.h"

namespace rulejit::jit {

struct PackCacheEntry {
  std::string code_key;  // CompileStats::cache_key of the compile that wrote it
  std::vector<FieldMapCode> fieldmaps;
  std::vector<ObjectRef> objects;
  std::vector<uint32_t> temps_per_binding;
  std::vector<std::string> symbols;  // every function the units define (looked up together)
  std::string object_code;           // the units' objects, as NativePack::object_code()
};

// Hex GNU build id of the binary or shared library this code is linked
// into; "" when it has none.
const std::string& code_build_id();

// 128-bit hex hash (not cryptographic: it names cache entries).
std::string content_hash(std::string_view data);

// "" when there is no build id (then nothing is cached per pack).
std::string pack_cache_key(std::string_view serialized_ir, std::string_view host);

// "" when an object names an IR node that is not in `exprs` (not cacheable).
std::string encode_pack_cache_entry(const PackCacheEntry& entry, const std::vector<const ir::Expr*>& exprs);
std::optional<PackCacheEntry> decode_pack_cache_entry(std::string_view bytes,
                                                      const std::vector<const ir::Expr*>& exprs,
                                                      const ir::Pack& pack);

// The entry's file in a cache folder.
std::string pack_cache_path(const std::string& dir, const std::string& key);

}  // namespace rulejit::jit
