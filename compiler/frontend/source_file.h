// A text file kept in memory for the whole compilation, so diagnostics can
// show file:line:col and the source line long after parsing.
//
// Contract: a SourceFile is immutable and shared (SourceFilePtr); `lines`
// indexes `text`, so the object is never copied or moved after construction.
// Offsets are byte offsets into `text`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/support/diagnostic.h"
#include "compiler/support/text_position.h"

namespace rulejit {

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  SourceFile(const SourceFile&) = delete;
  SourceFile& operator=(const SourceFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineCol locate(size_t offset) const { return lines_.locate(offset); }
  std::string_view line_text(int line) const { return lines_.line_text(line); }

  // A diagnostic pointing at `offset` (file, line, col and source line filled).
  Diagnostic diagnostic_at(size_t offset, Stage stage, Severity severity,
                           std::string message) const;
  // Fills file/line/col/source_line of `d` from `offset`.
  void set_position(Diagnostic& d, size_t offset) const;

 private:
  std::string path_;
  std::string text_;
  LineIndex lines_;  // after text_: it views text_
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

// Reads a whole file. On failure returns nullopt and sets `error` to a
// human-readable reason.
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

}  // namespace rulejit
