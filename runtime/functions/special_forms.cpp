#include "runtime/functions/special_forms.h"

#include <string>
#include <vector>

#include "runtime/functions/args.h"

namespace rulejit::rt {

bool is_true(const Value& v) { return args::is_true(v); }

namespace {

void check_pairs(std::span<const Value> pairs, const char* fn) {
  if (pairs.empty() || pairs.size() % 2 != 0) {
    throw EvalError(std::string(fn) + " takes pairs of arguments (condition, value), got " +
                    std::to_string(pairs.size()));
  }
}

}  // namespace

Value eval_case(std::span<const Value> pairs) {
  check_pairs(pairs, "case");
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    if (is_true(pairs[i])) return pairs[i + 1];
  }
  return Value();
}

Value eval_validate(std::span<const Value> pairs) {
  check_pairs(pairs, "validate");
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    if (!is_true(pairs[i])) return pairs[i + 1];
  }
  return Value();
}

Value mv_filter(const Value& field, const std::function<Value(const Value&)>& pred) {
  if (field.is_bool()) args::bool_error("mvfilter");
  std::vector<std::string> out;
  std::string scratch;
  for (size_t i = 0; i < field.count(); ++i) {
    Value item = Value::string(args::value_view(field, i, scratch));
    if (is_true(pred(item))) out.push_back(item.as_string());
  }
  return Value::make_multi(std::move(out));
}

Value mv_map(const Value& field, const std::function<Value(const Value&)>& fn) {
  if (field.is_bool()) args::bool_error("mvmap");
  std::vector<std::string> out;
  std::string scratch;
  for (size_t i = 0; i < field.count(); ++i) {
    Value r = fn(Value::string(args::value_view(field, i, scratch)));
    if (r.is_bool()) args::bool_error("mvmap");
    for (size_t k = 0; k < r.count(); ++k) out.emplace_back(args::value_view(r, k, scratch));
  }
  return Value::make_multi(std::move(out));
}

}  // namespace rulejit::rt
