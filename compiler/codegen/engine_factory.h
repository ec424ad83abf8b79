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

namespace jit {
struct PackArtifact;
}

// Prepares a pack once for an executor (the JIT compiles or loads its native
// code once) and returns a factory of engines sharing it, each with its own
// sink and state: for worker threads and windows. Empty (with *error) when
// the pack cannot be prepared. `artifact` may be null (then `pack` is used).
rt::SinkEngineFactory engine_maker(const std::string& executor, std::shared_ptr<const ir::Pack> pack,
                                   const jit::PackArtifact* artifact, rt::EngineOptions options, std::string* error);

// An engine for a loaded pack artifact: the JIT links the artifact's object
// code when it was built for this CPU and LLVM, and compiles from the IR
// otherwise.
std::unique_ptr<rt::Engine> make_engine_from_artifact(const std::string& executor, const jit::PackArtifact& artifact,
                                                      rt::EngineOptions options, rt::ResultSink sink,
                                                      std::string* error);

}  // namespace rulejit
