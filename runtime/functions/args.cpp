#include "runtime/functions/args.h"

#include <cmath>

namespace rulejit::rt::args {

void bool_error(std::string_view fn) {
  throw EvalError(std::string(fn) + ": a boolean cannot be used as a value here; wrap it in if() or tostring()");
}

Text::Text(const Value& v, std::string_view fn) {
  switch (v.kind()) {
    case Value::Kind::Null:
      null_ = true;
      break;
    case Value::Kind::Bool:
      bool_error(fn);
    case Value::Kind::Number:
      owned_ = format_number(v.as_number());
      view_ = owned_;
      break;
    case Value::Kind::String:
      view_ = v.as_string();
      break;
    case Value::Kind::Multi:
      view_ = v.as_multi().front();
      break;
  }
}

std::optional<double> number(const Value& v, std::string_view fn) {
  if (v.is_bool()) bool_error(fn);
  return v.to_number();
}

std::optional<int64_t> integer(const Value& v, std::string_view fn) {
  auto d = number(v, fn);
  if (!d || !std::isfinite(*d) || std::fabs(*d) >= 9.2e18) return std::nullopt;
  return static_cast<int64_t>(std::trunc(*d));
}

std::string_view value_view(const Value& v, size_t i, std::string& scratch) {
  switch (v.kind()) {
    case Value::Kind::String:
      return v.as_string();
    case Value::Kind::Multi:
      return v.as_multi()[i];
    case Value::Kind::Number:
      scratch = format_number(v.as_number());
      return scratch;
    default:
      scratch = v.to_text();
      return scratch;
  }
}

}  // namespace rulejit::rt::args
