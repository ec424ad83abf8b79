// Byte offset -> (line, column) for a text buffer, and line extraction.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit {

struct LineCol {
  int line = 0;  // 1-based
  int col = 0;   // 1-based, in bytes
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  LineCol locate(size_t offset) const;
  std::string_view line_text(int line) const;  // without the newline

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace rulejit
