// Message digests for the md5(), sha1(), sha256() and sha512() eval
// functions: lower-case hex of the digest of the text's bytes.
//
// Contract: pure functions over bytes; any length; no allocation beyond the
// returned string. Small self-contained implementations (the digests are
// fixed by RFC 1321 / FIPS 180-4; round constants were generated from their
// definitions: sin() for MD5, integer square/cube roots of primes for SHA-2).
#pragma once

#include <string>
#include <string_view>

namespace rulejit::rt {

std::string md5_hex(std::string_view data);
std::string sha1_hex(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string sha512_hex(std::string_view data);

}  // namespace rulejit::rt
