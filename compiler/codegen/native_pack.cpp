#include "compiler/codegen/native_pack.h"

#include <llvm/Bitcode/BitcodeWriter.h>
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

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/pack_cache.h"
#include "compiler/ir/serialize.h"
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
// never sees a partial object; unreadable entries are simply misses. Called
// from the JIT's compile threads, hence the lock.
class DiskObjectCache : public llvm::ObjectCache {
 public:
  DiskObjectCache(std::string dir, std::map<std::string, std::string> presets)
      : dir_(std::move(dir)), presets_(std::move(presets)) {}

  void notifyObjectCompiled(const llvm::Module* m, llvm::MemoryBufferRef obj) override {
    std::string id = m->getModuleIdentifier();
    {
      std::lock_guard<std::mutex> lock(mu_);
      objects_[id].assign(obj.getBufferStart(), obj.getBufferSize());
    }
    if (dir_.empty()) return;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    fs::path final_path = fs::path(dir_) / (id + ".o");
    fs::path tmp = final_path;
    tmp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<uintptr_t>(m));
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(obj.getBufferStart(), static_cast<std::streamsize>(obj.getBufferSize()));
      if (!out) return;
    }
    fs::rename(tmp, final_path, ec);
  }

  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module* m) override {
    std::string id = m->getModuleIdentifier();
    std::string data;
    if (!lookup(id, data)) return nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    ++hits_;
    objects_[id] = data;
    return llvm::MemoryBuffer::getMemBufferCopy(data, id);
  }

  // Whether an object for this module id is available (preset or on disk).
  bool has(const std::string& id) {
    std::string data;
    return lookup(id, data);
  }

  size_t hits() {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }
  std::map<std::string, std::string> objects() {
    std::lock_guard<std::mutex> lock(mu_);
    return objects_;
  }

 private:
  bool lookup(const std::string& id, std::string& data) {
    if (auto it = presets_.find(id); it != presets_.end() && plausible_object(it->second)) {
      data = it->second;
      return true;
    }
    if (dir_.empty()) return false;
    std::ifstream in(fs::path(dir_) / (id + ".o"), std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    data = ss.str();
    // A truncated or foreign file is rejected by the object-file magic check.
    return plausible_object(data);
  }
  static bool plausible_object(std::string_view data) {
    return data.size() >= 64 && data.substr(0, 4) == "\x7f" "ELF";
  }
  std::string dir_;
  std::map<std::string, std::string> presets_;
  std::mutex mu_;
  std::map<std::string, std::string> objects_;
  size_t hits_ = 0;
};

// Several units' objects as one blob for pack artifacts:
// repeated [u32 id length][id][u64 object length][object].
std::string pack_objects(const std::map<std::string, std::string>& objects) {
  std::string out;
  auto put = [&](uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  };
  for (const auto& [id, obj] : objects) {
    put(id.size(), 4);
    out += id;
    put(obj.size(), 8);
    out += obj;
  }
  return out;
}

std::map<std::string, std::string> unpack_objects(std::string_view blob) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  auto get = [&](int bytes, uint64_t& v) {
    if (blob.size() - pos < static_cast<size_t>(bytes)) return false;
    v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(blob[pos + static_cast<size_t>(i)])} << (8 * i);
    pos += static_cast<size_t>(bytes);
    return true;
  };
  while (pos < blob.size()) {
    uint64_t n = 0, m = 0;
    if (!get(4, n) || blob.size() - pos < n) break;
    std::string id(blob.substr(pos, n));
    pos += n;
    if (!get(8, m) || blob.size() - pos < m) break;
    out[id] = std::string(blob.substr(pos, m));
    pos += m;
  }
  return out;
}

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

// Rule bodies (CodeUnit::cold) run only for events their filters pass: O1
// and LLVM's fast instruction selector (about half the machine-code time;
// measured on the 497-rule pack, bench/README.md). Filters and per-event
// functions keep the requested level.
constexpr int kColdOptLevel = 1;
constexpr std::string_view kColdTag = "|cold";

// ConcurrentIRCompiler with the code generation level chosen per unit: one
// TargetMachine per compile (they are not thread-safe).
class UnitCompiler : public llvm::orc::IRCompileLayer::IRCompiler {
 public:
  UnitCompiler(llvm::orc::JITTargetMachineBuilder jtmb, llvm::ObjectCache* cache, std::set<std::string> cold)
      : IRCompiler(llvm::orc::irManglingOptionsFromTargetOptions(jtmb.getOptions())),
        jtmb_(std::move(jtmb)),
        cache_(cache),
        cold_(std::move(cold)) {}

  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> operator()(llvm::Module& m) override {
    llvm::orc::JITTargetMachineBuilder b = jtmb_;
    if (cold_.count(m.getModuleIdentifier())) b.setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
    auto tm = b.createTargetMachine();
    if (!tm) return tm.takeError();
    auto t0 = std::chrono::steady_clock::now();
    auto r = llvm::orc::SimpleCompiler(**tm, cache_)(m);
    if (std::getenv("RULEJIT_TIMING")) {
      size_t n = 0;
      for (const auto& f : m) n += f.getInstructionCount();
      std::fprintf(stderr, "jit: unit%s machine code %.1f ms, %zu instructions after optimization\n",
                   cold_.count(m.getModuleIdentifier()) ? " (cold)" : "", ms_since(t0), n);
    }
    return r;
  }

 private:
  llvm::orc::JITTargetMachineBuilder jtmb_;
  llvm::ObjectCache* cache_;
  std::set<std::string> cold_;
};

// The runtime helpers generated code calls, as absolute symbols.
llvm::Error define_helpers(llvm::orc::LLJIT& jit, const std::vector<std::pair<std::string, void*>>& symbols) {
  llvm::orc::SymbolMap map;
  for (const auto& [name, addr] : symbols)
    map[jit.mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(addr), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  return jit.getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(map)));
}

std::optional<std::string> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

// Written to a temporary file renamed into place: a concurrent reader sees
// the old entry or the whole new one.
void write_file_atomically(const std::string& dir, const std::string& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  static std::atomic<uint64_t> serial{0};  // threads of one process write apart too
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

// A whole-pack cache hit (pack_cache.h): the units' objects linked as they
// are, no LLVM IR generated. nullopt when the entry is missing, corrupt or
// does not link (the caller compiles the pack then and rewrites it).
struct CachedPack {
  PackCacheEntry entry;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::vector<FieldMapFn> functions;
};

std::optional<CachedPack> load_cached_pack(const std::string& path, const ir::Pack& pack,
                                           const std::vector<const ir::Expr*>& exprs,
                                           const llvm::orc::JITTargetMachineBuilder& jtmb,
                                           const std::vector<std::pair<std::string, void*>>& symbols) {
  auto bytes = read_file_bytes(path);
  if (!bytes) return std::nullopt;
  auto entry = decode_pack_cache_entry(*bytes, exprs, pack);
  if (!entry) return std::nullopt;
  auto units = unpack_objects(entry->object_code);
  if (units.empty()) return std::nullopt;
  auto builder = llvm::orc::LLJITBuilder();
  builder.setJITTargetMachineBuilder(jtmb);
  auto jit = builder.create();
  if (!jit) {
    llvm::consumeError(jit.takeError());
    return std::nullopt;
  }
  if (auto err = define_helpers(**jit, symbols)) {
    llvm::consumeError(std::move(err));
    return std::nullopt;
  }
  for (const auto& [id, obj] : units) {
    if (auto err = (*jit)->addObjectFile(llvm::MemoryBuffer::getMemBufferCopy(obj, id))) {
      llvm::consumeError(std::move(err));
      return std::nullopt;
    }
  }
  // Every function at once, as after a compile: the entry points call
  // functions of other units, which must all be linked first.
  llvm::orc::SymbolLookupSet names;
  for (const auto& name : entry->symbols) names.add((*jit)->mangleAndIntern(name));
  auto& es = (*jit)->getExecutionSession();
  auto found = es.lookup(llvm::orc::makeJITDylibSearchOrder(&(*jit)->getMainJITDylib()), std::move(names));
  if (!found) {
    llvm::consumeError(found.takeError());
    return std::nullopt;
  }
  CachedPack out;
  for (const auto& f : entry->fieldmaps) {
    if (f.function.empty()) {
      out.functions.push_back(nullptr);
      continue;
    }
    auto it = found->find((*jit)->mangleAndIntern(f.function));
    if (it == found->end()) return std::nullopt;
    out.functions.push_back(it->second.getAddress().toPtr<FieldMapFn>());
  }
  out.entry = std::move(*entry);
  out.jit = std::move(*jit);
  return out;
}

}  // namespace

struct NativePack::Impl {
  std::unique_ptr<DiskObjectCache> cache;  // declared first: outlives the JIT that uses it
  std::unique_ptr<llvm::orc::LLJIT> jit;
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
  if (const char* n = std::getenv("RULEJIT_RULES_PER_UNIT"); n && *n) opts.rules_per_unit = std::strtoul(n, nullptr, 10);
  auto fail = [&](std::string msg) -> std::unique_ptr<NativePack> {
    if (error) *error = std::move(msg);
    return nullptr;
  };
  auto symbols = helper_symbols();
  if (symbols.empty()) return fail("unexpected std::string_view layout; the JIT cannot read event fields");

  std::unique_ptr<NativePack> np(new NativePack());
  np->impl_ = std::make_unique<NativePack::Impl>();

  auto t0 = std::chrono::steady_clock::now();
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return fail("cannot detect the host CPU: " + llvm::toString(jtmb.takeError()));
  jtmb->setCodeGenOptLevel(opts.opt_level >= 2 ? llvm::CodeGenOptLevel::Default : llvm::CodeGenOptLevel::Less);

  // The whole-pack cache (pack_cache.h): keyed by the pack itself, so a hit
  // generates no LLVM IR. Not for explain (it wants the IR) nor for pack
  // artifacts (they bring their own objects).
  std::vector<const ir::Expr*> exprs;
  std::string pack_path;
  if (!opts.cache_dir.empty() && !opts.keep_ir && !opts.keep_asm && opts.preset_object.empty()) {
    const std::string pack_host = "|llvm " LLVM_VERSION_STRING "|" + jtmb->getCPU() + "|" +
                                  jtmb->getFeatures().getString() + "|O" + std::to_string(opts.opt_level) +
                                  "|units " + std::to_string(opts.rules_per_unit) + "|value " +
                                  std::to_string(sizeof(rt::Value));
    const std::string pack_key = pack_cache_key(ir::serialize_pack(pack, &exprs), pack_host);
    if (!pack_key.empty()) pack_path = pack_cache_path(opts.cache_dir, pack_key);
    const double key_ms = ms_since(t0);
    if (!pack_path.empty()) {
      auto t_load = std::chrono::steady_clock::now();
      if (auto hit = load_cached_pack(pack_path, pack, exprs, *jtmb, symbols)) {
        np->fieldmaps_ = std::move(hit->entry.fieldmaps);
        np->objects_ = std::move(hit->entry.objects);
        np->temps_ = std::move(hit->entry.temps_per_binding);
        np->functions_ = std::move(hit->functions);
        np->object_ = std::move(hit->entry.object_code);
        np->stats_.cache_key = std::move(hit->entry.code_key);
        np->stats_.cache_hit = true;
        np->stats_.pack_entry_hit = true;
        np->stats_.codegen_ms = 0;
        np->stats_.compile_ms = ms_since(t0);
        np->impl_->jit = std::move(hit->jit);
        if (std::getenv("RULEJIT_TIMING"))
          std::fprintf(stderr, "jit: whole pack from cache: key %.1f ms, load + link %.1f ms\n", key_ms,
                       ms_since(t_load));
        return np;
      }
    }
  }

  // Large packs are split into units compiled on several threads.
  GeneratedCode gen = generate_pack_code(pack, sizeof(rt::Value), opts.rules_per_unit);
  const double gen_ms = ms_since(t0);
  np->fieldmaps_ = gen.fieldmaps;
  np->objects_ = gen.objects;
  np->temps_ = gen.temps_per_binding;
  auto tm = jtmb->createTargetMachine();
  if (!tm) return fail("cannot create a target machine: " + llvm::toString(tm.takeError()));
  const std::string host = "|llvm " LLVM_VERSION_STRING "|" + llvm::sys::getHostCPUName().str() + "|" +
                           (*tm)->getTargetFeatureString().str() + "|O" + std::to_string(opts.opt_level);

  // Each unit's cache key: its unoptimized IR, the LLVM version, the CPU and
  // its features. The pack's key combines them (pack artifacts record it).
  std::string all_keys;
  std::vector<std::string> unit_ids;
  std::set<std::string> cold_ids;  // units of rule bodies only (CodeUnit::cold)
  for (auto& u : gen.units) {
    u.module->setDataLayout((*tm)->createDataLayout());
    u.module->setTargetTriple((*tm)->getTargetTriple().str());
    std::string verify_msg;
    llvm::raw_string_ostream vos(verify_msg);
    if (llvm::verifyModule(*u.module, &vos)) return fail("internal: generated LLVM IR is invalid: " + vos.str());
    // The key hashes the unit's bitcode: the same module as its text, written
    // without formatting (printing the IR took half of a cached load).
    llvm::SmallVector<char, 0> bitcode;
    {
      llvm::raw_svector_ostream os(bitcode);
      llvm::WriteBitcodeToFile(*u.module, os);
    }
    if (const char* dump = std::getenv("RULEJIT_DUMP_IR"); dump && *dump) {
      std::string ir_text;
      llvm::raw_string_ostream os(ir_text);
      u.module->print(os, nullptr);
      std::ofstream(std::string(dump), std::ios::app) << ir_text;
    }
    bitcode.append(host.begin(), host.end());
    if (u.cold) bitcode.append(kColdTag.begin(), kColdTag.end());
    std::string id = "rulejit-" + hash_key(std::string_view(bitcode.data(), bitcode.size()));
    u.module->setModuleIdentifier(id);
    if (u.cold) cold_ids.insert(id);
    unit_ids.push_back(id);
    all_keys += id + ";";
  }
  std::string key = hash_key(all_keys);
  np->stats_.cache_key = key;
  np->stats_.codegen_ms = ms_since(t0);

  auto t1 = std::chrono::steady_clock::now();
  // Another CPU or LLVM gives other keys: the artifact's objects are not
  // used and the pack is compiled again from its IR.
  std::map<std::string, std::string> presets;
  if (!opts.preset_object.empty() && opts.preset_key == key) presets = unpack_objects(opts.preset_object);
  np->impl_->cache = std::make_unique<DiskObjectCache>(opts.cache_dir, std::move(presets));
  DiskObjectCache* cache = np->impl_->cache.get();

  // explain --llvm / --asm: optimize and print here (one thread).
  std::set<std::string> optimized;
  if (opts.keep_ir || opts.keep_asm) {
    for (auto& u : gen.units) {
      if (!cache->has(u.module->getModuleIdentifier())) optimize(*u.module, **tm, opts.opt_level);
      optimized.insert(u.module->getModuleIdentifier());
      if (opts.keep_ir) {
        llvm::raw_string_ostream os(np->llvm_ir_);
        u.module->print(os, nullptr);
      }
      if (opts.keep_asm) np->asm_ += emit_asm(*u.module, **tm);
    }
  }

  auto builder = llvm::orc::LLJITBuilder();
  builder.setJITTargetMachineBuilder(*jtmb);
  const bool concurrent = gen.units.size() > 1;
  if (concurrent) builder.setNumCompileThreads(2);
  builder.setCompileFunctionCreator(
      [cache, concurrent, cold_ids](llvm::orc::JITTargetMachineBuilder jtmb2)
          -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
        // A TargetMachine is not thread-safe: concurrent compiles need one each.
        if (concurrent) return std::make_unique<UnitCompiler>(std::move(jtmb2), cache, cold_ids);
        auto tm2 = jtmb2.createTargetMachine();
        if (!tm2) return tm2.takeError();
        return std::make_unique<llvm::orc::TMOwningSimpleCompiler>(std::move(*tm2), cache);
      });
  auto jit = builder.create();
  if (!jit) return fail("cannot create the JIT: " + llvm::toString(jit.takeError()));
  const double create_ms = ms_since(t1);

  // Optimization runs on the compile threads, skipped for cached units.
  const int level = opts.opt_level;
  auto opt_tmb = *jtmb;
  (*jit)->getIRTransformLayer().setTransform(
      [cache, level, opt_tmb, optimized, cold_ids](llvm::orc::ThreadSafeModule tsm, llvm::orc::MaterializationResponsibility&)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        llvm::Error err = llvm::Error::success();
        tsm.withModuleDo([&](llvm::Module& m) {
          const std::string& id = m.getModuleIdentifier();
          if (optimized.count(id) || cache->has(id)) return;
          auto tmo = llvm::orc::JITTargetMachineBuilder(opt_tmb).createTargetMachine();
          if (!tmo) {
            err = tmo.takeError();
            return;
          }
          auto t_opt = std::chrono::steady_clock::now();
          optimize(m, **tmo, cold_ids.count(id) ? std::min(level, kColdOptLevel) : level);
          if (std::getenv("RULEJIT_TIMING"))
            std::fprintf(stderr, "jit: unit%s optimized %.1f ms\n", cold_ids.count(id) ? " (cold)" : "", ms_since(t_opt));
        });
        if (err) return llvm::Expected<llvm::orc::ThreadSafeModule>(std::move(err));
        return llvm::Expected<llvm::orc::ThreadSafeModule>(std::move(tsm));
      });

  if (auto err = define_helpers(**jit, symbols))
    return fail("cannot register runtime helpers: " + llvm::toString(std::move(err)));
  // Every function any unit defines is looked up, not only the entry
  // points: a lookup returns once the symbols it names are ready, and the
  // entry points call rule functions of other units, which must be linked
  // and finalized (executable) before the first event runs. With only the
  // entry points, a unit still being finalized on a compile thread was
  // called into (a rare crash under load).
  llvm::orc::SymbolLookupSet names;
  std::vector<std::string> defined;  // for the whole-pack cache entry
  for (auto& u : gen.units) {
    for (const llvm::Function& f : *u.module)
      if (!f.isDeclaration() && f.hasExternalLinkage()) {
        names.add((*jit)->mangleAndIntern(f.getName()));
        defined.push_back(f.getName().str());
      }
    if (auto err = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(u.module), std::move(u.context))))
      return fail("cannot add a module: " + llvm::toString(std::move(err)));
  }

  // One lookup for everything, so units materialize concurrently.
  auto& es = (*jit)->getExecutionSession();
  auto found = es.lookup(llvm::orc::makeJITDylibSearchOrder(&(*jit)->getMainJITDylib()), std::move(names));
  if (!found) return fail("cannot link the native code: " + llvm::toString(found.takeError()));
  for (const auto& f : np->fieldmaps_) {
    if (f.function.empty()) {
      np->functions_.push_back(nullptr);
      continue;
    }
    auto it = found->find((*jit)->mangleAndIntern(f.function));
    if (it == found->end()) return fail("cannot link " + f.function);
    np->functions_.push_back(it->second.getAddress().toPtr<FieldMapFn>());
  }
  np->stats_.compile_ms = ms_since(t1);
  if (std::getenv("RULEJIT_TIMING"))
    std::fprintf(stderr, "jit: codegen %.1f ms (IR %.1f), optimize + machine code + link %.1f ms (JIT created %.1f), %zu units\n",
                 np->stats_.codegen_ms, gen_ms, np->stats_.compile_ms, create_ms, unit_ids.size());
  np->stats_.cache_hit = cache->hits() == unit_ids.size();
  np->object_ = pack_objects(cache->objects());
  np->impl_->jit = std::move(*jit);
  if (!pack_path.empty()) {
    PackCacheEntry entry{key, np->fieldmaps_, np->objects_, np->temps_, std::move(defined), np->object_};
    const std::string bytes = encode_pack_cache_entry(entry, exprs);
    if (!bytes.empty()) write_file_atomically(opts.cache_dir, pack_path, bytes);
  }
  return np;
}

}  // namespace rulejit::jit
