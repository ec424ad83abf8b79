// Message digests for the md5(), sha1(), sha256() and sha512() eval
// functions: lower-case hex of the digest of the text's bytes.
//
// Contract: pure functions over bytes; any length; no allocation beyond the
// returned string. The digests come from Nettle (Debian's nettle-dev).
#pragma once

#include <string>
#include <string_view>

namespace rulejit::rt {

std::string md5_hex(std::string_view data);
std::string sha1_hex(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string sha512_hex(std::string_view data);

}  // namespace rulejit::rt
