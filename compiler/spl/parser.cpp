// Pipeline parsing and the public entry points (see parser.h).
#include "compiler/spl/parser.h"

#include <limits>

#include "compiler/spl/command_context.h"
#include "compiler/spl/command_table.h"
#include "compiler/spl/eval_parser.h"
#include "compiler/spl/parse_session.h"
#include "compiler/spl/search_parser.h"

namespace rulejit::spl {

void ParseSession::report(const SyntaxError& e) {
  errors_.push_back(ParseError{e.span, e.message, e.unsupported});
}

ParseSession::Nesting::Nesting(ParseSession& s, Span where) : s_(s) {
  if (++s_.depth_ > ParseLimits::kMaxDepth) {
    --s_.depth_;
    throw SyntaxError(where, "nesting too deep (more than " +
                                 std::to_string(ParseLimits::kMaxDepth) +
                                 " levels of parentheses, brackets or operators)");
  }
}

namespace {

// The segment without surrounding whitespace.
Span trim(std::string_view text, Span s) {
  while (s.begin < s.end && is_space(text[s.begin])) ++s.begin;
  while (s.end > s.begin && is_space(text[s.end - 1])) --s.end;
  return s;
}

}  // namespace

std::unique_ptr<Pipeline> ParseSession::parse_pipeline(uint32_t begin, uint32_t end,
                                                       PipelineStart start) {
  auto pipeline = std::make_unique<Pipeline>();
  Span whole = trim(text_, make_span(begin, end));
  pipeline->span = whole;
  if (whole.begin == whole.end) {
    report(SyntaxError(make_span(begin, end),
                       depth_ == 0 ? "empty search" : "empty subsearch"));
    return pipeline;
  }
  uint32_t p = whole.begin;
  if (text_[p] == '|') {
    pipeline->leading_pipe = true;
    ++p;
  }
  std::vector<uint32_t> pipes;
  std::vector<Span> segments = split_at_pipes(text_, p, whole.end, &pipes);
  for (size_t i = 0; i < segments.size(); ++i) {
    Span seg = trim(text_, segments[i]);
    if (seg.begin == seg.end) {
      // The '|' before this segment has nothing after it.
      uint32_t pipe = i == 0 ? p - 1 : pipes[i - 1];
      bool trailing = i + 1 == segments.size();
      report(SyntaxError(make_span(pipe, pipe + 1),
                         trailing ? "expected a command after '|' (trailing '|')"
                                  : "expected a command after '|' (empty pipeline segment)"));
      continue;
    }
    bool implicit = i == 0 && !pipeline->leading_pipe && start == PipelineStart::ImplicitSearch;
    try {
      pipeline->commands.push_back(parse_segment(seg, implicit));
    } catch (const SyntaxError& e) {
      report(e);
    }
  }
  return pipeline;
}

CommandPtr ParseSession::parse_segment(Span seg, bool implicit_search) {
  Scanner s(text_, seg.begin, seg.end);
  const CommandInfo* info = nullptr;
  Span name_span{seg.begin, seg.begin};
  uint32_t args_begin = seg.begin;
  if (implicit_search) {
    info = find_command("search");
    // An explicit leading `search` keyword is the command, not a term.
    if (s.at_keyword("search", true, "(\"[")) {
      name_span = make_span(seg.begin, seg.begin + 6);
      args_begin = name_span.end;
    }
  } else {
    uint32_t e = seg.begin;
    while (e < seg.end && !is_space(text_[e]) && text_[e] != '[' && text_[e] != '(' &&
           text_[e] != '"') {
      ++e;
    }
    name_span = make_span(seg.begin, e);
    std::string_view name = text_.substr(seg.begin, e - seg.begin);
    if (name.empty()) {
      s.fail(s.current_char_span(), "expected a command name, found " +
                                        quote_for_message(s.slice(s.current_char_span())));
    }
    info = find_command(name);
    if (!info) s.fail(name_span, "unknown command " + quote_for_message(name));
    args_begin = e;
  }
  CommandContext ctx(*this, info->name, name_span, args_begin, seg.end);
  CommandPtr cmd = info->parse(ctx);
  cmd->span = seg;
  return cmd;
}

namespace {

// Text no parser should read: 4 GiB or more (spans are 32-bit), or a NUL
// byte (no SPL text holds one; C APIs and logs would cut the search there).
bool unreadable(std::string_view text, std::vector<ParseError>* errors) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    errors->push_back(ParseError{Span{0, 0}, "search text too long (4 GiB or more)", false});
    return true;
  }
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const auto at = static_cast<uint32_t>(nul);
    errors->push_back(ParseError{Span{at, at + 1}, "a NUL byte (\\0) in the search text", false});
    return true;
  }
  return false;
}

}  // namespace

ParseOutput parse_spl(std::string_view expanded_text) {
  ParseOutput out;
  if (unreadable(expanded_text, &out.errors)) {
    out.pipeline = std::make_unique<Pipeline>();
    return out;
  }
  ParseSession session(expanded_text);
  try {
    out.pipeline = session.parse_pipeline(0, static_cast<uint32_t>(expanded_text.size()),
                                          PipelineStart::ImplicitSearch);
  } catch (const SyntaxError& e) {
    session.report(e);
  } catch (const std::exception& e) {
    // Defensive: allocation failure and the like must not escape the API.
    session.report(SyntaxError(Span{0, 0}, std::string("internal parser error: ") + e.what()));
  }
  if (!out.pipeline) out.pipeline = std::make_unique<Pipeline>();
  out.errors = session.take_errors();
  return out;
}

SearchExprOutput parse_search_expression(std::string_view text) {
  SearchExprOutput out;
  if (unreadable(text, &out.errors)) return out;
  ParseSession session(text);
  Scanner s(text);
  try {
    out.expr = parse_search_expr(session, s);
    if (!s.at_end()) s.fail_unexpected("in search expression");
  } catch (const SyntaxError& e) {
    out.expr.reset();
    session.report(e);
  } catch (const std::exception& e) {
    out.expr.reset();
    session.report(SyntaxError(Span{0, 0}, std::string("internal parser error: ") + e.what()));
  }
  out.errors = session.take_errors();
  if (!out.errors.empty()) out.expr.reset();
  return out;
}

EvalExprOutput parse_eval_expression(std::string_view text) {
  EvalExprOutput out;
  if (unreadable(text, &out.errors)) return out;
  ParseSession session(text);
  Scanner s(text);
  try {
    out.expr = parse_eval_expr(session, s);
    if (!s.at_end()) s.fail_unexpected("after eval expression");
  } catch (const SyntaxError& e) {
    out.expr.reset();
    session.report(e);
  } catch (const std::exception& e) {
    out.expr.reset();
    session.report(SyntaxError(Span{0, 0}, std::string("internal parser error: ") + e.what()));
  }
  out.errors = session.take_errors();
  return out;
}

}  // namespace rulejit::spl
