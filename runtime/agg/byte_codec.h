// ByteWriter / ByteReader: the little-endian binary encoding of saved
// aggregation state (runtime/stream/partial_state.h).
//
// Contract:
//  - Integers are fixed-width little-endian, doubles their IEEE bits,
//    strings a u64 length then the bytes.
//  - ByteReader never reads past its input: every read checks what is left
//    and, on a short or invalid read, fails for good (ok() false; later
//    reads return zeros). A count of items is accepted only when the bytes
//    left could hold that many items of their minimum size (count_of), so a
//    corrupt length never causes a huge allocation.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rulejit::rt {

// FNV-1a, 64 bits: the checksum of saved state (catches damage, not forgery).
inline uint64_t fnv1a64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { fixed(v); }
  void u64(uint64_t v) { fixed(v); }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    fixed(bits);
  }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  void raw(std::string_view s) { out_.append(s); }
  std::string& bytes() { return out_; }

 private:
  template <typename T>
  void fixed(T v) {
    for (size_t i = 0; i < sizeof(T); ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  size_t left() const { return in_.size(); }
  // Marks the input invalid (a value out of range); `what` says why.
  bool fail(const char* what) {
    if (ok_) error_ = what;
    ok_ = false;
    in_ = {};
    return false;
  }
  const char* error() const { return error_; }

  uint8_t u8() { return static_cast<uint8_t>(fixed<1>()); }
  uint32_t u32() { return static_cast<uint32_t>(fixed<4>()); }
  uint64_t u64() { return fixed<8>(); }
  double f64() {
    uint64_t bits = u64();
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  bool boolean() {
    uint8_t b = u8();
    if (b > 1) fail("bad boolean");
    return b == 1;
  }
  std::string str() {
    uint64_t n = u64();
    if (n > in_.size()) {
      fail("string longer than the input");
      return {};
    }
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  // A count of items, each at least `min_item_bytes` long: 0 and failure
  // when the rest of the input could not hold them.
  uint64_t count_of(size_t min_item_bytes) {
    uint64_t n = u64();
    if (min_item_bytes == 0) min_item_bytes = 1;
    if (n > in_.size() / min_item_bytes) {
      fail("count larger than the input");
      return 0;
    }
    return n;
  }

 private:
  template <size_t N>
  uint64_t fixed() {
    if (in_.size() < N) {
      fail("truncated");
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < N; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[i])) << (8 * i);
    in_.remove_prefix(N);
    return v;
  }
  std::string_view in_;
  bool ok_ = true;
  const char* error_ = "";
};

// A saved file's frame: magic (4 bytes) | u32 format version | u64 body
// length | u64 FNV-1a of the body | body. Shared by partial states and
// checkpoints so both refuse damage the same way.
inline std::string frame_bytes(std::string_view magic, uint32_t version, const std::string& body) {
  ByteWriter out;
  out.raw(magic);
  out.u32(version);
  out.u64(body.size());
  out.u64(fnv1a64(body));
  out.raw(body);
  return std::move(out.bytes());
}

// The body of a frame written by frame_bytes with this magic and version;
// false with the reason (truncated, other magic or version, corrupt).
inline bool unframe_bytes(std::string_view bytes, std::string_view magic, uint32_t version, std::string_view* body,
                          std::string* why) {
  constexpr size_t kHeader = 4 + 4 + 8 + 8;
  if (bytes.size() < kHeader) {
    *why = "truncated header (" + std::to_string(bytes.size()) + " bytes)";
    return false;
  }
  if (bytes.substr(0, 4) != magic) {
    *why = "bad magic";
    return false;
  }
  ByteReader head(bytes.substr(4, kHeader - 4));
  const uint32_t got = head.u32();
  const uint64_t length = head.u64();
  const uint64_t checksum = head.u64();
  if (got != version) {
    *why = "format version " + std::to_string(got) + " (this build reads " + std::to_string(version) + ")";
    return false;
  }
  *body = bytes.substr(kHeader);
  if (length != body->size()) {
    *why = "body is " + std::to_string(body->size()) + " bytes, header says " + std::to_string(length) +
           " (truncated or corrupt)";
    return false;
  }
  if (fnv1a64(*body) != checksum) {
    *why = "checksum mismatch (corrupt)";
    return false;
  }
  return true;
}

}  // namespace rulejit::rt
