#include "runtime/engine/direct_text.h"

#include "runtime/functions/path_text.h"

namespace rulejit::rt {
namespace {

bool is_call(const ir::Expr& e, const char* name, size_t arity) {
  return e.op == ir::Op::Call && e.text == name && e.args.size() == arity;
}

// isnull(field): the only condition taken directly (field maps' "arguments
// may be absent").
bool is_isnull_of_field(const ir::Expr& e) { return is_call(e, "isnull", 1) && e.args[0]->op == ir::Op::Field; }

// isnull(f) OR f="": CIM's "unknown when null or empty" (fieldmap_loader).
bool is_null_or_empty_of_field(const ir::Expr& e) {
  if (e.op != ir::Op::Or || e.args.size() != 2 || !is_isnull_of_field(*e.args[0])) return false;
  const ir::Expr& eq = *e.args[1];
  return eq.op == ir::Op::Eq && eq.args.size() == 2 && eq.args[0]->op == ir::Op::Field &&
         eq.args[0]->slot == e.args[0]->args[0]->slot && eq.args[1]->op == ir::Op::Const &&
         eq.args[1]->value.is_string() && eq.args[1]->value.as_string().empty();
}

// The field a direct condition tests.
ir::SlotId condition_slot(const ir::Expr& c) {
  return c.op == ir::Op::Or ? c.args[0]->args[0]->slot : c.args[0]->slot;
}

}  // namespace

bool direct_text_shape(const ir::Expr& e) {
  switch (e.op) {
    case ir::Op::Field: return true;
    case ir::Op::Const: return e.value.is_string();
    case ir::Op::Concat:
      for (const auto& a : e.args)
        if (!direct_text_shape(*a)) return false;
      return true;
    case ir::Op::If:
      return e.args.size() == 3 && (is_isnull_of_field(*e.args[0]) || is_null_or_empty_of_field(*e.args[0])) &&
             direct_text_shape(*e.args[1]) && direct_text_shape(*e.args[2]);
    case ir::Op::Call: return is_call(e, "basename", 1) && e.args[0]->op == ir::Op::Field;
    default: return false;
  }
}

bool append_direct_text(const ir::Expr& e, const Row& row, std::string& out) {
  switch (e.op) {
    case ir::Op::Field: {
      const Value& v = row.slots[e.slot];
      if (!v.is_string()) return false;
      out += v.as_string();
      return true;
    }
    case ir::Op::Const:  // a text, by shape
      out += e.value.as_string();
      return true;
    case ir::Op::Concat:  // `.` of texts is their concatenation (ops::concat)
      for (const auto& a : e.args)
        if (!append_direct_text(*a, row, out)) return false;
      return true;
    case ir::Op::If: {  // if(isnull(f), a, b): isnull is true only for null
      const Value& v = row.slots[condition_slot(*e.args[0])];
      bool holds = v.is_null();
      if (!holds && e.args[0]->op == ir::Op::Or) {
        // f="" on one text is a plain string compare; other kinds: evaluate().
        if (!v.is_string()) return false;
        holds = v.as_string().empty();
      }
      return append_direct_text(*e.args[holds ? 1 : 2], row, out);
    }
    case ir::Op::Call: {  // basename(f)
      const Value& v = row.slots[e.args[0]->slot];
      if (!v.is_string()) return false;
      out += path_basename(v.as_string());
      return true;
    }
    default: return false;
  }
}

}  // namespace rulejit::rt
