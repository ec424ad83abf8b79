// How a worker keeps every event counted once when workers die (the
// protocol between worker.cpp and window_merger.cpp; wire.h has the bytes).
//
//  1. A partial state names the JetStream stream sequences of its events
//     (wire.h <seqs>) and has a deterministic id, partial_id(): the same
//     events of the same window give the same id, so a publish retried after
//     a lost ack (nats-server restart) is stored once (Nats-Msg-Id,
//     kDuplicateWindowSeconds) and merged once.
//  2. A worker acks a window's events only after the server stored its
//     partial. If it dies in between, the events are redelivered (to any
//     worker) although they are already counted.
//  3. So a redelivered event (NumDelivered > 1) with a time never joins a
//     window engine with first-delivery events: the redelivered events of
//     one fetched batch and one window run in an engine of their own, whose
//     partial ("redelivered:...", the same id whichever worker sends it)
//     covers just them. The merger (SeqCover) drops a partial whose events
//     were all counted before (the dead worker had published them) and
//     merges one whose events were counted nowhere (it had not); a
//     first-delivery event was counted nowhere else.
//  4. Untimed or malformed redelivered events take the first-delivery path
//     (their window is this worker's newest one, as documented in worker.h).
//
// Left open (reported by the merger as an overlap; those events count
// twice): a batch whose redelivered events of one window mix events the
// dead worker had published with ones it had not (it died after publishing
// a window and while holding later redeliveries of that same window, or two
// workers died); and a live worker whose own events' AckWait expired (no
// in-progress ack in time), redelivered to another worker while it still
// holds them. One engine per redelivered event would close the first gap,
// but an engine costs ~50-100 ms to make (the pack's Hyperscan databases
// are compiled per engine), too slow for a worker taking over a dead one's
// events.
#pragma once

#include <string>

#include "scaleout/wire.h"

namespace rulejit::scaleout {

// "<worker>:<window>:<first seq>-<last seq>:<events>:<hash of the ranges>"
// for a window's partial; "redelivered:..." (same fields) for a partial of
// redelivered events.
std::string partial_id(const PartialHeader& h, bool redelivered_events);

}  // namespace rulejit::scaleout
