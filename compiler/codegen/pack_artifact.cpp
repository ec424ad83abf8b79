#include "compiler/codegen/pack_artifact.h"

#include "runtime/core/output_file.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler/codegen/pack_signature.h"
#include "compiler/ir/serialize.h"
#include "runtime/functions/registry.h"

namespace rulejit::jit {
namespace {

constexpr char kMagic[8] = {'R', 'J', 'P', 'A', 'C', 'K', '0', '1'};


void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

struct Cursor {
  std::string_view d;
  size_t pos = 0;
  bool take(size_t n, std::string_view& out) {
    if (n > d.size() - pos) return false;
    out = d.substr(pos, n);
    pos += n;
    return true;
  }
  bool u32(uint32_t& v) {
    std::string_view b;
    if (!take(4, b)) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(b[static_cast<size_t>(i)])} << (8 * i);
    return true;
  }
  bool u64(uint64_t& v) {
    std::string_view b;
    if (!take(8, b)) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(b[static_cast<size_t>(i)])} << (8 * i);
    return true;
  }
};

// Every function a plan calls must exist in this build's registry (a pack
// from a newer rulejit may call functions this one lacks).
bool functions_exist(const ir::Expr& e, std::string* missing) {
  if (e.op == ir::Op::Call && !rt::find_function(e.text)) {
    *missing = e.text;
    return false;
  }
  for (const auto& a : e.args)
    if (!functions_exist(*a, missing)) return false;
  return true;
}

bool plan_functions_exist(const ir::Plan& p, std::string* missing) {
  bool ok = true;
  for (const auto& st : p.stages) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ir::FilterStage>) {
            if (s.cond) ok = ok && functions_exist(*s.cond, missing);
          } else if constexpr (std::is_same_v<T, ir::EvalStage>) {
            for (const auto& a : s.assigns) ok = ok && functions_exist(*a.expr, missing);
          } else if constexpr (std::is_same_v<T, ir::AggregateStage> || std::is_same_v<T, ir::EventStatsStage> ||
                               std::is_same_v<T, ir::StreamStatsStage>) {
            for (const auto& a : s.aggs)
              if (a.input) ok = ok && functions_exist(*a.input, missing);
          } else if constexpr (std::is_same_v<T, ir::HeadStage>) {
            if (s.while_cond) ok = ok && functions_exist(*s.while_cond, missing);
          }
        },
        st);
  }
  return ok;
}

}  // namespace

uint64_t artifact_checksum(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool write_pack_artifact(const std::string& path, const ir::Pack& pack, const NativePack* native,
                         std::string* error, const SigningKey* signer) {
  std::string out(kMagic, sizeof kMagic);
  std::string producer = "rulejit 0.1.0";
  put_u32(out, static_cast<uint32_t>(producer.size()));
  out += producer;
  std::string key = native ? native->stats().cache_key : "";
  put_u32(out, static_cast<uint32_t>(key.size()));
  out += key;
  std::string ir = ir::serialize_pack(pack);
  put_u64(out, ir.size());
  out += ir;
  std::string obj = native ? native->object_code() : "";
  put_u64(out, obj.size());
  out += obj;
  put_u64(out, artifact_checksum(out));
  if (signer) append_signature(out, *signer);
  // Whole or not at all; never a device replaced by a regular file, never a
  // temporary file left behind (output_file.h).
  return rt::write_file_atomically(path, out, error);
}

std::optional<PackArtifact> parse_pack_artifact(std::string_view bytes, std::string* error,
                                                const std::vector<PublicKey>& trusted) {
  auto fail = [&](const std::string& m) -> std::optional<PackArtifact> {
    if (error) *error = m;
    return std::nullopt;
  };
  // The signature first: nothing of an untrusted pack is parsed.
  std::string signer;
  auto signed_body = verified_artifact_body(bytes, trusted, &signer, error);
  if (!signed_body) return std::nullopt;
  bytes = *signed_body;
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return fail("not a rulejit pack (bad magic)");
  std::string_view body = bytes.substr(0, bytes.size() - 8);
  Cursor tail{bytes.substr(bytes.size() - 8)};
  uint64_t sum = 0;
  tail.u64(sum);
  if (sum != artifact_checksum(body)) return fail("pack is corrupt or truncated (checksum mismatch)");
  Cursor c{body, sizeof kMagic};
  uint32_t n = 0;
  uint64_t m = 0;
  std::string_view producer, key, ir, obj;
  if (!c.u32(n) || !c.take(n, producer) || !c.u32(n) || !c.take(n, key) || !c.u64(m) || !c.take(m, ir) ||
      !c.u64(m) || !c.take(m, obj) || c.pos != body.size())
    return fail("pack is truncated or malformed (section lengths)");
  std::string err;
  auto pack = ir::deserialize_pack(ir, &err);
  if (!pack) return fail(err);
  std::string missing;
  for (const auto& r : pack->rules)
    if (!plan_functions_exist(*r.plan, &missing))
      return fail("pack calls eval function '" + missing + "' that this rulejit does not have");
  for (const auto& f : pack->fieldmaps)
    if (!plan_functions_exist(f.derive, &missing))
      return fail("field map calls eval function '" + missing + "' that this rulejit does not have");
  PackArtifact a;
  a.pack = std::make_shared<ir::Pack>(std::move(*pack));
  a.key = std::string(key);
  a.object = std::string(obj);
  a.signer = std::move(signer);
  return a;
}

std::optional<PackArtifact> read_pack_artifact(const std::string& path, std::string* error,
                                               const std::vector<PublicKey>& trusted) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    if (error) *error = "cannot open pack " + path;
    return std::nullopt;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::string err;
  auto a = parse_pack_artifact(ss.str(), &err, trusted);
  if (!a && error) *error = path + ": " + err;
  return a;
}

}  // namespace rulejit::jit
