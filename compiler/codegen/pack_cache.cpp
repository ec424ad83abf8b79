#include "compiler/codegen/pack_cache.h"

#include <link.h>

#include <cstring>
#include <filesystem>
#include <unordered_map>

namespace rulejit::jit {

namespace {

constexpr std::string_view kMagic = "RJNPACK1";
constexpr uint32_t kNoExpr = 0xffffffffu;

struct BuildIdSearch {
  uintptr_t address = 0;
  std::string id;
};

// dl_iterate_phdr callback: the build id note of the object whose loaded
// segments hold `address`.
int find_build_id(dl_phdr_info* info, size_t, void* data) {
  auto* s = static_cast<BuildIdSearch*>(data);
  bool mine = false;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum && !mine; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    const uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    mine = ph.p_type == PT_LOAD && s->address >= start && s->address < start + ph.p_memsz;
  }
  if (!mine) return 0;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) nh;
      std::memcpy(&nh, p, sizeof nh);
      const char* name = p + sizeof nh;
      const char* desc = name + ((nh.n_namesz + 3) & ~3u);
      const char* next = desc + ((nh.n_descsz + 3) & ~3u);
      if (next > end) break;
      if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        static const char* hex = "0123456789abcdef";
        for (uint32_t k = 0; k < nh.n_descsz; ++k) {
          const auto b = static_cast<unsigned char>(desc[k]);
          s->id += hex[b >> 4];
          s->id += hex[b & 15];
        }
        return 1;
      }
      p = next;
    }
  }
  return 1;
}

class Out {
 public:
  std::string bytes;
  void u8(uint8_t v) { bytes.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void str(std::string_view s) {
    u64(s.size());
    bytes.append(s);
  }

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<char>(v >> (8 * i)));
  }
};

// Every read is bounds-checked; a failed read sets ok = false and yields 0 / "".
class In {
 public:
  explicit In(std::string_view b) : b_(b) {}
  bool ok = true;
  uint8_t u8() { return static_cast<uint8_t>(get(1)); }
  uint32_t u32() { return static_cast<uint32_t>(get(4)); }
  uint64_t u64() { return get(8); }
  std::string str() {
    const uint64_t n = u64();
    if (!ok || b_.size() - pos_ < n) return fail(), std::string();
    std::string s(b_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items of at least `min_bytes` each: more than the bytes left is corrupt.
  uint32_t count(size_t min_bytes) {
    const uint32_t n = u32();
    if (ok && uint64_t{n} * min_bytes > b_.size() - pos_) fail();
    return ok ? n : 0;
  }
  bool at_end() const { return pos_ == b_.size(); }

 private:
  uint64_t get(int n) {
    if (!ok || b_.size() - pos_ < static_cast<size_t>(n)) return fail(), 0;
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t{static_cast<uint8_t>(b_[pos_ + static_cast<size_t>(i)])} << (8 * i);
    pos_ += static_cast<size_t>(n);
    return v;
  }
  void fail() { ok = false; }
  std::string_view b_;
  size_t pos_ = 0;
};

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// A plan constant the engine will index (ObjectRef::binding / index).
bool plan_object_exists(const ir::Pack& pack, const ObjectRef& r) {
  using K = ObjectRef::Kind;
  if (r.kind != K::Matcher && r.kind != K::Regex && r.kind != K::Set) return true;
  if (r.binding >= pack.bindings.size()) return false;
  const uint32_t rule = pack.bindings[r.binding].rule;
  if (rule >= pack.rules.size() || !pack.rules[rule].plan) return false;
  const ir::Plan& p = *pack.rules[rule].plan;
  const size_t n = r.kind == K::Matcher ? p.matchers.size() : r.kind == K::Regex ? p.regexes.size() : p.sets.size();
  return r.index < n;
}

}  // namespace

const std::string& code_build_id() {
  static const std::string id = [] {
    BuildIdSearch s;
    s.address = reinterpret_cast<uintptr_t>(&find_build_id);
    dl_iterate_phdr(find_build_id, &s);
    return s.id;
  }();
  return id;
}

std::string content_hash(std::string_view data) {
  // Two independent multiply-xorshift lanes over 8-byte words: fast enough
  // for megabytes of IR (lookup rows included) on every start.
  uint64_t a = 0x9e3779b97f4a7c15ull ^ data.size(), b = 0x6a09e667f3bcc908ull + data.size();
  size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, data.data() + i, 8);
    a = (a ^ w) * 0x9fb21c651e98df25ull;
    a ^= a >> 29;
    b = (b + w) * 0xd6e8feb86659fd93ull;
    b ^= b >> 31;
  }
  uint64_t tail = 0;
  for (size_t k = 0; i + k < data.size(); ++k) tail |= uint64_t{static_cast<uint8_t>(data[i + k])} << (8 * k);
  a = mix(a ^ tail);
  b = mix(b + tail + a);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

std::string pack_cache_key(std::string_view serialized_ir, std::string_view host) {
  const std::string& build = code_build_id();
  if (build.empty()) return {};
  std::string id = content_hash(serialized_ir);
  id += '|';
  id += build;
  id += '|';
  id += host;
  return "pack-" + content_hash(id);
}

std::string encode_pack_cache_entry(const PackCacheEntry& e, const std::vector<const ir::Expr*>& exprs) {
  std::unordered_map<const void*, uint32_t> position;
  position.reserve(exprs.size());
  for (size_t i = 0; i < exprs.size(); ++i) position.emplace(exprs[i], static_cast<uint32_t>(i));  // first wins
  Out o;
  o.bytes.append(kMagic);
  o.str(e.code_key);
  o.u32(static_cast<uint32_t>(e.fieldmaps.size()));
  for (const auto& f : e.fieldmaps) {
    o.str(f.function);
    o.u32(static_cast<uint32_t>(f.view_slots.size()));
    for (ir::SlotId s : f.view_slots) o.u32(s);
    o.u32(f.eager_views);
  }
  o.u32(static_cast<uint32_t>(e.objects.size()));
  for (const auto& r : e.objects) {
    o.u8(static_cast<uint8_t>(r.kind));
    o.u32(r.binding);
    o.u32(r.index);
    uint32_t at = kNoExpr;
    if (r.ptr) {
      auto it = position.find(r.ptr);
      if (it == position.end()) return {};
      at = it->second;
    }
    o.u32(at);
    o.str(r.text);
  }
  o.u32(static_cast<uint32_t>(e.temps_per_binding.size()));
  for (uint32_t t : e.temps_per_binding) o.u32(t);
  o.u32(static_cast<uint32_t>(e.symbols.size()));
  for (const auto& s : e.symbols) o.str(s);
  o.str(e.object_code);
  o.bytes += content_hash(o.bytes);
  return std::move(o.bytes);
}

std::optional<PackCacheEntry> decode_pack_cache_entry(std::string_view bytes,
                                                      const std::vector<const ir::Expr*>& exprs,
                                                      const ir::Pack& pack) {
  const size_t fieldmap_count = pack.fieldmaps.size();
  constexpr size_t kHash = 32;
  if (bytes.size() < kMagic.size() + kHash || bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  const std::string_view body = bytes.substr(0, bytes.size() - kHash);
  if (content_hash(body) != bytes.substr(body.size())) return std::nullopt;
  In in(body.substr(kMagic.size()));
  PackCacheEntry e;
  e.code_key = in.str();
  const uint32_t nf = in.count(16);
  if (!in.ok || nf != fieldmap_count) return std::nullopt;
  for (uint32_t i = 0; i < nf && in.ok; ++i) {
    FieldMapCode f;
    f.function = in.str();
    const uint32_t nv = in.count(4);
    for (uint32_t k = 0; k < nv && in.ok; ++k) f.view_slots.push_back(in.u32());
    f.eager_views = in.u32();
    if (f.eager_views > f.view_slots.size()) return std::nullopt;
    e.fieldmaps.push_back(std::move(f));
  }
  const uint32_t no = in.count(21);
  for (uint32_t i = 0; i < no && in.ok; ++i) {
    ObjectRef r;
    const uint8_t kind = in.u8();
    if (kind > static_cast<uint8_t>(ObjectRef::Kind::Glob)) return std::nullopt;
    r.kind = static_cast<ObjectRef::Kind>(kind);
    r.binding = in.u32();
    r.index = in.u32();
    const uint32_t at = in.u32();
    if (at != kNoExpr) {
      if (at >= exprs.size()) return std::nullopt;
      r.ptr = exprs[at];
    }
    r.text = in.str();
    if (!plan_object_exists(pack, r)) return std::nullopt;
    e.objects.push_back(std::move(r));
  }
  const uint32_t nt = in.count(4);
  for (uint32_t i = 0; i < nt && in.ok; ++i) e.temps_per_binding.push_back(in.u32());
  const uint32_t ns = in.count(8);
  for (uint32_t i = 0; i < ns && in.ok; ++i) e.symbols.push_back(in.str());
  e.object_code = in.str();
  if (!in.ok || !in.at_end()) return std::nullopt;
  return e;
}

std::string pack_cache_path(const std::string& dir, const std::string& key) {
  return (std::filesystem::path(dir) / (key + ".rjc")).string();
}

}  // namespace rulejit::jit
