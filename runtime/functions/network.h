// IP addresses and CIDR subnets for cidrmatch() and search-language CIDR
// values (spl-semantics.md §1.7, §2.8).
//
// Contract:
//  - parse_ip() accepts dotted-quad IPv4 ("10.1.2.3", each part 0-255) and
//    IPv6 in any RFC 4291 text form ("::1", "fe80::1%eth0" zone ignored,
//    "::ffff:10.1.2.3"); surrounding spaces are ignored; anything else is
//    nullopt.
//  - parse_cidr() accepts "<ip>/<prefix>" (prefix 0-32 / 0-128) or a bare IP
//    (a host route). Host bits set in the address are ignored
//    ("10.1.2.3/8" = 10.0.0.0/8).
//  - Cidr is a small value type, precompiled once and tested with plain
//    integer masks; contains() never allocates or throws.
//  - An IPv4-mapped IPv6 address (::ffff:a.b.c.d) and an IPv4 address are
//    the same host for matching (policy::kCidrV4MappedMatchesV4).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rulejit::rt {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses bytes[0..4)

  uint32_t v4() const {
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
  }
};

std::optional<IpAddress> parse_ip(std::string_view text);

struct Cidr {
  bool v6 = false;
  uint8_t prefix = 0;
  // IPv4: network and mask in the low 32 bits of lo/mask_lo. IPv6: 128 bits
  // as hi:lo.
  uint64_t hi = 0, lo = 0;
  uint64_t mask_hi = 0, mask_lo = 0;

  bool contains(const IpAddress& ip) const noexcept;
  // Parses `ip` and tests it; false when it is not an IP address.
  bool contains(std::string_view ip) const noexcept;
};

std::optional<Cidr> parse_cidr(std::string_view text);

// cidrmatch semantics on texts: false when either side does not parse.
bool cidr_match(std::string_view cidr, std::string_view ip);

}  // namespace rulejit::rt
