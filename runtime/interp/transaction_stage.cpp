#include "runtime/interp/transaction_stage.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "runtime/functions/policy.h"

namespace rulejit::rt {

using ir::SlotId;

namespace {

struct Open {
  std::vector<size_t> members;  // indexes into the sorted rows, newest first
  double oldest = 0, newest = 0;
};

double time_of(const Row& r, SlotId time_slot) {
  if (time_slot == ir::kNoSlot) return 0;
  auto n = r.slots[time_slot].to_number();
  return n ? *n : 0;
}

bool within(double gap, double limit) {
  if (limit < 0) return true;
  return policy::kTransactionLimitsInclusive ? gap <= limit : gap < limit;
}

}  // namespace

void run_transaction(const ir::TransactionStage& st, std::vector<Row>& rows, SlotId time_slot, SlotId raw_slot) {
  if constexpr (policy::kTransactionSortsInput) {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      return time_of(a, time_slot) > time_of(b, time_slot);
    });
  }
  std::vector<Row> out;
  std::vector<uint64_t> close_order;
  auto close = [&](const Open& t) {
    Row r;
    const size_t nslots = rows[t.members.front()].slots.size();
    r.slots.assign(nslots, Value());
    for (size_t s = 0; s < nslots; ++s) {
      if (s == time_slot || s == raw_slot) continue;
      const Value* first = nullptr;
      std::set<std::string> distinct;
      for (size_t m : t.members) {
        const Value& v = rows[m].slots[s];
        if (v.is_null()) continue;
        if (!first) first = &v;
        for (auto& text : v.texts()) distinct.insert(std::move(text));
      }
      if (!first) continue;
      if (distinct.size() == 1 && !first->is_multi()) r.slots[s] = *first;
      else r.slots[s] = Value::make_multi(std::vector<std::string>(distinct.begin(), distinct.end()));
    }
    if (time_slot != ir::kNoSlot) r.slots[time_slot] = rows[t.members.back()].slots[time_slot];
    if (raw_slot != ir::kNoSlot) {
      std::string raw;
      bool any = false;
      for (auto it = t.members.rbegin(); it != t.members.rend(); ++it) {
        const Value& v = rows[*it].slots[raw_slot];
        if (v.is_null()) continue;
        if (any) raw += policy::kTransactionRawSeparator;
        raw += v.to_text();
        any = true;
      }
      if (any) r.slots[raw_slot] = Value::string(std::move(raw));
    }
    r.slots[st.duration] = Value::number(t.newest - t.oldest);
    r.slots[st.eventcount] = Value::number(static_cast<double>(t.members.size()));
    r.seq = out.size();
    out.push_back(std::move(r));
  };

  std::map<std::string, Open> open;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string key;
    bool missing = false;
    for (SlotId k : st.keys) {
      const Value& v = rows[i].slots[k];
      if (v.is_null()) missing = true;
      for (const auto& t : v.texts()) {
        key += t;
        key += '\x1e';
      }
      key += '\x1f';
    }
    if (missing && policy::kTransactionDropsRowsMissingField) continue;
    double t = time_of(rows[i], time_slot);
    auto it = open.find(key);
    if (it != open.end()) {
      Open& o = it->second;
      if (within(o.oldest - t, st.maxpause) && within(o.newest - t, st.maxspan) && o.members.size() < st.maxevents) {
        o.members.push_back(i);
        o.oldest = t;
        continue;
      }
      close(o);
      open.erase(it);
    }
    Open fresh;
    fresh.members.push_back(i);
    fresh.oldest = fresh.newest = t;
    open.emplace(std::move(key), std::move(fresh));
  }
  // The rest close at the end of input (in key order, which only breaks
  // ties of equal _time below).
  for (auto& [k, o] : open) close(o);
  std::stable_sort(out.begin(), out.end(), [&](const Row& a, const Row& b) {
    double ta = time_of(a, time_slot), tb = time_of(b, time_slot);
    if (ta != tb) return ta > tb;
    return a.seq < b.seq;
  });
  rows = std::move(out);
}

}  // namespace rulejit::rt
