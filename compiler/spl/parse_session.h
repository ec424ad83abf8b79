// Internal state shared by the parsers of one parse_spl() call: the text,
// the collected errors, the nesting-depth guard, and nested pipeline parsing
// (subsearches, appendpipe, join). Not part of the public API.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "compiler/spl/ast.h"
#include "compiler/spl/parser.h"
#include "compiler/spl/scanner.h"

namespace rulejit::spl {

// How the first segment of a pipeline is read.
enum class PipelineStart {
  ImplicitSearch,  // top level and subsearches: first command is `search` unless `|`
  Command,         // appendpipe [...]: the first segment names a command
};

class ParseSession {
 public:
  explicit ParseSession(std::string_view text) : text_(text) {}
  std::string_view text() const { return text_; }

  void report(const SyntaxError& e);
  std::vector<ParseError> take_errors() { return std::move(errors_); }

  // RAII nesting guard; throws SyntaxError "nesting too deep" past the limit.
  class Nesting {
   public:
    Nesting(ParseSession& s, Span where);
    ~Nesting() { --s_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    ParseSession& s_;
  };

  // Parses [begin, end) as a pipeline; errors are reported to this session.
  std::unique_ptr<Pipeline> parse_pipeline(uint32_t begin, uint32_t end, PipelineStart start);

 private:
  CommandPtr parse_segment(Span segment, bool implicit_search);

  std::string_view text_;
  std::vector<ParseError> errors_;
  int depth_ = 0;
};

}  // namespace rulejit::spl
