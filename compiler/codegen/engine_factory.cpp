#include "compiler/codegen/engine_factory.h"

#include "compiler/codegen/jit_engine.h"
#include "compiler/codegen/native_pack.h"
#include "compiler/codegen/pack_artifact.h"

namespace rulejit {

std::unique_ptr<rt::Engine> make_engine(const std::string& executor, std::shared_ptr<const ir::Pack> pack,
                                        rt::EngineOptions options, rt::ResultSink sink, std::string* error) {
  if (executor == "interp") return rt::make_interpreter_engine(std::move(pack), options, std::move(sink));
  if (executor == "jit") {
    jit::CompileOptions co;
    co.cache_dir = options.code_cache_dir;
    auto native = jit::compile_native_pack(*pack, co, error);
    if (!native) return nullptr;
    return jit::make_jit_engine(std::move(pack), options, std::move(sink), std::move(native));
  }
  if (error) *error = "unknown executor '" + executor + "' (use interp or jit)";
  return nullptr;
}

std::unique_ptr<rt::Engine> make_engine_from_artifact(const std::string& executor, const jit::PackArtifact& artifact,
                                                      rt::EngineOptions options, rt::ResultSink sink,
                                                      std::string* error) {
  if (executor != "jit") return make_engine(executor, artifact.pack, options, std::move(sink), error);
  jit::CompileOptions co;
  co.cache_dir = options.code_cache_dir;
  co.preset_object = artifact.object;
  co.preset_key = artifact.key;
  auto native = jit::compile_native_pack(*artifact.pack, co, error);
  if (!native) return nullptr;
  return jit::make_jit_engine(artifact.pack, options, std::move(sink), std::move(native));
}

rt::SinkEngineFactory engine_maker(const std::string& executor, std::shared_ptr<const ir::Pack> pack,
                                   const jit::PackArtifact* artifact, rt::EngineOptions options, std::string* error) {
  if (artifact) pack = artifact->pack;
  if (executor == "interp")
    return [pack, options](rt::ResultSink sink, std::string*) {
      return rt::make_interpreter_engine(pack, options, std::move(sink));
    };
  if (executor != "jit") {
    if (error) *error = "unknown executor '" + executor + "' (use interp or jit)";
    return {};
  }
  jit::CompileOptions co;
  co.cache_dir = options.code_cache_dir;
  if (artifact) {
    co.preset_object = artifact->object;
    co.preset_key = artifact->key;
  }
  std::shared_ptr<const jit::NativePack> native = jit::compile_native_pack(*pack, co, error);
  if (!native) return {};
  // The native code is shared: it keeps no state (jit_abi.h: every object it
  // touches comes through the engine's context).
  return [pack, options, native](rt::ResultSink sink, std::string*) {
    return jit::make_jit_engine(pack, options, std::move(sink), native);
  };
}

}  // namespace rulejit
