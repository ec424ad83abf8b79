// What workers and the merger exchange through JetStream, besides events:
// partial-state messages, watermark marks, and the pack fingerprint that
// keeps a partial of another pack out of the merge.
//
// Contract:
//  - A partial message is one text line, then the bytes of
//    rt::serialize_rule_states (runtime/stream/partial_state.h):
//      "RJP2 <worker> <window index> <span> <pack fingerprint> <id> <seqs>\n" <bytes>
//    The window is [index*span, (index+1)*span). <id> is the partial's
//    de-duplication id (also its Nats-Msg-Id). <seqs> are the event
//    numbers of the events in the state (event_batch.h: message stream
//    sequence << 20 | index in the message; a message's last event also
//    claims the unused numbers up to the next message's, so whole messages
//    in a row make one range, worker_recovery.h), as sorted disjoint
//    inclusive ranges "a-b,c,d-e" ("-": none): the merger counts an event
//    once by them (seq_cover.h).
//  - A mark is one line: "RJM2 <worker> <watermark> <done> <events> <late>
//    <redelivered> <held> <pending>": every partial of the worker's windows
//    ending at or before <watermark> is already in the stream (marks are
//    published after them, and the merger reads one subject tree in stream
//    order). done=1: the worker finished (its watermark is then +inf).
//    "-inf": no timed event yet. <held>: events this worker holds unacked
//    (its open windows); <pending>: the shared consumer's messages not yet
//    delivered to any worker, when the worker last asked (its lag).
//  - parse_* return false (and *error) on anything else; never crash.
//  - Worker ids are 1..64 characters of [A-Za-z0-9_.-].
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ir/pack.h"

namespace rulejit::scaleout {

bool valid_worker_id(std::string_view id);

// FNV-1a 64 over every rule's key and plan text, as 16 hex digits: equal
// for packs whose rules would exchange state.
std::string pack_fingerprint(const ir::Pack& pack);

// Inclusive ranges of event numbers, sorted and disjoint.
using SeqRanges = std::vector<std::pair<uint64_t, uint64_t>>;
// The ranges of these numbers (any order, repeats allowed).
SeqRanges seq_ranges(std::vector<uint64_t> seqs);
// The same for inclusive spans (any order, overlapping or touching allowed).
SeqRanges span_ranges(SeqRanges spans);
std::string format_seq_ranges(const SeqRanges& r);
bool parse_seq_ranges(std::string_view text, SeqRanges* out);

struct PartialHeader {
  std::string worker;
  int64_t window = 0;
  double span = 0;
  std::string pack;  // fingerprint
  std::string id;
  SeqRanges seqs;    // events in the state
};
std::string encode_partial(const PartialHeader& h, std::string_view state_bytes);
// *state points into `message`.
bool parse_partial(std::string_view message, PartialHeader* h, std::string_view* state, std::string* error);

struct Mark {
  std::string worker;
  double watermark = 0;  // -inf before any timed event; +inf when done
  bool done = false;
  uint64_t events = 0;  // events the worker took (redeliveries included)
  uint64_t late = 0;    // events dropped as late
  uint64_t redelivered = 0;  // events this worker got more than once delivered
  uint64_t held = 0;         // events it holds unacked (open windows)
  uint64_t pending = 0;      // the consumer's undelivered messages (lag), last seen
};
std::string encode_mark(const Mark& m);
bool parse_mark(std::string_view message, Mark* m, std::string* error);

}  // namespace rulejit::scaleout
