// How a worker keeps every event counted once when workers die (the
// protocol between worker.cpp and window_merger.cpp; wire.h has the bytes).
//
//  0. A JetStream message holds one or more events (event_batch.h); an
//     event is named by its event number, event_number(message seq, index).
//     event_span() is the number range an event claims: its own number, and
//     for a message's last event also the unused numbers up to the next
//     message's first, so that a run of whole messages is one range
//     (a partial's header stays about one range per fetched batch, not one
//     per message). Every worker sees the same message body, so a copy of an
//     event claims the same span wherever it runs; the extra numbers name no
//     event and are claimed only with the last one, so they change no
//     None/Some/All verdict of SeqCover.
//  1. A partial state names the event numbers of its events
//     (wire.h <seqs>) and has a deterministic id, partial_id(): the same
//     events of the same window give the same id, so a publish retried after
//     a lost ack (nats-server restart) is stored once (Nats-Msg-Id,
//     kDuplicateWindowSeconds) and merged once.
//  2. A worker acks a message only after the server stored the partial of
//     every window its events went into. If it dies in between (or while a
//     message straddling a window end still has events in an open window),
//     the whole message is redelivered (to any worker) although some or all
//     of its events are already counted.
//  3. So a redelivered event (NumDelivered > 1) with a time never joins a
//     window engine with first-delivery events: the redelivered events of
//     one fetched batch and one window run in an engine of their own, whose
//     partial ("redelivered:...", the same id whichever worker sends it)
//     covers just them. The merger (SeqCover) drops a partial whose events
//     were all counted before (the dead worker had published them) and
//     merges one whose events were counted nowhere (it had not); a
//     first-delivery event was counted nowhere else.
//  4. An untimed redelivered event goes with the timed redelivered event
//     before it in the fetched batch (its window, as `run` puts an untimed
//     event in the current window): with several events per message a
//     worker taking over often gets only redelivered events, and its own
//     windows would otherwise get the untimed ones alone (a window of `now`
//     with rows of event-less rules, found by the merge of the two
//     branches). Malformed ones, and untimed ones with no timed one before
//     them in the batch, take the first-delivery path (this worker's newest
//     window, as documented in worker.h).
//
// One mechanism only: the natsperf branch also wrote "cover notes" (which
// events of a straddling message were already in a published partial) so a
// redelivering worker could skip them. SeqCover makes those copies count
// once too (they run apart and their partial is wholly covered), including
// when the worker died before writing the note, so the notes were removed:
// no extra publish per straddling message and no lookup per redelivered one.
//
// Left open (reported by the merger as an overlap; those events count
// twice): a batch whose redelivered events of one window mix events the
// dead worker had published with ones it had not (it died after publishing
// a window and while holding later redeliveries of that same window, or two
// workers died, or a first-delivery event it dropped as late sits in a
// message held for a later window and comes back with counted events of
// that closed window); and a live worker whose own events' AckWait expired
// (no in-progress ack in time), redelivered to another worker while it still
// holds them. One engine per redelivered event would close the first gap,
// but an engine cost ~50-100 ms to make (the pack's Hyperscan databases
// were compiled per engine; measured before the process-wide Regex cache,
// runtime/functions/regex.h, and not since), too slow for a worker taking
// over a dead one's events.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "scaleout/wire.h"

namespace rulejit::scaleout {

// "<worker>:<window>:<first>-<last>:<numbers>:<hash of the ranges>" (event
// numbers of the header; <numbers> counts the claimed span, not events)
// for a window's partial; "redelivered:..." (same fields) for a partial of
// redelivered events.
std::string partial_id(const PartialHeader& h, bool redelivered_events);

// The event numbers event `index` of the message at stream sequence `seq`
// (holding `events` events) claims in a partial's header (see 0. above).
std::pair<uint64_t, uint64_t> event_span(uint64_t seq, uint32_t index, uint32_t events);

}  // namespace rulejit::scaleout
