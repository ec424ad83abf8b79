// Binary serialization of a compiled pack's IR (the "IR" half of a pack
// artifact, compiler/codegen/pack_artifact.h).
//
// Contract:
//  - serialize_pack() writes every field of ir::Pack; deserialize_pack()
//    rebuilds an equal Pack (print_plan of each plan is identical).
//  - The reader trusts nothing: every length and index is bounds-checked,
//    expression nesting is limited, and each plan passes verify_plan();
//    any problem is an error message, never a crash.
//  - The format is versioned (kIrFormatVersion); a reader rejects other
//    versions with a clear message.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/pack.h"

namespace rulejit::ir {

// 2: matchers of kind GlobList. 3: transaction stages, sparkline.
inline constexpr uint32_t kIrFormatVersion = 3;

// exprs (optional): every expression node, in the order written. The same
// pack gives the same order, so a position in it names a node across
// processes (the native code cache stores ObjectRefs that way).
std::string serialize_pack(const Pack& pack, std::vector<const Expr*>* exprs = nullptr);
std::optional<Pack> deserialize_pack(std::string_view data, std::string* error);

}  // namespace rulejit::ir
