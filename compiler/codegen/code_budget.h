// How much code the JIT generates for a rule's expressions, so that compile
// time grows linearly with the rule (issue 13: 2,000 OR terms took 100 s).
//
// Long lists of values of one field are merged before codegen (one set or
// glob-list test, lower/value_lists.h). What cannot be merged, e.g.
// `(a=1 AND b=2) OR (a=3 AND b=4) ...` or 2,000 different fields, would be
// compiled test by test: each field test is a loop and some compares, about
// 2 ms of LLVM time, and LLVM's optimizer is superlinear in the size of one
// function. Two limits keep both in check:
//  - kMaxCompiledTerms: a rule's inline search filters hold at most this many
//    field tests; conditions beyond it, and any filter or eval stage bigger
//    than it, are run by the interpreter's code for the stage (rj_stage), as
//    the interpreter executor runs them: the same results, at its speed.
//  - kMaxTermsPerFunction: the operands of a big AND / OR (or a rule's
//    conjuncts) go, in order, into groups of at most this many field tests,
//    each compiled as a function of its own (group_operands), so no function
//    grows past the size where the optimizer slows down.
// No LLVM here: this is the plan, codegen emits it.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/ir/expr.h"

namespace rulejit::jit {

// Field tests compiled inline per rule: ~0.2 s of compile time at most.
constexpr size_t kMaxCompiledTerms = 64;
// Field tests per generated function.
constexpr size_t kMaxTermsPerFunction = 32;

// The leaves (field tests, constants, field reads) of an expression.
size_t expression_terms(const ir::Expr& e);

struct OperandGroup {
  std::vector<const ir::Expr*> operands;
  bool own_function = false;  // compile as a function of its own
};

// Consecutive operands of one AND / OR grouped so that each group holds at
// most max_terms leaves. When all fit in one function, each operand is its
// own group, inline. An operand bigger than max_terms is a group alone,
// inline: codegen cuts it in turn. So is a lone field test.
std::vector<OperandGroup> group_operands(const std::vector<const ir::Expr*>& operands,
                                         size_t max_terms = kMaxTermsPerFunction);

}  // namespace rulejit::jit
