// Expression IR: the typed, resolved form of search predicates and eval
// expressions that both executors (interpreter, LLVM JIT) consume.
//
// Contract:
//  - Field references are resolved to slots of the owning Plan (plan.h).
//  - Search-language predicates are already lowered to their semantics:
//    case-insensitive glob / CIDR / numeric matchers over "any value of the
//    field" (spl-semantics.md §1). They are two-valued (true/false).
//  - Eval-language expressions are dynamically typed (rt::Value) and use
//    three-valued logic: a comparison with null is null, `where` keeps rows
//    whose condition is exactly true (spl-semantics.md §2.4).
//  - Constants that need compiling (globs, regexes, CIDRs, string sets) live
//    in the plan's constant pools and are referenced by index, so identical
//    constants are compiled once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/core/value.h"

namespace rulejit::ir {

using SlotId = uint32_t;
constexpr SlotId kNoSlot = UINT32_MAX;

enum class Op : uint8_t {
  // ---- values
  Const,        // value = constant
  Field,        // slot
  Bound,        // the value bound by the innermost mvmap/mvfilter (lambda variable)
  // ---- search-language predicates (two-valued)
  MatchAny,     // slot, matcher: some value of the field satisfies matcher `index`
  Exists,       // slot: field present (field=*)
  RawTerm,      // text: bare term / phrase / TERM() against _raw (index = flags)
  // ---- boolean connectives (two-valued for search, three-valued for eval)
  And, Or, Xor, Not,
  // ---- eval operators
  Neg,          // unary minus
  Add, Sub, Mul, Div, Mod, Concat,
  Eq, Ne, Lt, Le, Gt, Ge,  // eval comparisons (case-sensitive, numeric if both numeric)
  Like,         // args[0] LIKE pattern args[1]
  // ---- special forms (lazy / binding)
  If,           // args: cond, then, else
  Case,         // args: cond1, val1, cond2, val2, ...
  Coalesce,     // first non-null arg
  MvFilter,     // args[0]: multivalue source, args[1]: predicate over Bound
  MvMap,        // args[0]: multivalue source, args[1]: expression over Bound
  // ---- precompiled matchers used from eval
  RegexMatch,   // match(args[0], regex `index`)
  InList,       // in(args[0], strings of set `index`) exact, case-sensitive
  // ---- generic function call through the runtime function registry
  Call,         // text = function name; args
};
const char* op_name(Op op);

// How a MatchAny matcher compares one field value (spl-semantics.md §1.2-1.7).
struct Matcher {
  enum class Kind : uint8_t {
    Glob,     // case-insensitive whole-value glob (`*` only); exact when no `*`
    GlobCS,   // case-sensitive glob (CASE(...))
    Cidr,     // subnet match; falls back to Glob on the literal text
    Less, LessEq, Greater, GreaterEq,  // numeric if both numeric, else string order
    Set,      // value in a set of case-folded exact strings (IN without wildcards)
    GlobList, // some glob of `items` matches (case-insensitive, folded): the
              // wildcard values of one field's value list (lower/value_lists.h)
  };
  Kind kind = Kind::Glob;
  std::string pattern;             // Glob/Cidr/comparison literal
  std::vector<std::string> items;  // Set: lower-cased members; GlobList: lower-cased globs
  bool operator==(const Matcher& o) const = default;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  Op op = Op::Const;
  SlotId slot = kNoSlot;
  uint32_t index = 0;       // matcher / regex / set index, or flags
  rt::Value value;          // Const
  std::string text;         // Call name, RawTerm text
  std::vector<ExprPtr> args;

  static ExprPtr constant(rt::Value v);
  static ExprPtr field(SlotId s);
  static ExprPtr make(Op op, std::vector<ExprPtr> args = {});
  ExprPtr clone() const;
};

// Flags for RawTerm.index.
constexpr uint32_t kRawTermPhrase = 1;  // quoted phrase
constexpr uint32_t kRawTermTERM = 2;    // TERM(): whole token incl. minor breakers
constexpr uint32_t kRawTermCase = 4;    // CASE(): case-sensitive

}  // namespace rulejit::ir
