// Byte sizes on the command line (`run --max-state 512M`): parsing and
// printing, in powers of 1024.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace rulejit::cli {

// "123" (bytes), "64K", "512M", "2G", "1T"; a unit may end in B or iB and
// is case-insensitive ("512MiB", "8mb"); a fraction is allowed ("1.5G").
// nullopt for anything else, or a size that does not fit in size_t.
std::optional<size_t> parse_byte_size(const std::string& text);

// "8 MiB", "9.9 MiB", "512 B".
std::string format_byte_size(size_t bytes);

}  // namespace rulejit::cli
