// Diagnostics: what every compiler stage reports when something is wrong.
//
// Contract: a Diagnostic always names the stage that produced it and, when it
// can, a position in a real file (1-based line and column, in bytes) plus the
// text of that line so a caret can be drawn. Errors that happen inside text
// that came from a macro keep the position of the macro call in the detection
// file and say which macro(s) in `notes`.
#pragma once

#include <string>
#include <vector>

namespace rulejit {

// Where in the pipeline a diagnostic comes from. The names are part of the
// `rulejit check --format json` contract ("yaml", "macro", "parse", ...).
enum class Stage { Yaml, Macro, Parse, Lower, Codegen, Runtime, Lint };
const char* stage_name(Stage s);

enum class Severity { Error, Warning, Note };
const char* severity_name(Severity s);

struct Diagnostic {
  Stage stage = Stage::Parse;
  Severity severity = Severity::Error;
  bool unsupported = false;   // a valid construct rulejit does not implement yet
  std::string message;
  std::string file;           // path as given by the user; empty when unknown
  int line = 0;               // 1-based; 0 when unknown
  int col = 0;                // 1-based byte column; 0 when unknown
  std::string source_line;    // the text of `line`, for the caret display
  std::vector<std::string> notes;  // e.g. "in expansion of macro `sysmon`"
};

// Compiler-style rendering:
//   file:line:col: error: message
//     <source line>
//          ^
//   note: ...
std::string format_diagnostic(const Diagnostic& d);

}  // namespace rulejit
