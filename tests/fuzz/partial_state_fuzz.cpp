// libFuzzer target: parse_rule_states (runtime/stream/partial_state.h) must
// never crash, hang, hit UB or allocate far beyond the input, whatever the
// bytes (states come from disk and from other machines). The input is
// parsed as is, and framed as a body with a valid header and checksum so
// that mutations reach the body parser; whatever parses is then used: the
// group tables' rows computed (every result()) and each table merged with
// a second parse of itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/interp/plan_runner.h"
#include "runtime/stream/partial_state.h"

namespace {

std::string framed(std::string_view body) {
  std::string out = "RJPS";
  auto put = [&](uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put(rulejit::rt::kPartialStateVersion, 4);
  put(body.size(), 8);
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : body) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
  put(h, 8);
  out.append(body);
  return out;
}

void use(std::string_view bytes) {
  std::vector<rulejit::rt::RuleState> a, b;
  std::string error;
  if (!rulejit::rt::parse_rule_states(bytes, &a, &error)) return;
  rulejit::rt::parse_rule_states(bytes, &b, &error);
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].state || !a[i].state->table) continue;
    auto& table = *a[i].state->table;
    (void)table.rows();
    if (table.merge(std::move(*b[i].state->table))) (void)table.rows();
  }
  (void)rulejit::rt::serialize_rule_states(a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  use(in);
  use(framed(in));
  return 0;
}
