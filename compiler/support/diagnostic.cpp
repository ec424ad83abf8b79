#include "compiler/support/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace rulejit {

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::Yaml: return "yaml";
    case Stage::Macro: return "macro";
    case Stage::Parse: return "parse";
    case Stage::Lower: return "lower";
    case Stage::Codegen: return "codegen";
    case Stage::Runtime: return "runtime";
    case Stage::Lint: return "lint";
  }
  return "unknown";
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

namespace {

// Byte offset moved back to the start of a UTF-8 sequence.
size_t char_start(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// At most `width` bytes of `text` around byte `at`, with "..." where it was
// cut: a diagnostic about a 50 MB line must not print the line.
struct Excerpt {
  std::string text;
  size_t at = 0;  // `at` within text
};
Excerpt excerpt(std::string_view text, size_t at, size_t width) {
  if (text.size() <= width) return {std::string(text), at};
  at = std::min(at, text.size());
  size_t begin = at > width / 2 ? char_start(text, at - width / 2) : 0;
  size_t end = char_start(text, std::min(text.size(), begin + width));
  if (end == begin) end = std::min(text.size(), begin + width);
  Excerpt e;
  if (begin > 0) e.text = "...";
  e.at = at - begin + e.text.size();
  e.text.append(text.substr(begin, end - begin));
  if (end < text.size()) e.text += "...";
  return e;
}

constexpr size_t kMaxQuotedLine = 160;
constexpr size_t kMaxMessage = 1000;

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line > 0) out += fmt::format(":{}:{}", d.line, d.col > 0 ? d.col : 1);
    out += ": ";
  }
  out += fmt::format("{}: {}{}\n", severity_name(d.severity), d.unsupported ? "unsupported: " : "",
                     excerpt(d.message, 0, kMaxMessage).text);
  if (d.line > 0 && !d.source_line.empty()) {
    const size_t col = d.col > 0 ? static_cast<size_t>(d.col - 1) : 0;
    const Excerpt line = excerpt(d.source_line, col, kMaxQuotedLine);
    out += "  " + line.text + "\n";
    // Keep tabs so the caret lines up under tab-indented text.
    std::string pad;
    for (size_t i = 0; i < line.at && i < line.text.size(); ++i) pad += line.text[i] == '\t' ? '\t' : ' ';
    out += "  " + pad + "^\n";
  }
  for (const auto& n : d.notes) out += "  note: " + n + "\n";
  return out;
}

}  // namespace rulejit
