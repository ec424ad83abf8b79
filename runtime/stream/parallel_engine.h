// ParallelEngine: an rt::Engine that runs one pack over one stream on several
// threads with the results one engine would give (`--threads N`: run,
// bench, C API). It is an Engine, so windows (WindowedEngine makes one per
// open window) and the memory budget work on it unchanged.
//
// Contract:
//  - The calling thread pushes: each push adds the line to the current
//    batch (about batch_bytes of whole lines): by reference when its reader
//    lets it be kept (Line::keep; the batch holds the reader's buffer until
//    the batch is delivered, on the calling thread), else as a copy. A full
//    batch goes to a queue that `threads - 1` worker threads take from,
//    each running its own engine of the pack over it. The calling thread
//    has a `threads`-th engine and runs batches too: the newest one it cut
//    when the worker threads have 2 each waiting (so no more threads are
//    busy than `threads`, and that batch is still in its cache), and what
//    is queued when it syncs. Every line has its global arrival number
//    (Engine::set_sequence), so ties on _time and the newest-first order of
//    buffered rows are decided as in one engine, whichever worker saw it.
//  - Per-event result rows (rules without aggregation) are copied by the
//    worker and delivered to the sink on the calling thread, batch by batch
//    in input order: the order one engine emits them. Delivery happens
//    inside push*() (as batches complete) and in sync() / finish().
//  - sync() waits for every pushed line and delivers its rows. finish(),
//    stats(), take/adopt/merge_rule_states and memory_bytes() sync first,
//    then act on the workers' engines, which are idle then.
//  - finish() moves each worker's aggregation state into the first worker's
//    engine (merge_rule_states: exact) and finishes that one: aggregated
//    rows go to the sink on the calling thread. The engine can then take
//    more events (as a plain engine can after finish()).
//  - At most 2 * threads + 2 batches are in flight: memory stays bounded
//    when the reader is faster than the workers (push then waits).
//  - One thread calls it at a time (like any Engine).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "runtime/engine/engine.h"

namespace rulejit::rt {

struct ParallelOptions {
  size_t threads = 1;
  size_t batch_bytes = size_t{1} << 20;  // a batch is cut after this many bytes of lines
};

// An engine on options.threads workers, each engine made by `make` (which
// should share the pack's prepared code: engine_maker). threads <= 1: the
// plain engine `make` returns. nullptr (with *error) when an engine cannot
// be made.
std::unique_ptr<Engine> make_parallel_engine(std::shared_ptr<const ir::Pack> pack, ParallelOptions options,
                                             const SinkEngineFactory& make, ResultSink sink, std::string* error);

}  // namespace rulejit::rt
