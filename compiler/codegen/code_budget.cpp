#include "compiler/codegen/code_budget.h"

namespace rulejit::jit {

size_t expression_terms(const ir::Expr& e) {
  if (e.args.empty()) return 1;
  size_t n = 0;
  for (const auto& a : e.args) n += expression_terms(*a);
  return n;
}

std::vector<OperandGroup> group_operands(const std::vector<const ir::Expr*>& operands, size_t max_terms) {
  std::vector<size_t> terms;
  size_t total = 0;
  for (const auto* o : operands) total += terms.emplace_back(expression_terms(*o));
  std::vector<OperandGroup> groups;
  if (total <= max_terms) {
    for (const auto* o : operands) groups.push_back({{o}, false});
    return groups;
  }
  size_t in_group = 0;
  for (size_t i = 0; i < operands.size(); ++i) {
    if (!groups.empty() && groups.back().own_function && in_group + terms[i] <= max_terms) {
      groups.back().operands.push_back(operands[i]);
      in_group += terms[i];
      continue;
    }
    // A new group: alone and inline when too big, else the start of a function.
    groups.push_back({{operands[i]}, terms[i] <= max_terms});
    in_group = terms[i];
  }
  // A function for one field test would only add a call.
  for (auto& g : groups)
    if (g.operands.size() == 1 && expression_terms(*g.operands[0]) == 1) g.own_function = false;
  return groups;
}

}  // namespace rulejit::jit
