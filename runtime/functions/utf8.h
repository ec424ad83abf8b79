// utf8: the small amount of UTF-8 handling the function library needs.
//
// Contract: text is a byte string that is usually UTF-8. Every function
// accepts invalid UTF-8: an invalid or truncated sequence counts as ONE
// character per byte and is copied through unchanged, so nothing here fails
// or reads out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::rt::utf8 {

inline constexpr uint32_t kInvalid = 0xFFFFFFFFu;

// Byte length of the character starting at byte `i` (1 for invalid bytes;
// 0 only when i >= s.size()).
size_t char_length(std::string_view s, size_t i);
// Code point of a single encoded character, or kInvalid.
uint32_t decode(std::string_view ch);
void append(std::string& out, uint32_t cp);
// Number of characters (code points; invalid bytes count one each).
size_t length(std::string_view s);
// The characters of `s` as views into it.
std::vector<std::string_view> split_chars(std::string_view s);
// Byte offset of the character with index `n` (s.size() if n >= length).
size_t offset_of_char(std::string_view s, size_t n);

// Case mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
// (the scripts seen in security logs); other code points are unchanged.
uint32_t to_lower(uint32_t cp);
uint32_t to_upper(uint32_t cp);
std::string lower(std::string_view s);
std::string upper(std::string_view s);

}  // namespace rulejit::rt::utf8
