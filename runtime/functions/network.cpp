#include "runtime/functions/network.h"

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"
#include "runtime/functions/policy.h"

namespace rulejit::rt {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_v4(std::string_view s, uint8_t out[4]) {
  int part = 0;
  size_t i = 0;
  while (part < 4) {
    int digits = 0, v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 3) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || v > 255) return false;
    out[part++] = static_cast<uint8_t>(v);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_v6(std::string_view s, uint8_t out[16]) {
  if (size_t pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct);  // zone id
  uint16_t head[8], tail[8];
  int nh = 0, nt = 0;
  bool gap = false;
  size_t i = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    gap = true;
    i = 2;
  } else if (!s.empty() && s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    // An embedded IPv4 tail ("::ffff:1.2.3.4") fills the last two groups.
    size_t end = s.find(':', i);
    std::string_view group = s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (group.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos) return false;
      uint8_t v4[4];
      if (!parse_v4(group, v4)) return false;
      uint16_t* dst = gap ? tail : head;
      int& n = gap ? nt : nh;
      if (n + 2 > 8) return false;
      dst[n++] = static_cast<uint16_t>((v4[0] << 8) | v4[1]);
      dst[n++] = static_cast<uint16_t>((v4[2] << 8) | v4[3]);
      i = s.size();
      break;
    }
    if (group.empty() || group.size() > 4) return false;
    uint16_t v = 0;
    for (char c : group) {
      int h = hex(c);
      if (h < 0) return false;
      v = static_cast<uint16_t>((v << 4) | h);
    }
    if (gap) {
      if (nt >= 8) return false;
      tail[nt++] = v;
    } else {
      if (nh >= 8) return false;
      head[nh++] = v;
    }
    if (end == std::string_view::npos) {
      i = s.size();
      break;
    }
    i = end + 1;
    if (i < s.size() && s[i] == ':') {
      if (gap) return false;  // a second "::"
      gap = true;
      ++i;
    } else if (i == s.size()) {
      return false;  // trailing single ':'
    }
  }
  if (gap ? nh + nt > 7 : nh != 8) return false;
  uint16_t groups[8] = {};
  for (int k = 0; k < nh; ++k) groups[k] = head[k];
  for (int k = 0; k < nt; ++k) groups[8 - nt + k] = tail[k];
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uint8_t>(groups[k] >> 8);
    out[2 * k + 1] = static_cast<uint8_t>(groups[k] & 0xFF);
  }
  return true;
}

uint64_t load64(const uint8_t* p) {
  uint64_t v = 0;
  for (int k = 0; k < 8; ++k) v = (v << 8) | p[k];
  return v;
}

bool is_v4_mapped(const IpAddress& ip) {
  if (!ip.v6) return false;
  for (int k = 0; k < 10; ++k) {
    if (ip.bytes[k]) return false;
  }
  return ip.bytes[10] == 0xFF && ip.bytes[11] == 0xFF;
}

IpAddress mapped_to_v4(const IpAddress& ip) {
  IpAddress r;
  for (int k = 0; k < 4; ++k) r.bytes[k] = ip.bytes[12 + k];
  return r;
}

IpAddress v4_to_mapped(const IpAddress& ip) {
  IpAddress r;
  r.v6 = true;
  r.bytes[10] = r.bytes[11] = 0xFF;
  for (int k = 0; k < 4; ++k) r.bytes[12 + k] = ip.bytes[k];
  return r;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  std::string_view s = trim(text);
  IpAddress ip;
  if (s.find(':') != std::string_view::npos) {
    if (!parse_v6(s, ip.bytes.data())) return std::nullopt;
    ip.v6 = true;
    return ip;
  }
  if (!parse_v4(s, ip.bytes.data())) return std::nullopt;
  return ip;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  std::string_view s = trim(text);
  size_t slash = s.find('/');
  auto ip = parse_ip(s.substr(0, slash));
  if (!ip) return std::nullopt;
  const int max_prefix = ip->v6 ? 128 : 32;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view p = s.substr(slash + 1);
    if (p.empty() || p.size() > 3) return std::nullopt;
    prefix = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > max_prefix) return std::nullopt;
  }
  Cidr c;
  c.v6 = ip->v6;
  c.prefix = static_cast<uint8_t>(prefix);
  if (!c.v6) {
    c.mask_lo = prefix == 0 ? 0 : (0xFFFFFFFFull << (32 - prefix)) & 0xFFFFFFFFull;
    c.lo = ip->v4() & c.mask_lo;
  } else {
    c.mask_hi = prefix == 0 ? 0 : prefix >= 64 ? ~0ull : ~0ull << (64 - prefix);
    c.mask_lo = prefix <= 64 ? 0 : prefix == 128 ? ~0ull : ~0ull << (128 - prefix);
    c.hi = load64(ip->bytes.data()) & c.mask_hi;
    c.lo = load64(ip->bytes.data() + 8) & c.mask_lo;
  }
  return c;
}

bool Cidr::contains(const IpAddress& addr) const noexcept {
  IpAddress ip = addr;
  if (ip.v6 != v6) {
    if (!policy::kCidrV4MappedMatchesV4) return false;
    if (ip.v6 && !is_v4_mapped(ip)) return false;
    ip = ip.v6 ? mapped_to_v4(ip) : v4_to_mapped(ip);
  }
  if (!v6) return (ip.v4() & mask_lo) == lo;
  return (load64(ip.bytes.data()) & mask_hi) == hi && (load64(ip.bytes.data() + 8) & mask_lo) == lo;
}

bool Cidr::contains(std::string_view ip) const noexcept {
  auto a = parse_ip(ip);
  return a && contains(*a);
}

bool cidr_match(std::string_view cidr, std::string_view ip) {
  auto c = parse_cidr(cidr);
  return c && c->contains(ip);
}

namespace {

// cidrmatch(cidr, ip): true when ip is in the subnet; an unparsable subnet or
// address is simply false; a null ip follows the predicate null policy.
Value fn_cidrmatch(std::span<const Value> a, FunctionContext&) {
  args::Text c(a[0], "cidrmatch");
  if (c.null()) return Value();
  auto cidr = parse_cidr(c.view());
  return args::predicate_any(a[1], "cidrmatch", [&](std::string_view ip) { return cidr && cidr->contains(ip); });
}

constexpr FunctionInfo kNetworkFunctions[] = {
    {"cidrmatch", 2, 2, fn_cidrmatch, true},
};

}  // namespace

std::span<const FunctionInfo> families::network_functions() { return kNetworkFunctions; }

}  // namespace rulejit::rt
