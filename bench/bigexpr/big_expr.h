// Detections with very long boolean expressions, for measuring and testing
// compile time as the expression grows (issue 13: thousands of OR terms and
// IN values in one search).
//
// big_expr(shape, n, fields) writes the boolean part of a search with n
// terms over the given field names; fields[0] is the main field. Values are
// value_of(i) ("v<i>x", numbered from 0), so a test knows which events match.
// Every shape is one a real detection could have; each takes a different
// path through the compiler (bench/README.md, "Long boolean expressions").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rulejit::bigexpr {

// (vi stands for value_of(i); Nested's second field takes w<i>.)
enum class Shape {
  Eq,           // f="v0" OR f="v1" OR ...                      (search, one field)
  In,           // f IN ("v0", "v1", ...)
  Mixed,        // f0="v0" OR f1="v1" OR f2="v2" ...            (fields in turn)
  Wildcard,     // f="*v0*" OR f="v1*" OR f="*v2" ...
  Not,          // NOT f="v0" NOT f="v1" ...                    (an AND of negations)
  Ne,           // f!="v0" f!="v1" ...
  Nested,       // (f0="v0" AND f1="w0") OR (f0="v1" AND f1="w1") ...
  Distinct,     // f_0="v0" OR f_1="v1" ...                     (a new field per term)
  DistinctNot,  // NOT f_0="v0" NOT f_1="v1" ...               (many conjuncts)
  Where,        // | where f0="v0" OR f1="v1" ...               (eval: case-sensitive)
  WhereLike,    // | where like(f, "%v0%") OR like(f, "%v1%") ... (eval, not a set)
};

struct ShapeInfo {
  Shape shape;
  const char* name;
};
const std::vector<ShapeInfo>& shapes();
const ShapeInfo* find_shape(std::string_view name);

inline std::string value_of(int i) { return "v" + std::to_string(i) + "x"; }

std::string big_expr(Shape shape, int n, const std::vector<std::string>& fields);
// Term i of the expression alone (the IN shape: `f="v<i>x"`), and whether
// the terms are AND-ed (else OR-ed): a test can check the whole expression
// against its terms one by one.
std::string term(Shape shape, int i, const std::vector<std::string>& fields);
bool conjunction(Shape shape);

// The expression follows `| where` (eval language), not the search.
bool is_where(Shape shape);

// A whole detection search: `prefix` (data source selection), the
// expression (as a search or after `| where`), then `suffix` (e.g.
// "| stats count by f").
std::string make_search(bool where, const std::string& expr, const std::string& prefix, const std::string& suffix);
std::string big_search(Shape shape, int n, const std::vector<std::string>& fields, const std::string& prefix,
                       const std::string& suffix);

// A detection YAML file (name, id, search) for the search.
std::string detection_yaml(const std::string& name, const std::string& search);

}  // namespace rulejit::bigexpr
