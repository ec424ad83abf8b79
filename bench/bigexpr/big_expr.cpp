#include "bench/bigexpr/big_expr.h"

namespace rulejit::bigexpr {

const std::vector<ShapeInfo>& shapes() {
  static const std::vector<ShapeInfo> all = {
      {Shape::Eq, "eq"},         {Shape::In, "in"},     {Shape::Mixed, "mixed"},
      {Shape::Wildcard, "wildcard"}, {Shape::Not, "not"}, {Shape::Ne, "ne"},
      {Shape::Nested, "nested"}, {Shape::Distinct, "distinct"}, {Shape::DistinctNot, "distinct-not"},
      {Shape::Where, "where"},   {Shape::WhereLike, "where-like"},
  };
  return all;
}

const ShapeInfo* find_shape(std::string_view name) {
  for (const auto& s : shapes())
    if (name == s.name) return &s;
  return nullptr;
}

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

const std::string& field(const std::vector<std::string>& fields, int i) {
  return fields[static_cast<size_t>(i) % fields.size()];
}

// Three wildcard forms in turn: contains, prefix, suffix.
std::string wildcard_value(int i) {
  switch (i % 3) {
    case 0: return "*" + value_of(i) + "*";
    case 1: return value_of(i) + "*";
    default: return "*" + value_of(i);
  }
}

}  // namespace

std::string term(Shape shape, int i, const std::vector<std::string>& fields) {
  const std::string& f = fields.at(0);
  const std::string& g = fields.size() > 1 ? fields[1] : fields[0];
  const std::string v = quoted(value_of(i));
  switch (shape) {
    case Shape::Eq:
    case Shape::In: return f + "=" + v;
    case Shape::Mixed:
    case Shape::Where: return field(fields, i) + "=" + v;
    case Shape::Wildcard: return f + "=" + quoted(wildcard_value(i));
    case Shape::Not: return "NOT " + f + "=" + v;
    case Shape::Ne: return f + "!=" + v;
    case Shape::Nested: return "(" + f + "=" + v + " AND " + g + "=" + quoted("w" + std::to_string(i)) + ")";
    case Shape::Distinct: return f + "_" + std::to_string(i) + "=" + v;
    case Shape::DistinctNot: return "NOT " + f + "_" + std::to_string(i) + "=" + v;
    case Shape::WhereLike: return "like(" + f + ", " + quoted("%" + value_of(i) + "%") + ")";
  }
  return {};
}

bool conjunction(Shape shape) {
  return shape == Shape::Not || shape == Shape::Ne || shape == Shape::DistinctNot;
}

std::string big_expr(Shape shape, int n, const std::vector<std::string>& fields) {
  std::string out;
  if (shape == Shape::In) {
    out = fields.at(0) + " IN (";
    for (int i = 0; i < n; ++i) out += (i ? ", " : "") + quoted(value_of(i));
    return out + ")";
  }
  for (int i = 0; i < n; ++i) {
    if (i) out += conjunction(shape) ? " " : " OR ";
    out += term(shape, i, fields);
  }
  return out;
}

bool is_where(Shape shape) { return shape == Shape::Where || shape == Shape::WhereLike; }

std::string make_search(bool where, const std::string& expr, const std::string& prefix, const std::string& suffix) {
  std::string search = prefix;
  if (!search.empty()) search += " ";
  search += (where ? "| where " : "") + expr;
  if (!suffix.empty()) search += " " + suffix;
  return search;
}

std::string big_search(Shape shape, int n, const std::vector<std::string>& fields, const std::string& prefix,
                       const std::string& suffix) {
  return make_search(is_where(shape), big_expr(shape, n, fields), prefix, suffix);
}

std::string detection_yaml(const std::string& name, const std::string& search) {
  std::string escaped;
  for (char c : search) escaped += c == '\'' ? std::string("''") : std::string(1, c);
  return "name: " + name + "\nid: " + name + "\nsearch: '" + escaped + "'\n";
}

}  // namespace rulejit::bigexpr
