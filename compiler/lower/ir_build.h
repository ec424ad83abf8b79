// Small helpers to build IR expressions in command lowering.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/expr.h"

namespace rulejit::lower::build {

inline ir::ExprPtr str(std::string s) { return ir::Expr::constant(rt::Value::string(std::move(s))); }
inline ir::ExprPtr num(double d) { return ir::Expr::constant(rt::Value::number(d)); }
inline ir::ExprPtr null() { return ir::Expr::constant(rt::Value()); }
inline ir::ExprPtr field(ir::SlotId s) { return ir::Expr::field(s); }

template <typename... A>
ir::ExprPtr op(ir::Op o, A&&... args) {
  std::vector<ir::ExprPtr> v;
  (v.push_back(std::forward<A>(args)), ...);
  return ir::Expr::make(o, std::move(v));
}

template <typename... A>
ir::ExprPtr call(std::string name, A&&... args) {
  auto e = op(ir::Op::Call, std::forward<A>(args)...);
  e->text = std::move(name);
  return e;
}

}  // namespace rulejit::lower::build
