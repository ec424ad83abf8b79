// `cyberchef` command: parser and printer.
#include "compiler/commands/cyberchef.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {
namespace {

// The JSON recipe after `jsonrecipe=`. A quoted value whose inner quotes are
// escaped is an ordinary SPL string; otherwise (quotes of the JSON left
// unescaped, as detections write it) the value runs from '[' to its
// matching ']', JSON strings skipped, and a surrounding pair of quotes is
// dropped.
Token json_recipe(CommandContext& ctx, std::string_view key, Span key_span) {
  Scanner& s = ctx.s;
  s.skip_ws();
  const uint32_t start = s.pos();
  const bool quoted = s.peek() == '"';
  const uint32_t open = quoted ? start + 1 : start;
  if (s.slice(open, open + 1) != "[") return ctx.value(key, key_span);
  if (quoted) {
    // Escaped inner quotes: the first quote is closed by an unescaped one
    // that follows a ']'.
    std::string_view rest = s.slice(open, s.end());
    size_t first_quote = rest.find('"');
    if (first_quote != std::string_view::npos && first_quote > 0 && rest[first_quote - 1] == '\\')
      return s.quoted_string();
  }
  int depth = 0;
  bool in_string = false;
  uint32_t i = open;
  for (; i < s.end(); ++i) {
    char c = s.text()[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') ++depth;
    else if (c == ']' || c == '}') {
      if (--depth == 0) break;
    }
  }
  if (i >= s.end()) ctx.fail(make_span(start, s.end()), "unbalanced '[' in jsonrecipe");
  Token t;
  t.text = std::string(s.slice(open, i + 1));
  uint32_t after = i + 1;
  if (quoted) {
    if (s.slice(after, after + 1) != "\"") ctx.fail(make_span(start, after), "jsonrecipe: expected '\"' after the recipe");
    ++after;
  }
  t.span = make_span(start, after);
  t.quoted = quoted;
  s.set_pos(after);
  return t;
}

}  // namespace

CommandPtr parse_cyberchef_command(CommandContext& ctx) {
  auto cmd = std::make_unique<CyberchefCommand>();
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    Span k;
    auto key = s.option_key({"infield", "outfield", "operation", "jsonrecipe", "recipe"}, &k);
    if (!key) ctx.fail_unexpected();
    if (*key == "infield" || *key == "outfield") {
      Token v = ctx.value(*key, k);
      (*key == "infield" ? cmd->infield : cmd->outfield) = CommandContext::to_field(v);
    } else if (*key == "operation") {
      Token v = ctx.value(*key, k);
      cmd->operation = v.text;
      cmd->recipe_span = v.span;
    } else if (*key == "jsonrecipe") {
      Token v = json_recipe(ctx, *key, k);
      cmd->jsonrecipe = v.text;
      cmd->recipe_span = v.span;
    } else {
      ctx.fail_unsupported(k, "cyberchef recipe= (a base64 recipe) is not supported; use jsonrecipe=");
    }
  }
  if (!cmd->infield) ctx.fail(ctx.name_span(), "cyberchef needs infield=<field>");
  if (!cmd->operation == !cmd->jsonrecipe)
    ctx.fail(ctx.name_span(), "cyberchef needs exactly one of operation= and jsonrecipe=");
  return cmd;
}

void CyberchefCommand::print(AstPrinter& p) const {
  p.open("cyberchef");
  p.opt("infield", infield);
  p.opt("outfield", outfield);
  p.opt("operation", operation);
  p.opt("jsonrecipe", jsonrecipe);
  p.close();
}

}  // namespace rulejit::spl
