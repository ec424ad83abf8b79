// The transaction row stage (SPL `transaction`), shared by both executors:
// the JIT hands rows after its compiled per-event stages to PlanRunner, which
// runs this over them.
//
// Contract (policy.h "transaction" has the undocumented choices):
//  - rows are taken newest-first by _time; each row lacking a key field is
//    dropped; a row joins the open transaction of its key when it is at most
//    maxpause older than that transaction's oldest member, at most maxspan
//    older than its newest member, and the transaction has fewer than
//    maxevents members; otherwise the open transaction closes and the row
//    opens a new one. Multivalue keys compare as their whole value list.
//  - each transaction becomes one row: every field with one distinct value
//    keeps it (first-seen, newest member), several distinct values become a
//    multivalue of the sorted distinct texts; _time = oldest member's time,
//    _raw = members' raw text oldest first, joined by newlines; duration =
//    newest - oldest time, eventcount = members.
#pragma once

#include <vector>

#include "compiler/ir/plan.h"
#include "runtime/interp/row.h"

namespace rulejit::rt {

void run_transaction(const ir::TransactionStage& stage, std::vector<Row>& rows, ir::SlotId time_slot,
                     ir::SlotId raw_slot);

}  // namespace rulejit::rt
