#include "compiler/codegen/engine_factory.h"

namespace rulejit {

std::unique_ptr<rt::Engine> make_engine(const std::string& executor, std::shared_ptr<const ir::Pack> pack,
                                        rt::EngineOptions options, rt::ResultSink sink, std::string* error) {
  if (executor == "interp") return rt::make_interpreter_engine(std::move(pack), options, std::move(sink));
  if (error) *error = executor == "jit" ? "the JIT executor is not built yet" : "unknown executor '" + executor + "'";
  return nullptr;
}

}  // namespace rulejit
