// Direct text derivations: the field maps' usual derived fields are one text
// built from raw fields — a copy ('pod.name'), basename('binary'), or
// if(isnull('arguments'), 'binary', 'binary' . " " . 'arguments'). For those
// the engines build the text straight into the derived slot instead of
// evaluating the expression (no temporary Values, no allocation once the
// slot's string has grown), which is most of a matched event's derive cost.
//
// Contract:
//  - direct_text_shape(e) is true when e uses only Field, text Const, Concat
//    (`.`), basename(Field) and If(isnull(Field), ..., ...), recursively.
//  - append_direct_text(e, row, out), for an e of that shape (checked once,
//    when the derivation is planned, not per event), appends what evaluate(e) would return
//    when that is one text computed from single-text fields only, and
//    returns true; it returns false (out then holds junk to discard) when a
//    field it reads is null, a number, a boolean or a multivalue in a place
//    where that matters: the caller evaluates e the general way.
#pragma once

#include <string>

#include "compiler/ir/expr.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

bool direct_text_shape(const ir::Expr& e);
bool append_direct_text(const ir::Expr& e, const Row& row, std::string& out);

}  // namespace rulejit::rt
