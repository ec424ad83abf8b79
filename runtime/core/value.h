// Value: one SPL value as the interpreter and the function library see it.
//
// SPL's data model (docs/spl-semantics.md §0, §2.3): a field is either absent
// (null) or holds one or more strings (a multivalue is an ordered list). Eval
// expressions additionally produce numbers and booleans; booleans cannot be
// stored in a field. Field values that look numeric are used as numbers by
// arithmetic and comparisons; string literals stay strings.
//
// Contract:
//  - Null is "absent". An empty string is a value, not null.
//  - Multi always holds >= 2 values; make_multi() collapses 0 values to Null
//    and 1 value to a String, so there is one representation per meaning.
//  - to_text() renders numbers the way Splunk prints them (integers without a
//    decimal point, otherwise the shortest round-trip form).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rulejit::rt {

class Value {
 public:
  enum class Kind : uint8_t { Null, Bool, Number, String, Multi };

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b) { Value v; v.v_ = b; return v; }
  static Value number(double d) { Value v; v.v_ = d; return v; }
  static Value string(std::string s) { Value v; v.v_ = std::move(s); return v; }
  static Value string(std::string_view s) { return string(std::string(s)); }
  static Value string(const char* s) { return string(std::string(s)); }
  // 0 values -> Null, 1 value -> String, more -> Multi.
  static Value make_multi(std::vector<std::string> values);
  // Becomes the string `s`, reusing this value's string buffer when it holds
  // one (rows reused across events then copy without allocating).
  void assign_string(std::string_view s) {
    if (auto* p = std::get_if<std::string>(&v_)) p->assign(s.data(), s.size());
    else v_.emplace<std::string>(s);
  }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_number() const { return kind() == Kind::Number; }
  bool is_string() const { return kind() == Kind::String; }
  bool is_multi() const { return kind() == Kind::Multi; }

  bool as_bool() const { return std::get<bool>(v_); }
  double as_number() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const std::vector<std::string>& as_multi() const { return std::get<std::vector<std::string>>(v_); }

  // Number of values a field holding this would have: 0 for null, n for Multi,
  // 1 otherwise.
  size_t count() const;
  // The i-th value as text (i < count()).
  std::string value_text(size_t i) const;
  // All values as text (empty for null).
  std::vector<std::string> texts() const;

  // Numeric view: a Number, or a String (or the first value of a Multi) that
  // parses completely as a number (leading/trailing spaces allowed). Booleans
  // and null are not numbers.
  std::optional<double> to_number() const;
  // Text view: String as is; Number formatted; Bool "true"/"false"; Multi's
  // first value; Null -> "".
  std::string to_text() const;

  // Structural equality (same kind, same content); used by tests and dedup.
  bool operator==(const Value& o) const { return v_ == o.v_; }

  // Debug form: null, true, 12, "text", ["a","b"].
  std::string debug() const;

 private:
  std::variant<std::monostate, bool, double, std::string, std::vector<std::string>> v_;
};

// Parse text as an SPL number: optional sign, digits, optional fraction,
// optional exponent; also hex "0x.."? no. Surrounding spaces allowed. Returns
// nullopt when the whole text is not a number.
std::optional<double> parse_number(std::string_view text);

// Splunk-style number formatting: integral values in [-2^53, 2^53] print
// without a fraction ("12"), others use the shortest round-trip form
// ("2.5", "0.1"); NaN -> "nan", infinities -> "inf"/"-inf".
std::string format_number(double d);

}  // namespace rulejit::rt
