// `sort` command (and sort keys shared with dedup): parser and printer.
#include "compiler/commands/sort.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

const char* type_name(SortKey::Type t) {
  switch (t) {
    case SortKey::Type::Default: return "";
    case SortKey::Type::Auto: return "auto";
    case SortKey::Type::Str: return "str";
    case SortKey::Type::Num: return "num";
    case SortKey::Type::Ip: return "ip";
  }
  return "";
}

}  // namespace

SortKey parse_sort_key(CommandContext& ctx) {
  Scanner& s = ctx.s;
  SortKey k;
  s.skip_ws();
  if (s.peek() == '-' || s.peek() == '+') {
    k.descending = s.peek() == '-';
    s.advance();
    s.skip_ws();
  }
  struct TypeFn {
    std::string_view name;
    SortKey::Type type;
  };
  static constexpr TypeFn kTypes[] = {{"auto", SortKey::Type::Auto},
                                      {"str", SortKey::Type::Str},
                                      {"num", SortKey::Type::Num},
                                      {"ip", SortKey::Type::Ip}};
  for (const auto& t : kTypes) {
    if (s.at_keyword(t.name, true, "(") && s.peek(static_cast<uint32_t>(t.name.size())) == '(') {
      uint32_t open = s.pos() + static_cast<uint32_t>(t.name.size());
      s.set_pos(open + 1);
      k.type = t.type;
      k.field = ctx.expect_field("a field name");
      s.skip_ws();
      if (s.peek() != ')') {
        if (s.eof()) ctx.fail(make_span(open, open + 1), "unbalanced '(': no matching ')'");
        s.fail_unexpected("in sort key (expected ')')");
      }
      s.advance();
      return k;
    }
  }
  k.field = ctx.expect_field("a field name to sort by");
  return k;
}

void print_sort_key(AstPrinter& p, const SortKey& k) {
  p.open(k.descending ? "desc" : "asc");
  if (k.type != SortKey::Type::Default) p.atom(type_name(k.type));
  p.field(k.field);
  p.close();
}

CommandPtr parse_sort_command(CommandContext& ctx) {
  auto cmd = std::make_unique<SortCommand>();
  Scanner& s = ctx.s;
  for (;;) {
    s.skip_ws();
    while (s.peek() == ',') {
      s.advance();
      s.skip_ws();
    }
    if (s.eof()) break;
    Span k;
    if (auto key = s.option_key({"limit"}, &k)) {
      cmd->limit = ctx.int_value(*key, k, 0, int64_t{1} << 40);
      continue;
    }
    uint32_t b = s.pos();
    Token w = s.word(",()\"");
    if (cmd->keys.empty() && !cmd->limit && all_digits(w.text)) {
      cmd->limit = ctx.to_int(w, "count", 0, int64_t{1} << 40);
      continue;
    }
    if (!cmd->keys.empty() && (iequals(w.text, "d") || iequals(w.text, "desc")) && s.at_end()) {
      cmd->reverse = true;
      break;
    }
    s.set_pos(b);
    cmd->keys.push_back(parse_sort_key(ctx));
  }
  if (cmd->keys.empty()) ctx.fail(ctx.name_span(), "sort needs at least one field");
  return cmd;
}

void SortCommand::print(AstPrinter& p) const {
  p.open("sort");
  p.opt("limit", limit);
  for (const auto& k : keys) print_sort_key(p, k);
  if (reverse) p.key("reverse");
  p.close();
}

}  // namespace rulejit::spl
