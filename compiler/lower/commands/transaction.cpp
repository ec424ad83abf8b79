// transaction: a row stage over the rule's rows (runtime/interp/
// transaction_stage.h). Options that change which rows open or close a
// transaction beyond keys/maxspan/maxpause/maxevents are reported as
// unsupported rather than approximated.
#include "compiler/commands/transaction.h"
#include "compiler/lower/commands/command_lowering.h"

namespace rulejit::lower {

namespace {

// Seconds for a maxspan/maxpause value; -1 (no limit) for negative values.
std::optional<double> limit_seconds(const spl::TimeSpan& t) {
  if (t.amount < 0) return -1;
  if (t.unit == spl::TimeUnit::None) return t.amount;
  return t.seconds();
}

}  // namespace

void lower_transaction(const spl::Command& cmd, Lowerer& l) {
  const auto& t = static_cast<const spl::TransactionCommand&>(cmd);
  auto refuse = [&](std::string_view what) {
    l.unsupported(cmd.span, "transaction " + std::string(what) + " is not supported yet");
  };
  if (t.txn_name) return refuse("name= (transaction types from transactiontypes.conf)");
  if (t.startswith || t.endswith) return refuse("startswith=/endswith=");
  if (t.unifyends.value_or(false)) return refuse("unifyends=true");
  if (t.keeporphans.value_or(false)) return refuse("keeporphans=true");
  if (t.keepevicted.value_or(false)) return refuse("keepevicted=true");
  if (t.mvlist.value_or(false)) return refuse("mvlist=true");
  if (t.mvraw.value_or(false)) return refuse("mvraw=true");
  if (t.delim || t.nullstr) return refuse("delim=/nullstr=");
  // connected= only matters for rows holding some but not all of several
  // fields, which policy::kTransactionDropsRowsMissingField drops; the memory
  // limits (maxopentxn/maxopenevents) only evict under memory pressure.
  ir::TransactionStage st;
  for (const auto& f : t.fields) st.keys.push_back(l.slot(f.name));
  if (t.maxspan) {
    auto s = limit_seconds(*t.maxspan);
    if (!s) return refuse("maxspan=" + t.maxspan->text + " (calendar spans)");
    st.maxspan = *s;
  }
  if (t.maxpause) {
    auto s = limit_seconds(*t.maxpause);
    if (!s) return refuse("maxpause=" + t.maxpause->text + " (calendar spans)");
    st.maxpause = *s;
  }
  if (t.maxevents && *t.maxevents >= 0) {
    if (*t.maxevents == 0) return refuse("maxevents=0");
    st.maxevents = static_cast<uint32_t>(std::min<int64_t>(*t.maxevents, UINT32_MAX));
  }
  st.duration = l.slot("duration");
  st.eventcount = l.slot("eventcount");
  l.slot("_time");
  if (!l.columns_dynamic()) {
    l.touch_column(st.duration);
    l.touch_column(st.eventcount);
  }
  l.add_stage(std::move(st), false);
}

}  // namespace rulejit::lower
