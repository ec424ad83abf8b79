#include "compiler/frontend/source_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rulejit {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)), lines_(text_) {}

void SourceFile::set_position(Diagnostic& d, size_t offset) const {
  LineCol lc = lines_.locate(offset);
  d.file = path_;
  d.line = lc.line;
  d.col = lc.col;
  d.source_line = std::string(lines_.line_text(lc.line));
}

Diagnostic SourceFile::diagnostic_at(size_t offset, Stage stage, Severity severity,
                                     std::string message) const {
  Diagnostic d;
  d.stage = stage;
  d.severity = severity;
  d.message = std::move(message);
  set_position(d, offset);
  return d;
}

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "is a directory, not a file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot open file: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = "cannot read file";
    return std::nullopt;
  }
  return std::move(ss).str();
}

}  // namespace rulejit
