// Internal: template definitions for args.h.
#pragma once

#include "runtime/functions/args.h"
#include "runtime/functions/policy.h"

namespace rulejit::rt::args {

template <class Test>
Value predicate_any(const Value& v, std::string_view fn, Test&& test) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return policy::kPredicateOnNullIsNull ? Value() : Value::boolean(false);
    case Value::Kind::Bool:
      bool_error(fn);
    case Value::Kind::Multi: {
      const auto& vals = v.as_multi();
      if (!policy::kPredicateOnMultivalueIsAny) return Value::boolean(test(std::string_view(vals.front())));
      for (const std::string& s : vals) {
        if (test(std::string_view(s))) return Value::boolean(true);
      }
      return Value::boolean(false);
    }
    default: {
      Text t(v, fn);
      return Value::boolean(test(t.view()));
    }
  }
}

}  // namespace rulejit::rt::args
