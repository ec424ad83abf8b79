// The SPL abstract syntax tree.
//
// Contract:
//  - Every node carries a Span: byte offsets into the *expanded* SPL text (after
//    comment removal and macro expansion). The driver maps spans back to the
//    detection file through the macro source map.
//  - String contents are stored *decoded*: the search-string lexer's escapes
//    (\" -> ", \\ -> \, \| -> |; any other backslash pair kept as is,
//    spl-semantics.md §1.4) are already applied.
//  - Search expressions (search, tstats where, ...) and eval expressions
//    (eval, where, ...) are different languages with different precedence
//    and quoting (spl-semantics.md §1, §2); they have different node types.
//  - Commands are nodes defined by their own module in compiler/commands/
//    (one file per command: its AST node, its parser, its printer, its
//    lowering). The rest of the compiler sees them through `Command`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rulejit::spl {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;  // one past the last byte
};

// ---------------------------------------------------------------------------
// Search expressions (spl-semantics.md §1)

// A literal on the right of `field=`, an element of IN (...), or a bare term.
struct SearchValue {
  std::string text;        // decoded; `*` kept as the wildcard character
  bool quoted = false;     // written in double quotes
  bool term = false;       // TERM(...)
  bool case_sensitive = false;  // CASE(...)
  Span span;
};

enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
const char* compare_op_text(CompareOp op);

struct Pipeline;

struct SearchExpr {
  enum class Kind : uint8_t {
    And,        // children (n >= 2); juxtaposition or explicit AND. An empty
                // group `()` (what CIM's `cim_*_indexes` macros expand to) is
                // an And with no children: it matches everything.
    Or,         // children (n >= 2)
    Not,        // children[0]
    Compare,    // field op values[0]
    In,         // field IN (values...)
    Term,       // bare term or phrase matched against _raw: values[0]
    Subsearch,  // [ ... ]: subsearch pipeline whose results become a filter
  };
  Kind kind = Kind::Term;
  Span span;
  std::vector<std::unique_ptr<SearchExpr>> children;
  std::string field;           // Compare, In (decoded name as written)
  bool field_quoted = false;   // Compare, In: name written in double quotes
  CompareOp op = CompareOp::Eq;  // Compare
  std::vector<SearchValue> values;  // Compare: 1, In: n, Term: 1
  std::unique_ptr<Pipeline> subsearch;  // Subsearch
};
using SearchExprPtr = std::unique_ptr<SearchExpr>;

// ---------------------------------------------------------------------------
// Eval expressions (spl-semantics.md §2)

enum class EvalUnaryOp : uint8_t { Neg, Not, Plus };
enum class EvalBinaryOp : uint8_t {
  Add, Sub, Mul, Div, Mod, Concat,
  Eq, Ne, Lt, Le, Gt, Ge, Like,
  And, Or, Xor,
};
const char* eval_unary_op_text(EvalUnaryOp op);
const char* eval_binary_op_text(EvalBinaryOp op);

struct EvalExpr {
  enum class Kind : uint8_t {
    Number,   // number, text (literal as written)
    String,   // text (decoded)
    Field,    // text = field name
    Call,     // text = function name as written; args
    Unary,    // unary_op; args[0]
    Binary,   // binary_op; args[0], args[1]; AND / OR / XOR: args[0..n), n >= 2,
              // one node for a whole chain `a OR b OR c`
  };
  Kind kind = Kind::Number;
  Span span;
  std::string text;
  double number = 0;
  // Field: written without single quotes and containing '.', so it could
  // also mean concatenation (spl-semantics.md §2.1 UNCERTAIN).
  bool ambiguous_dotted = false;
  // Field: written in single quotes.
  bool quoted = false;
  EvalUnaryOp unary_op = EvalUnaryOp::Neg;
  EvalBinaryOp binary_op = EvalBinaryOp::Add;
  std::vector<std::unique_ptr<EvalExpr>> args;
};
using EvalExprPtr = std::unique_ptr<EvalExpr>;

// ---------------------------------------------------------------------------
// Commands and pipelines

// A field name argument of a command (`table a "b c" w*`), decoded; `*`
// wildcards kept as written.
struct FieldName {
  std::string name;
  Span span;
  bool quoted = false;  // written in double quotes
};

class AstPrinter;
class Lowerer;  // compiler/lower; declared here so commands can lower themselves

struct Command {
  std::string name;  // canonical lower-case command name ("stats", "bin", ...)
  Span span;
  explicit Command(std::string n) : name(std::move(n)) {}
  virtual ~Command() = default;
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;
  // Print the command's fields as an S-expression body (see AstPrinter).
  virtual void print(AstPrinter& p) const = 0;
};
using CommandPtr = std::unique_ptr<Command>;

struct Pipeline {
  Span span;
  bool leading_pipe = false;  // text started with `|` (generating command first)
  std::vector<CommandPtr> commands;
};

}  // namespace rulejit::spl
