// The JIT executor: an rt::Engine running a NativePack.
#pragma once

#include <memory>

#include "compiler/codegen/native_pack.h"
#include "runtime/engine/engine.h"

namespace rulejit::jit {

std::unique_ptr<rt::Engine> make_jit_engine(std::shared_ptr<const ir::Pack> pack, rt::EngineOptions options,
                                            rt::ResultSink sink, std::shared_ptr<const NativePack> native);

}  // namespace rulejit::jit
