#include "runtime/functions/hash.h"

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include <cstdint>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {

namespace {

template <typename Ctx, size_t Size>
std::string hex_digest(std::string_view data, void (*init)(Ctx*), void (*update)(Ctx*, size_t, const uint8_t*),
                       void (*digest)(Ctx*, size_t, uint8_t*)) {
  Ctx ctx;
  init(&ctx);
  update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t out[Size];
  digest(&ctx, Size, out);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * Size, '0');
  for (size_t i = 0; i < Size; ++i) {
    hex[2 * i] = kHex[out[i] >> 4];
    hex[2 * i + 1] = kHex[out[i] & 15];
  }
  return hex;
}

}  // namespace

std::string md5_hex(std::string_view data) {
  return hex_digest<md5_ctx, MD5_DIGEST_SIZE>(data, md5_init, md5_update, md5_digest);
}
std::string sha1_hex(std::string_view data) {
  return hex_digest<sha1_ctx, SHA1_DIGEST_SIZE>(data, sha1_init, sha1_update, sha1_digest);
}
std::string sha256_hex(std::string_view data) {
  return hex_digest<sha256_ctx, SHA256_DIGEST_SIZE>(data, sha256_init, sha256_update, sha256_digest);
}
std::string sha512_hex(std::string_view data) {
  return hex_digest<sha512_ctx, SHA512_DIGEST_SIZE>(data, sha512_init, sha512_update, sha512_digest);
}

// ---- eval functions --------------------------------------------------------

namespace {

template <std::string (*Digest)(std::string_view)>
Value digest_fn(std::span<const Value> a, FunctionContext&) {
  args::Text t(a[0], "hash");
  if (t.null()) return Value();
  return Value::string(Digest(t.view()));
}

constexpr FunctionInfo kHashFunctions[] = {
    {"md5", 1, 1, digest_fn<md5_hex>, true},
    {"sha1", 1, 1, digest_fn<sha1_hex>, true},
    {"sha256", 1, 1, digest_fn<sha256_hex>, true},
    {"sha512", 1, 1, digest_fn<sha512_hex>, true},
};

}  // namespace

std::span<const FunctionInfo> families::hash_functions() { return kHashFunctions; }

}  // namespace rulejit::rt
