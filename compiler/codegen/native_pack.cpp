#include "compiler/codegen/native_pack.h"

#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/TargetParser/Host.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "compiler/codegen/codegen.h"
#include "runtime/core/value.h"

namespace rulejit::jit {
namespace fs = std::filesystem;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void init_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

// FNV-1a 64, twice with different seeds, as a 128-bit hex key. Collisions only
// cost a recompile-free wrong object, so the key also covers the IR length.
std::string hash_key(std::string_view text) {
  auto fnv = [&](uint64_t h) {
    for (unsigned char c : text) {
      h ^= c;
      h *= 1099511628211ull;
    }
    return h;
  };
  char buf[64];
  std::snprintf(buf, sizeof buf, "%016llx%016llx-%zx", static_cast<unsigned long long>(fnv(14695981039346656037ull)),
                static_cast<unsigned long long>(fnv(0x9e3779b97f4a7c15ull)), text.size());
  return buf;
}

// Object files on disk, named by the module identifier (the cache key).
// Writes go to a temporary file renamed into place, so a concurrent reader
// never sees a partial object; unreadable entries are simply misses.
class DiskObjectCache : public llvm::ObjectCache {
 public:
  DiskObjectCache(std::string dir, std::string preset) : dir_(std::move(dir)), preset_(std::move(preset)) {}
  bool hit = false;
  std::string object;  // the object code that was linked

  void notifyObjectCompiled(const llvm::Module* m, llvm::MemoryBufferRef obj) override {
    object.assign(obj.getBufferStart(), obj.getBufferSize());
    if (dir_.empty()) return;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    fs::path final_path = fs::path(dir_) / (m->getModuleIdentifier() + ".o");
    fs::path tmp = final_path;
    tmp += ".tmp" + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(obj.getBufferStart(), static_cast<std::streamsize>(obj.getBufferSize()));
      if (!out) return;
    }
    fs::rename(tmp, final_path, ec);
  }

  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module* m) override {
    if (plausible_object(preset_)) {
      hit = true;
      object = preset_;
      return llvm::MemoryBuffer::getMemBufferCopy(preset_, m->getModuleIdentifier());
    }
    if (dir_.empty()) return nullptr;
    fs::path p = fs::path(dir_) / (m->getModuleIdentifier() + ".o");
    auto buf = llvm::MemoryBuffer::getFile(p.string(), /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buf) return nullptr;
    // A truncated or foreign file is rejected by the object-file magic check.
    if (!plausible_object((*buf)->getBuffer())) return nullptr;
    hit = true;
    object.assign((*buf)->getBufferStart(), (*buf)->getBufferSize());
    return std::move(*buf);
  }

 private:
  static bool plausible_object(llvm::StringRef data) {
    return data.size() >= 64 && data.starts_with("\x7f" "ELF");
  }
  std::string dir_;
  std::string preset_;
};

void optimize(llvm::Module& m, llvm::TargetMachine& tm, int level) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel ol = level <= 0   ? llvm::OptimizationLevel::O0
                               : level == 1 ? llvm::OptimizationLevel::O1
                               : level == 2 ? llvm::OptimizationLevel::O2
                                            : llvm::OptimizationLevel::O3;
  if (level <= 0) return;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(ol);
  mpm.run(m, mam);
}

std::string emit_asm(llvm::Module& m, llvm::TargetMachine& tm) {
  std::unique_ptr<llvm::Module> copy = llvm::CloneModule(m);
  llvm::SmallString<0> out;
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::AssemblyFile)) return "<no assembly printer>";
  pm.run(*copy);
  return std::string(out.str());
}

}  // namespace

struct NativePack::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<DiskObjectCache> cache;
};

NativePack::~NativePack() = default;

std::string default_cache_dir() {
  if (const char* d = std::getenv("RULEJIT_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "rulejit").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "rulejit").string();
  return {};
}

std::unique_ptr<NativePack> compile_native_pack(const ir::Pack& pack, const CompileOptions& options,
                                                std::string* error) {
  init_llvm();
  CompileOptions opts = options;
  if (const char* lvl = std::getenv("RULEJIT_OPT_LEVEL"); lvl && *lvl) opts.opt_level = std::atoi(lvl);
  auto fail = [&](std::string msg) -> std::unique_ptr<NativePack> {
    if (error) *error = std::move(msg);
    return nullptr;
  };
  auto symbols = helper_symbols();
  if (symbols.empty()) return fail("unexpected std::string_view layout; the JIT cannot read event fields");

  std::unique_ptr<NativePack> np(new NativePack());
  np->impl_ = std::make_unique<NativePack::Impl>();

  auto t0 = std::chrono::steady_clock::now();
  auto tsctx = std::make_unique<llvm::LLVMContext>();
  GeneratedCode gen = generate_pack_code(pack, *tsctx, sizeof(rt::Value));
  np->fieldmaps_ = gen.fieldmaps;
  np->objects_ = gen.objects;
  np->temps_ = gen.temps_per_binding;

  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return fail("cannot detect the host CPU: " + llvm::toString(jtmb.takeError()));
  jtmb->setCodeGenOptLevel(opts.opt_level >= 2 ? llvm::CodeGenOptLevel::Default : llvm::CodeGenOptLevel::Less);
  auto tm = jtmb->createTargetMachine();
  if (!tm) return fail("cannot create a target machine: " + llvm::toString(tm.takeError()));
  gen.module->setDataLayout((*tm)->createDataLayout());
  gen.module->setTargetTriple((*tm)->getTargetTriple().str());

  std::string verify_msg;
  llvm::raw_string_ostream vos(verify_msg);
  if (llvm::verifyModule(*gen.module, &vos)) return fail("internal: generated LLVM IR is invalid: " + vos.str());

  // Cache key: the unoptimized IR, the LLVM version, the CPU and its features.
  std::string ir_text;
  {
    llvm::raw_string_ostream os(ir_text);
    gen.module->print(os, nullptr);
  }
  std::string key = hash_key(ir_text + "|llvm " LLVM_VERSION_STRING "|" + llvm::sys::getHostCPUName().str() + "|" +
                             (*tm)->getTargetFeatureString().str() + "|O" + std::to_string(opts.opt_level));
  np->stats_.cache_key = key;
  if (const char* dump = std::getenv("RULEJIT_DUMP_IR"); dump && *dump) std::ofstream(dump) << ir_text;
  gen.module->setModuleIdentifier("rulejit-" + key);
  np->stats_.codegen_ms = ms_since(t0);

  auto t1 = std::chrono::steady_clock::now();
  // Another CPU or LLVM gives another key: the artifact's object is not
  // used and the pack is compiled again from its IR.
  bool use_preset = !opts.preset_object.empty() && opts.preset_key == key;
  np->impl_->cache = std::make_unique<DiskObjectCache>(opts.cache_dir, use_preset ? opts.preset_object : "");
  bool cached = use_preset;
  if (!cached && !opts.cache_dir.empty()) {
    // A cached object lets us skip optimization; the compiler below still
    // consults the cache and skips code generation.
    cached = fs::exists(fs::path(opts.cache_dir) / ("rulejit-" + key + ".o"));
  }
  auto t_opt = std::chrono::steady_clock::now();
  if (!cached) optimize(*gen.module, **tm, opts.opt_level);
  double opt_ms = ms_since(t_opt);
  if (opts.keep_ir) {
    llvm::raw_string_ostream os(np->llvm_ir_);
    gen.module->print(os, nullptr);
  }
  if (opts.keep_asm) np->asm_ = emit_asm(*gen.module, **tm);

  DiskObjectCache* cache = np->impl_->cache.get();
  auto builder = llvm::orc::LLJITBuilder();
  builder.setJITTargetMachineBuilder(*jtmb);
  builder.setCompileFunctionCreator(
      [cache](llvm::orc::JITTargetMachineBuilder jtmb2)
          -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
        auto tm2 = jtmb2.createTargetMachine();
        if (!tm2) return tm2.takeError();
        return std::make_unique<llvm::orc::TMOwningSimpleCompiler>(std::move(*tm2), cache);
      });
  auto jit = builder.create();
  if (!jit) return fail("cannot create the JIT: " + llvm::toString(jit.takeError()));

  llvm::orc::SymbolMap map;
  for (const auto& [name, addr] : symbols)
    map[(*jit)->mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(addr), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  if (auto err = (*jit)->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(map))))
    return fail("cannot register runtime helpers: " + llvm::toString(std::move(err)));

  if (auto err = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(gen.module), std::move(tsctx))))
    return fail("cannot add the module: " + llvm::toString(std::move(err)));
  for (const auto& f : np->fieldmaps_) {
    if (f.function.empty()) {
      np->functions_.push_back(nullptr);
      continue;
    }
    auto sym = (*jit)->lookup(f.function);
    if (!sym) return fail("cannot link " + f.function + ": " + llvm::toString(sym.takeError()));
    np->functions_.push_back(sym->toPtr<FieldMapFn>());
  }
  np->stats_.compile_ms = ms_since(t1);
  if (std::getenv("RULEJIT_TIMING"))
    std::fprintf(stderr, "jit: codegen %.1f ms, optimize %.1f ms, machine code + link %.1f ms\n",
                 np->stats_.codegen_ms, opt_ms, np->stats_.compile_ms - opt_ms);
  np->stats_.cache_hit = cache->hit;
  np->object_ = cache->object;
  np->impl_->jit = std::move(*jit);
  return np;
}

}  // namespace rulejit::jit
