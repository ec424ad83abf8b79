#include "compiler/codegen/signing_key.h"

#include <fcntl.h>
#include <nettle/eddsa.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace rulejit::jit {
namespace {

constexpr std::string_view kPrivateHeader = "rulejit-ed25519-private-key";
constexpr std::string_view kPublicHeader = "rulejit-ed25519-public-key";
constexpr size_t kMaxKeyFileBytes = 4096;  // a key file is ~93 bytes; refuse to slurp anything big

bool fill_random(uint8_t* out, size_t n, std::string* error) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::getrandom(out + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (error) *error = std::string("cannot get random bytes (getrandom): ") + std::strerror(errno);
      return false;
    }
    got += static_cast<size_t>(r);
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Writes `text` to a new file (never an existing one) with `mode`; `exact`:
// the mode is set whatever the umask (the private key must be 0600).
bool write_new_file(const std::string& path, const std::string& text, mode_t mode, bool exact, std::string* error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (error)
      *error = errno == EEXIST ? path + " already exists (not overwritten; remove it or choose another --out)"
                               : "cannot create " + path + ": " + std::strerror(errno);
    return false;
  }
  bool ok = !exact || ::fchmod(fd, mode) == 0;
  size_t done = 0;
  while (ok && done < text.size()) {
    ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    if (ok) done += static_cast<size_t>(w);
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    if (error) *error = "cannot write " + path + ": " + std::strerror(errno);
    ::unlink(path.c_str());
  }
  return ok;
}

// Reads a key file: header line `want`, then the 32-byte key in hex.
bool read_key_file(const std::string& path, std::string_view want, bool is_private, Ed25519Key* out,
                   std::string* error) {
  auto fail = [&](const std::string& m) {
    if (error) *error = "key file '" + path + "': " + m;
    return false;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("not a regular file");
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  size_t len = 0;
  while (len < text.size()) {
    ssize_t r = ::read(fd, text.data() + len, text.size() - len);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += static_cast<size_t>(r);
  }
  ::close(fd);
  if (len > kMaxKeyFileBytes) return fail("too large to be a key file");
  text.resize(len);

  std::string_view rest = text;
  auto next_line = [&rest]() {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    return trim_right(line);
  };
  std::string_view header = next_line();
  if (header != want) {
    if (header == kPrivateHeader) return fail("holds a private key; a public key (NAME.pub) is needed here");
    if (header == kPublicHeader) return fail("holds a public key; the private key (NAME.key) is needed here");
    return fail("not a rulejit key file (the first line must be '" + std::string(want) + "'; make keys with "
                "`rulejit keygen --out NAME`)");
  }
  // As ssh does: a secret others can read is not used (after the header
  // check, so that giving the .pub file by mistake says so).
  if (is_private && (st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return fail(std::string("private key is accessible by group or others (mode ") + mode +
                "); run chmod 600 on it");
  }
  std::string_view hex = next_line();
  if (hex.size() != 2 * kEd25519KeySize)
    return fail("the second line must be the key as " + std::to_string(2 * kEd25519KeySize) + " hex digits (found " +
                std::to_string(hex.size()) + " characters)");
  for (size_t i = 0; i < kEd25519KeySize; ++i) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return fail("the key has a character that is not a hex digit");
    (*out)[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  while (!rest.empty())
    if (!next_line().empty()) return fail("unexpected text after the key");
  return true;
}

}  // namespace

SigningKey::~SigningKey() { ::explicit_bzero(seed.data(), seed.size()); }

std::string to_hex(const uint8_t* data, size_t size) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 15]);
  }
  return out;
}

std::string key_id(const Ed25519Key& pub) { return to_hex(pub.data(), 8); }

SigningKey signing_key_from_seed(const Ed25519Key& seed) {
  SigningKey k;
  k.seed = seed;
  ed25519_sha512_public_key(k.pub.bytes.data(), k.seed.data());
  return k;
}

std::optional<SigningKey> generate_signing_key(std::string* error) {
  Ed25519Key seed{};
  if (!fill_random(seed.data(), seed.size(), error)) return std::nullopt;
  SigningKey k = signing_key_from_seed(seed);
  ::explicit_bzero(seed.data(), seed.size());
  return k;
}

bool write_key_files(const std::string& name, const SigningKey& key, std::string* error) {
  const std::string priv_path = name + ".key", pub_path = name + ".pub";
  struct stat st {};
  for (const std::string* p : {&priv_path, &pub_path})
    if (::lstat(p->c_str(), &st) == 0) {
      if (error) *error = *p + " already exists (not overwritten; remove it or choose another --out)";
      return false;
    }
  std::string secret = std::string(kPrivateHeader) + "\n" + to_hex(key.seed.data(), key.seed.size()) + "\n";
  bool ok = write_new_file(priv_path, secret, 0600, true, error);
  ::explicit_bzero(secret.data(), secret.size());
  if (!ok) return false;
  std::string pub = std::string(kPublicHeader) + "\n" + to_hex(key.pub.bytes.data(), key.pub.bytes.size()) + "\n";
  if (!write_new_file(pub_path, pub, 0644, false, error)) {
    ::unlink(priv_path.c_str());  // all or nothing
    return false;
  }
  return true;
}

std::optional<SigningKey> read_signing_key(const std::string& path, std::string* error) {
  Ed25519Key seed{};
  if (!read_key_file(path, kPrivateHeader, true, &seed, error)) return std::nullopt;
  SigningKey k = signing_key_from_seed(seed);
  ::explicit_bzero(seed.data(), seed.size());
  k.pub.file = path;
  return k;
}

std::optional<PublicKey> read_public_key(const std::string& path, std::string* error) {
  PublicKey k;
  if (!read_key_file(path, kPublicHeader, false, &k.bytes, error)) return std::nullopt;
  k.file = path;
  return k;
}

}  // namespace rulejit::jit
