// Partial aggregation state on disk / on the wire: the per-rule states of
// Engine::take_rule_states as bytes, for checkpoints (--state) and for
// merging the results of several processes or machines
// (Engine::merge_rule_states).
//
// Contract:
//  - serialize_rule_states writes a versioned binary form:
//      "RJPS" | u32 format version | u64 body length | u64 FNV-1a-64 of body | body
//    body = u64 rule count, then per rule: rule_key, plan_text, a flag and
//    the RunnerState (seq, the group table with every accumulator field,
//    buffered rows with their Values). Little-endian (byte_codec.h).
//  - parse_rule_states accepts exactly what serialize wrote (any version it
//    knows): on truncated, corrupt (checksum), wrong magic or version,
//    absurd lengths or values out of range it returns false and says why in
//    *error, never crashing and never allocating more than the input's size
//    allows. A parsed state merges exactly like the original.
//  - The checksum catches accidental damage, not forgery: sign or
//    authenticate the bytes elsewhere when the source is untrusted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/engine/engine.h"

namespace rulejit::rt {

inline constexpr uint32_t kPartialStateVersion = 1;

std::string serialize_rule_states(const std::vector<RuleState>& states);
bool parse_rule_states(std::string_view bytes, std::vector<RuleState>* out, std::string* error);

}  // namespace rulejit::rt
