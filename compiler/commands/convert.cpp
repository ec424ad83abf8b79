// `convert` command: parser and printer.
#include "compiler/commands/convert.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

struct FunctionName {
  std::string_view name;
  ConvertFunction fn;
};

constexpr FunctionName kFunctions[] = {
    {"ctime", ConvertFunction::Ctime},     {"mktime", ConvertFunction::Mktime},
    {"dur2sec", ConvertFunction::Dur2sec}, {"mstime", ConvertFunction::Mstime},
    {"num", ConvertFunction::Num},         {"rmunit", ConvertFunction::Rmunit},
    {"rmcomma", ConvertFunction::Rmcomma}, {"memk", ConvertFunction::Memk},
    {"auto", ConvertFunction::Auto},       {"none", ConvertFunction::None},
};

}  // namespace

const char* convert_function_name(ConvertFunction f) {
  for (const auto& n : kFunctions) {
    if (n.fn == f) return n.name.data();
  }
  return "?";
}

CommandPtr parse_convert_command(CommandContext& ctx) {
  auto cmd = std::make_unique<ConvertCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof()) break;
    Span k;
    if (auto key = s.option_key({"timeformat"}, &k)) {
      cmd->timeformat = ctx.value(*key, k).text;
      continue;
    }
    Conversion c;
    uint32_t b = s.pos();
    while (is_word_char(s.peek())) s.advance();
    Span name = make_span(b, s.pos());
    if (name.begin == name.end) ctx.fail_unexpected();
    bool found = false;
    for (const auto& f : kFunctions) {
      if (iequals(f.name, s.slice(name))) {
        c.function = f.fn;
        found = true;
      }
    }
    if (!found) {
      ctx.fail(name, "unknown convert function " + quote_for_message(s.slice(name)) +
                         " (expected ctime, mktime, dur2sec, mstime, num, rmunit, rmcomma, "
                         "memk, auto or none)");
    }
    s.skip_ws();
    if (s.peek() != '(') ctx.fail(name, "expected '(' after " + std::string(s.slice(name)));
    uint32_t open = s.pos();
    s.advance();
    c.field = ctx.expect_field("a field name");
    s.skip_ws();
    if (s.peek() != ')') {
      if (s.eof()) ctx.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
      s.fail_unexpected("in convert (expected ')')");
    }
    s.advance();
    if (s.keyword("as")) c.as = ctx.expect_field("a field name after AS");
    c.span = make_span(b, s.pos());
    cmd->conversions.push_back(std::move(c));
  }
  if (cmd->conversions.empty()) ctx.fail(ctx.name_span(), "convert needs a conversion, e.g. ctime(_time)");
  return cmd;
}

void ConvertCommand::print(AstPrinter& p) const {
  p.open("convert");
  p.opt("timeformat", timeformat);
  for (const auto& c : conversions) {
    p.open(convert_function_name(c.function));
    p.field(c.field);
    p.opt("as", c.as);
    p.close();
  }
  p.close();
}

}  // namespace rulejit::spl
