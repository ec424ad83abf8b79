// SPL parser entry points: expanded SPL text -> AST (ast.h).
//
// Contract:
//  - Input is the text after comment removal and macro expansion; every Span
//    in the result and in the errors is a byte offset into that text.
//  - Never throws, never crashes, bounded recursion: nesting deeper than
//    ParseLimits::kMaxDepth (parentheses, brackets, calls, NOT chains) is an
//    error, not a stack overflow.
//  - The first command is an implicit `search` unless the text starts with
//    `|`. Commands are separated by top-level `|` (never inside double
//    quotes or [...] brackets).
//  - Errors: at most one per command (the first); the other commands are
//    still parsed. A command that failed is left out of the pipeline, so a
//    pipeline is only meaningful when `errors` is empty.
//  - `unsupported` marks valid SPL that rulejit does not parse yet.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

struct ParseError {
  Span span;
  std::string message;
  bool unsupported = false;
};

struct ParseLimits {
  static constexpr int kMaxDepth = 100;         // nesting of (), [], calls, NOT/unary
  static constexpr uint32_t kMaxTreeHeight = 400;  // eval operator chains
};

struct ParseOutput {
  std::unique_ptr<Pipeline> pipeline;  // never null
  std::vector<ParseError> errors;
  bool ok() const { return errors.empty(); }
};

ParseOutput parse_spl(std::string_view expanded_text);

// A search expression on its own (`search` command body / tstats where
// clause language, spl-semantics.md §1). `expr` is null for empty text
// (which matches everything) or on error.
struct SearchExprOutput {
  SearchExprPtr expr;
  std::vector<ParseError> errors;
};
SearchExprOutput parse_search_expression(std::string_view text);

// An eval expression on its own (spl-semantics.md §2). The whole text must
// be one expression.
struct EvalExprOutput {
  EvalExprPtr expr;
  std::vector<ParseError> errors;
};
EvalExprOutput parse_eval_expression(std::string_view text);

}  // namespace rulejit::spl
