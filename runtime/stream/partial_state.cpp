#include "runtime/stream/partial_state.h"

#include "runtime/agg/byte_codec.h"
#include "runtime/interp/plan_runner.h"

namespace rulejit::rt {
namespace {

constexpr std::string_view kMagic = "RJPS";

void encode_value(ByteWriter& w, const Value& v) {
  w.u8(static_cast<uint8_t>(v.kind()));
  switch (v.kind()) {
    case Value::Kind::Null: break;
    case Value::Kind::Bool: w.u8(v.as_bool()); break;
    case Value::Kind::Number: w.f64(v.as_number()); break;
    case Value::Kind::String: w.str(v.as_string()); break;
    case Value::Kind::Multi:
      w.u64(v.as_multi().size());
      for (const auto& t : v.as_multi()) w.str(t);
      break;
  }
}

Value decode_value(ByteReader& r) {
  switch (r.u8()) {
    case 0: return Value();
    case 1: return Value::boolean(r.boolean());
    case 2: return Value::number(r.f64());
    case 3: return Value::string(r.str());
    case 4: {
      const uint64_t n = r.count_of(8);
      // A multivalue has two values or more (Value::make_multi's invariant).
      if (n < 2) {
        r.fail("multivalue of fewer than two values");
        return Value();
      }
      std::vector<std::string> vals;
      vals.reserve(n);
      for (uint64_t i = 0; i < n && r.ok(); ++i) vals.push_back(r.str());
      return Value::make_multi(std::move(vals));
    }
    default: r.fail("unknown value kind"); return Value();
  }
}

void encode_runner(ByteWriter& w, const RunnerState& s) {
  w.u64(s.seq);
  w.u8(s.table.has_value());
  if (s.table) s.table->encode(w);
  w.u64(s.buffered.size());
  for (const auto& row : s.buffered) {
    w.u64(row.seq);
    w.u64(row.slots.size());
    for (const auto& v : row.slots) encode_value(w, v);
  }
}

bool decode_runner(ByteReader& r, RunnerState& s) {
  s.seq = r.u64();
  if (r.boolean()) {
    s.table = GroupTable::decode(r);
    if (!s.table) return false;
  }
  const uint64_t rows = r.count_of(16);
  s.buffered.reserve(rows);
  for (uint64_t i = 0; i < rows && r.ok(); ++i) {
    Row row;
    row.seq = r.u64();
    const uint64_t slots = r.count_of(1);
    row.slots.reserve(slots);
    for (uint64_t j = 0; j < slots && r.ok(); ++j) row.slots.push_back(decode_value(r));
    s.buffered.push_back(std::move(row));
  }
  return r.ok();
}

}  // namespace

std::string serialize_rule_states(const std::vector<RuleState>& states) {
  ByteWriter body;
  body.u64(states.size());
  for (const auto& s : states) {
    body.str(s.rule_key);
    body.str(s.plan_text);
    body.u8(s.state != nullptr);
    if (s.state) encode_runner(body, *s.state);
  }
  return frame_bytes(kMagic, kPartialStateVersion, body.bytes());
}

bool parse_rule_states(std::string_view bytes, std::vector<RuleState>* out, std::string* error) {
  auto fail = [&](std::string why) {
    if (error) *error = "partial state: " + why;
    return false;
  };
  out->clear();
  std::string_view body;
  if (std::string why; !unframe_bytes(bytes, kMagic, kPartialStateVersion, &body, &why))
    return fail(why == "bad magic" ? "not a partial state file (bad magic)" : why);
  ByteReader r(body);
  std::vector<RuleState> states;
  // Each rule: two string lengths and a flag at least.
  for (uint64_t n = r.count_of(17); n > 0 && r.ok(); --n) {
    RuleState s;
    s.rule_key = r.str();
    s.plan_text = r.str();
    if (r.boolean()) {
      auto st = std::make_shared<RunnerState>();
      if (!decode_runner(r, *st)) break;
      s.state = std::move(st);
    }
    states.push_back(std::move(s));
  }
  if (!r.ok()) return fail(std::string("malformed body: ") + r.error());
  if (r.left() != 0) return fail(std::to_string(r.left()) + " bytes after the last rule");
  *out = std::move(states);
  return true;
}

}  // namespace rulejit::rt
