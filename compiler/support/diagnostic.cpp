#include "compiler/support/diagnostic.h"

#include <fmt/format.h>

namespace rulejit {

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::Yaml: return "yaml";
    case Stage::Macro: return "macro";
    case Stage::Parse: return "parse";
    case Stage::Lower: return "lower";
    case Stage::Codegen: return "codegen";
    case Stage::Runtime: return "runtime";
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

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line > 0) out += fmt::format(":{}:{}", d.line, d.col > 0 ? d.col : 1);
    out += ": ";
  }
  out += fmt::format("{}: {}{}\n", severity_name(d.severity),
                     d.unsupported ? "unsupported: " : "", d.message);
  if (d.line > 0 && !d.source_line.empty()) {
    out += "  " + d.source_line + "\n";
    // Keep tabs so the caret lines up under tab-indented text.
    std::string pad;
    for (int i = 0; i + 1 < d.col && i < static_cast<int>(d.source_line.size()); ++i)
      pad += d.source_line[static_cast<size_t>(i)] == '\t' ? '\t' : ' ';
    out += "  " + pad + "^\n";
  }
  for (const auto& n : d.notes) out += "  note: " + n + "\n";
  return out;
}

}  // namespace rulejit
