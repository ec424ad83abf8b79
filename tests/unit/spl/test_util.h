// Helpers for the SPL parser tests: parse and print in one call.
#pragma once

#include <string>
#include <string_view>

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/parser.h"

namespace rulejit::spl::testing {

// Printed search expression, or "ERROR@b-e: message" for the first error.
inline std::string search_ast(std::string_view text) {
  auto out = parse_search_expression(text);
  if (!out.errors.empty()) {
    const auto& e = out.errors[0];
    return "ERROR@" + std::to_string(e.span.begin) + "-" + std::to_string(e.span.end) + ": " +
           e.message;
  }
  return out.expr ? print_search(*out.expr) : "nil";
}

inline std::string eval_ast(std::string_view text) {
  auto out = parse_eval_expression(text);
  if (!out.errors.empty()) {
    const auto& e = out.errors[0];
    return "ERROR@" + std::to_string(e.span.begin) + "-" + std::to_string(e.span.end) + ": " +
           e.message;
  }
  return out.expr ? print_eval(*out.expr) : "nil";
}

// The commands of a pipeline printed one per line (no "(pipeline" wrapper),
// or the first error.
inline std::string spl_ast(std::string_view text) {
  auto out = parse_spl(text);
  if (!out.errors.empty()) {
    const auto& e = out.errors[0];
    return "ERROR@" + std::to_string(e.span.begin) + "-" + std::to_string(e.span.end) + ": " +
           e.message;
  }
  std::string s;
  for (const auto& c : out.pipeline->commands) {
    if (!s.empty()) s += "\n";
    s += print_command(*c);
  }
  return s;
}

// The first error as "b-e: message", or "" when there is none.
inline std::string first_error(std::string_view text) {
  auto out = parse_spl(text);
  if (out.errors.empty()) return "";
  const auto& e = out.errors[0];
  return std::to_string(e.span.begin) + "-" + std::to_string(e.span.end) + ": " + e.message;
}

}  // namespace rulejit::spl::testing
