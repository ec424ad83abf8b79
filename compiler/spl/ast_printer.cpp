// S-expression rendering of the SPL AST (see ast_printer.h for the format).
#include "compiler/spl/ast_printer.h"

#include <cmath>
#include <cstdio>

namespace rulejit::spl {

std::string quote_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "\"";
  return out;
}

namespace {

bool bare_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == '{' || c == '}' || c == '*' || c == ':' || c == '@' ||
         c == '$' || c == '/' || c == '-';
}

}  // namespace

std::string render_name(std::string_view field) {
  bool bare = !field.empty();
  for (char c : field) bare = bare && bare_name_char(c);
  return bare ? std::string(field) : quote_string(field);
}

void AstPrinter::sep() {
  if (!out_.empty() && out_.back() != '(' && out_.back() != ' ' && out_.back() != '\n') {
    out_.push_back(' ');
  }
}

void AstPrinter::open(std::string_view head) {
  sep();
  out_.push_back('(');
  out_.append(head);
}

void AstPrinter::close() { out_.push_back(')'); }

void AstPrinter::key(std::string_view k) {
  sep();
  out_.push_back(':');
  out_.append(k);
}

void AstPrinter::atom(std::string_view raw) {
  sep();
  out_.append(raw);
}

void AstPrinter::str(std::string_view s) {
  sep();
  out_ += quote_string(s);
}

void AstPrinter::name(std::string_view field) {
  sep();
  out_ += render_name(field);
}

void AstPrinter::fields(const std::vector<FieldName>& fs) {
  open("");
  for (const auto& f : fs) field(f);
  close();
}

void AstPrinter::boolean(bool b) { atom(b ? "true" : "false"); }

void AstPrinter::integer(int64_t v) { atom(std::to_string(v)); }

void AstPrinter::number(double v) {
  char buf[64];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", v);
  }
  atom(buf);
}

void AstPrinter::nil() { atom("nil"); }

void AstPrinter::opt(std::string_view k, const std::optional<bool>& v) {
  if (!v) return;
  key(k);
  boolean(*v);
}

void AstPrinter::opt(std::string_view k, const std::optional<int64_t>& v) {
  if (!v) return;
  key(k);
  integer(*v);
}

void AstPrinter::opt(std::string_view k, const std::optional<double>& v) {
  if (!v) return;
  key(k);
  number(*v);
}

void AstPrinter::opt(std::string_view k, const std::optional<std::string>& v) {
  if (!v) return;
  key(k);
  str(*v);
}

void AstPrinter::opt(std::string_view k, const std::optional<TimeSpan>& v) {
  if (!v) return;
  key(k);
  atom(v->text);
}

void AstPrinter::opt(std::string_view k, const std::optional<FieldName>& v) {
  if (!v) return;
  key(k);
  field(*v);
}

void AstPrinter::value(const SearchValue& v) {
  sep();
  if (v.term) out_ += "TERM(";
  if (v.case_sensitive) out_ += "CASE(";
  if (v.quoted) out_.push_back('q');
  out_ += quote_string(v.text);
  if (v.case_sensitive) out_ += ")";
  if (v.term) out_ += ")";
}

void AstPrinter::search(const SearchExpr* e) {
  if (!e) {
    nil();
    return;
  }
  using K = SearchExpr::Kind;
  switch (e->kind) {
    case K::And:
    case K::Or:
      open(e->kind == K::And ? "and" : "or");
      for (const auto& c : e->children) search(c.get());
      close();
      return;
    case K::Not:
      open("not");
      search(e->children.empty() ? nullptr : e->children[0].get());
      close();
      return;
    case K::Compare:
      open(compare_op_text(e->op));
      name(e->field);
      for (const auto& v : e->values) value(v);
      close();
      return;
    case K::In:
      open("in");
      name(e->field);
      for (const auto& v : e->values) value(v);
      close();
      return;
    case K::Term:
      open("term");
      for (const auto& v : e->values) value(v);
      close();
      return;
    case K::Subsearch:
      open("subsearch");
      pipeline(e->subsearch.get());
      close();
      return;
  }
}

void AstPrinter::eval(const EvalExpr* e) {
  if (!e) {
    nil();
    return;
  }
  using K = EvalExpr::Kind;
  switch (e->kind) {
    case K::Number:
      atom(e->text);
      return;
    case K::String:
      str(e->text);
      return;
    case K::Field:
      sep();
      if (e->quoted) {
        out_.push_back('\'');
        for (char c : e->text) {
          if (c == '\'' || c == '\\') out_.push_back('\\');
          out_.push_back(c);
        }
        out_.push_back('\'');
      } else {
        out_ += render_name(e->text);
        if (e->ambiguous_dotted) out_.push_back('?');
      }
      return;
    case K::Call:
      open("call");
      name(e->text);
      for (const auto& a : e->args) eval(a.get());
      close();
      return;
    case K::Unary:
      open(eval_unary_op_text(e->unary_op));
      eval(e->args.empty() ? nullptr : e->args[0].get());
      close();
      return;
    case K::Binary:
      open(eval_binary_op_text(e->binary_op));
      for (const auto& a : e->args) eval(a.get());
      close();
      return;
  }
}

void AstPrinter::pipeline(const Pipeline* p) {
  if (!p) {
    nil();
    return;
  }
  open("pipeline");
  if (p->leading_pipe) key("leading_pipe");
  for (const auto& c : p->commands) command(*c);
  close();
}

void AstPrinter::pipeline_multiline(const Pipeline& p) {
  open("pipeline");
  if (p.leading_pipe) key("leading_pipe");
  for (const auto& c : p.commands) {
    out_ += "\n  ";
    command(*c);
  }
  close();
}

std::string print_ast(const Pipeline& p) {
  AstPrinter pr;
  pr.pipeline_multiline(p);
  return pr.take();
}

std::string print_search(const SearchExpr& e) {
  AstPrinter pr;
  pr.search(&e);
  return pr.take();
}

std::string print_eval(const EvalExpr& e) {
  AstPrinter pr;
  pr.eval(&e);
  return pr.take();
}

std::string print_command(const Command& c) {
  AstPrinter pr;
  pr.command(c);
  return pr.take();
}

}  // namespace rulejit::spl
