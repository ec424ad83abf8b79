// make_engine: the one place that picks an executor by name.
//   "interp"  the reference interpreter (runtime/engine)
//   "jit"     LLVM ORC native code (compiler/codegen)
// Callers (CLI, C API, benchmarks, tests) never construct executors directly.
#pragma once

#include <memory>
#include <string>

#include "runtime/engine/engine.h"

namespace rulejit {

// Returns nullptr and sets *error for an unknown executor name or when the
// pack cannot be compiled for it.
std::unique_ptr<rt::Engine> make_engine(const std::string& executor, std::shared_ptr<const ir::Pack> pack,
                                        rt::EngineOptions options, rt::ResultSink sink, std::string* error);

}  // namespace rulejit
