/*
 * rulejit.h - the C API for embedding rulejit in log collectors.
 *
 * A collector creates an engine from rule folders or a compiled pack
 * artifact (`rulejit compile`), pushes event bytes (one NDJSON event or a batch), and receives
 * result rows through a callback or by polling. Plain C99; usable from C++,
 * Go (cgo), Rust (FFI) and anything else that can call C.
 *
 * Contract (applies to every function below):
 *  - Every function returns a rulejit_status except the trivial getters
 *    rulejit_version, rulejit_status_name and rulejit_last_error.
 *    RULEJIT_OK (0) is success; errors are negative; RULEJIT_EMPTY (1) only
 *    means "nothing to poll".
 *  - Every argument is checked: NULL pointers, zero lengths, bad option
 *    values, destroyed or made-up handles, and calls in the wrong state
 *    return an error code, never crash. A failing call sets the calling
 *    thread's last error (rulejit_last_error) and, when it names a live
 *    engine, that engine's last error (rulejit_engine_last_error).
 *  - Handles are opaque values checked against a table with a generation
 *    count: a destroyed handle is reported as RULEJIT_E_INVALID_HANDLE even
 *    when a new engine was created since (no use-after-free).
 *  - Malformed events are data, not API errors: they are counted
 *    (rulejit_stats.malformed) and skipped; the push still returns RULEJIT_OK.
 *    (The "jit" executor checks only what it reads of an event no filter
 *    passes; see rulejit_options.validate_every_event.)
 *  - Strings handed out by the library are NUL-terminated UTF-8 and come
 *    with their length (a value may contain NUL bytes).
 *
 * Engine states:
 *     create --> OPEN --(rulejit_engine_close)--> CLOSED --> destroy
 *  OPEN: every call. CLOSED: push, push_batch, flush and reload return
 *  RULEJIT_E_INVALID_STATE; poll, stats, rule info, set_callback and
 *  last_error keep working, so queued results can be drained. destroy is
 *  valid in both states.
 *
 * Windows (rulejit_options.window_span_seconds > 0): aggregations run per
 * tumbling window of event time [k*span, (k+1)*span). An event's time is
 * the `_time` its field map derives. The watermark is the largest event time
 * seen minus allowed_lateness_seconds; a window is closed (its aggregates
 * are emitted) once the watermark reaches its end. An event whose window is
 * already closed is late: it is counted (rulejit_stats.late_events) and
 * dropped. An event without a usable _time goes to the window of the newest
 * event time seen (or of now() when none was seen) and is counted in
 * untimed_events. Non-aggregating rules emit matching events at once. With
 * span 0 there is one window covering everything pushed until a flush.
 * rulejit_engine_flush closes every open window, whatever the watermark.
 *
 * Thread safety (summary; each function says which class it is in):
 *  [any]      may be called from any thread at any time, concurrently.
 *  [engine]   may be called concurrently from several threads on the same
 *             engine; calls on one engine are serialized by its lock.
 *  [reload]   like [engine], but the expensive part (compiling the new pack)
 *             runs without holding the engine's lock, so pushes continue.
 *  [result]   a result is immutable; its getters may run concurrently;
 *             rulejit_result_free must not race with getters on the SAME
 *             result from other threads (it returns INVALID_HANDLE to late
 *             callers, but pointers they already got become invalid).
 *  Callbacks run on the thread that called push / push_batch / flush /
 *  close / reload, while the engine's lock is held. Inside a callback only
 *  rulejit_result_* getters, rulejit_last_error, rulejit_status_name and
 *  rulejit_version may be called; engine calls return
 *  RULEJIT_E_INVALID_STATE (they would deadlock).
 *
 * Only 64-bit platforms are supported (handles carry a 64-bit generation).
 */
#ifndef RULEJIT_RULEJIT_H
#define RULEJIT_RULEJIT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(_WIN32)
#define RULEJIT_API
#elif defined(RULEJIT_BUILDING_LIBRARY)
#define RULEJIT_API __attribute__((visibility("default")))
#else
#define RULEJIT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define RULEJIT_VERSION_MAJOR 0
#define RULEJIT_VERSION_MINOR 1
#define RULEJIT_VERSION_PATCH 0

typedef enum rulejit_status {
  RULEJIT_OK = 0,
  RULEJIT_EMPTY = 1,                /* rulejit_engine_poll: no result queued */
  RULEJIT_E_INVALID_ARGUMENT = -1,  /* NULL pointer, zero length, bad option value */
  RULEJIT_E_INVALID_HANDLE = -2,    /* destroyed, freed or never-created handle */
  RULEJIT_E_INVALID_STATE = -3,     /* wrong order (push after close) or call from a callback */
  RULEJIT_E_UNSUPPORTED = -4,       /* valid request this build cannot do (threads > 1) */
  RULEJIT_E_NOT_FOUND = -5,         /* missing file/folder, unknown sourcetype, index out of range */
  RULEJIT_E_COMPILE = -6,           /* the rules failed to compile or load; details in the last error */
  RULEJIT_E_NO_MEMORY = -7,         /* allocation failed */
  RULEJIT_E_INTERNAL = -8           /* a bug in rulejit; the message says where */
} rulejit_status;

/* Opaque handles. */
typedef struct rulejit_engine rulejit_engine;
typedef struct rulejit_result rulejit_result;

/* ------------------------------------------------------------------------
 * Library
 * ------------------------------------------------------------------------ */

/* "0.1.0". [any] */
RULEJIT_API const char* rulejit_version(void);
/* "RULEJIT_OK", "RULEJIT_E_INVALID_ARGUMENT", ...; "unknown status" otherwise. [any] */
RULEJIT_API const char* rulejit_status_name(rulejit_status status);
/* Message of the last failed call made by THIS thread (any engine or none),
 * "" when none failed yet. Valid until this thread's next failing call. [any] */
RULEJIT_API const char* rulejit_last_error(void);

/* ------------------------------------------------------------------------
 * Creating engines
 * ------------------------------------------------------------------------ */

/* Where the rules come from. Each member is one file or folder (folders are
 * searched recursively for *.yml / *.yaml); NULL means the bundled default
 * ($RULEJIT_HOME/rules, else <prefix>/share/rulejit/rules next to the
 * installed library, else the source tree the library was built from). With
 * rules == NULL and no bundled pack found, create fails with
 * RULEJIT_E_NOT_FOUND. */
typedef struct rulejit_sources {
  const char* rules;      /* detections */
  const char* macros;     /* macro definitions */
  const char* lookups;    /* lookup definitions + CSV files */
  const char* fieldmaps;  /* field maps (data sources) */
} rulejit_sources;

/* Engine options. Always start from rulejit_options_init(); zero members
 * mean "default". struct_size lets older callers keep working when members
 * are added. */
typedef struct rulejit_options {
  size_t struct_size;              /* set by rulejit_options_init */
  const char* executor;            /* "interp" (default) or "jit" */
  uint32_t threads;                /* worker threads per engine; 0 or 1: none (events run on
                                      the calling thread). More: rulejit_engine_push_batch
                                      splits its events across them; results are the same
                                      and still delivered, in input order, before the call
                                      returns (one-event pushes gain nothing). At most 256. */
  double window_span_seconds;      /* > 0: tumbling windows of event time; 0: until flush */
  double allowed_lateness_seconds; /* watermark = max event time - this (>= 0); at most
                                      256 spans */
  uint64_t memory_budget_bytes;    /* bound on aggregation state, enforced; 0: 1 GiB. Once the
                                      state passes half of it (the rest is headroom for storage
                                      that grows by doubling), the oldest open window (with span
                                      0: the state since the last flush) is closed early: its
                                      results are delivered at once, marked partial
                                      (rulejit_result_partial), its state is freed and
                                      aggregation goes on. The window stays
                                      open; its later results are partial too. Results of one
                                      rule, window and group then add up; no event is dropped.
                                      Checked every 1024 events. Never fatal. */
  double now;                      /* epoch seconds returned by now(); 0: wall clock at create */
  size_t max_event_bytes;          /* longer events count as malformed; 0: 1 MiB */
  size_t max_queued_results;       /* poll queue bound; newer results are dropped and counted
                                      when full. 0: 65536 */
  const char* code_cache_dir;      /* "jit": folder for cached native code; NULL: none */
  int allow_rule_errors;           /* 0: a detection that fails to compile (state "error")
                                      fails create/reload. 1: it is skipped and reported in
                                      the engine's last error. Unsupported detections are
                                      always skipped. */
  int validate_every_event;        /* "jit" only. 0 (default): an event is read only as far as
                                      the rules' first conditions need, so text malformed beyond
                                      that point is counted as malformed only for events some
                                      filter passes (results are the same). 1: every event's
                                      UTF-8, strings and brackets are checked first, as the
                                      interpreter does. */
  const char* const* trusted_public_key_files;
                                   /* NULL (default): pack artifacts load whether signed or not
                                      (a signature is not checked). Otherwise a NULL-terminated
                                      list of public key files (NAME.pub from `rulejit keygen`,
                                      at least one): every artifact this engine loads (create,
                                      reload_pack, reload of an artifact) must be signed by one
                                      of them, else RULEJIT_E_COMPILE and the last error says
                                      why (unsigned, other signer, changed after signing). The
                                      files are read once, at create. Rule folders are not
                                      signed and not affected. */
} rulejit_options;

static inline void rulejit_options_init(rulejit_options* options) {
  if (!options) return;
  memset(options, 0, sizeof *options);
  options->struct_size = sizeof *options;
}

/* Compiles the detections and creates an engine in the OPEN state.
 * sources may be NULL (all bundled defaults); options may be NULL (defaults).
 * RULEJIT_E_COMPILE when no detection compiled, or (allow_rule_errors == 0)
 * when one failed; the message lists every problem with file:line:col.
 * [any] */
RULEJIT_API rulejit_status rulejit_engine_create(const rulejit_sources* sources, const rulejit_options* options,
                                                 rulejit_engine** out_engine);

/* Creates an engine from a compiled pack artifact (`rulejit compile --rules
 * DIR -o PACK`): no rule files are read. Under the jit executor the
 * artifact's object code is loaded when it was built for this CPU and LLVM,
 * else the pack is recompiled from the IR it carries. RULEJIT_E_NOT_FOUND
 * when the file (or a trusted key file) does not exist, RULEJIT_E_COMPILE
 * when it is not a valid (or is a truncated or corrupt) artifact, or, with
 * options->trusted_public_key_files, when it is not signed by one of those
 * keys. An artifact holds native code: without trusted keys, load only
 * artifacts you built or received over a channel you trust. [any] */
RULEJIT_API rulejit_status rulejit_engine_create_from_pack(const char* pack_path, const rulejit_options* options,
                                                           rulejit_engine** out_engine);

/* Destroys the engine. Queued results that were not polled are freed; results
 * already polled stay valid until rulejit_result_free. Calls already running
 * on other threads finish normally; later calls get
 * RULEJIT_E_INVALID_HANDLE. Aggregates that were not flushed are discarded.
 * [any] */
RULEJIT_API rulejit_status rulejit_engine_destroy(rulejit_engine* engine);

/* ------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------ */

/* Called once per result row. `result` is valid only during the call (do not
 * free it; copy what you need). */
typedef void (*rulejit_result_fn)(void* user_data, const rulejit_result* result);

/* Delivers results to fn instead of the poll queue (fn == NULL: back to the
 * poll queue). Results already queued stay pollable. [engine] */
RULEJIT_API rulejit_status rulejit_engine_set_callback(rulejit_engine* engine, rulejit_result_fn fn,
                                                       void* user_data);

/* Takes the oldest queued result: RULEJIT_OK and *out_result set (free it
 * with rulejit_result_free), or RULEJIT_EMPTY and *out_result = NULL.
 * [engine] */
RULEJIT_API rulejit_status rulejit_engine_poll(rulejit_engine* engine, rulejit_result** out_result);

/* Frees a polled result. A callback's result is owned by the engine:
 * RULEJIT_E_INVALID_ARGUMENT. [result] */
RULEJIT_API rulejit_status rulejit_result_free(rulejit_result* result);

/* The row as one JSON object: {"rule":"<name>","rule_id":"<id>", <field>: <value>, ...}
 * (a multivalue is an array of strings, a number a JSON number). [result] */
RULEJIT_API rulejit_status rulejit_result_json(const rulejit_result* result, const char** out_json,
                                               size_t* out_length);

/* Which rule produced the row; any out pointer may be NULL. The index is the
 * rule's position in the engine's pack at the time the row was produced
 * (see rulejit_engine_rule_info). [result] */
RULEJIT_API rulejit_status rulejit_result_rule(const rulejit_result* result, uint32_t* out_rule_index,
                                               const char** out_rule_id, const char** out_rule_name);

/* The event-time window the row belongs to ([start, end) epoch seconds);
 * 0 and 0 when the engine has no windows. Any out pointer may be NULL. [result] */
RULEJIT_API rulejit_status rulejit_result_window(const rulejit_result* result, double* out_start, double* out_end);

typedef enum rulejit_value_kind {
  RULEJIT_VALUE_NULL = 0,    /* the column exists but has no value */
  RULEJIT_VALUE_STRING = 1,
  RULEJIT_VALUE_NUMBER = 2,  /* one value, produced as a number (its text is the Splunk rendering) */
  RULEJIT_VALUE_MULTI = 3    /* two or more string values */
} rulejit_value_kind;

/* *out_partial = 1 when the row holds part of its window's aggregation
 * (the memory budget closed the window early, see
 * rulejit_options.memory_budget_bytes; its JSON then has "_partial":1),
 * else 0. [result] */
RULEJIT_API rulejit_status rulejit_result_partial(const rulejit_result* result, int* out_partial);

/* Field/value access: the row's visible columns in output order. [result] */
RULEJIT_API rulejit_status rulejit_result_field_count(const rulejit_result* result, size_t* out_count);
/* Name, kind and number of values of field `index`; any out pointer may be NULL. [result] */
RULEJIT_API rulejit_status rulejit_result_field(const rulejit_result* result, size_t index, const char** out_name,
                                                rulejit_value_kind* out_kind, size_t* out_value_count);
/* Value `value_index` of field `field_index` as text. [result] */
RULEJIT_API rulejit_status rulejit_result_value(const rulejit_result* result, size_t field_index,
                                                size_t value_index, const char** out_text, size_t* out_length);
/* Index of the field called `name` (exact match), or RULEJIT_E_NOT_FOUND. [result] */
RULEJIT_API rulejit_status rulejit_result_find_field(const rulejit_result* result, const char* name,
                                                     size_t* out_index);

/* ------------------------------------------------------------------------
 * Pushing events
 * ------------------------------------------------------------------------ */

/* One JSON event (one NDJSON line; a trailing "\n" or "\r\n" is ignored).
 * sourcetype: NULL routes the event to the field map whose match key is one
 * of its top-level keys (Tetragon: process_exec, process_kprobe, ...);
 * otherwise the field map with exactly that sourcetype gets it, whatever its
 * keys (RULEJIT_E_NOT_FOUND when no field map has it; the event is counted
 * as unrouted). Results of non-aggregating rules, and of windows this event
 * closes, are delivered before the call returns. [engine] */
RULEJIT_API rulejit_status rulejit_engine_push(rulejit_engine* engine, const char* data, size_t length,
                                               const char* sourcetype);

/* Several events as NDJSON: lines separated by "\n" (CRLF accepted), empty
 * lines skipped, the last line needs no terminator. The batch is processed
 * under one lock acquisition. [engine] */
RULEJIT_API rulejit_status rulejit_engine_push_batch(rulejit_engine* engine, const char* data, size_t length,
                                                     const char* sourcetype);

/* Ends every open window: aggregations and row stages run and their results
 * are delivered before the call returns. The engine stays OPEN; aggregation
 * starts afresh (in window mode the watermark is kept). [engine] */
RULEJIT_API rulejit_status rulejit_engine_flush(rulejit_engine* engine);

/* Flushes, then moves the engine to CLOSED (no more events). [engine] */
RULEJIT_API rulejit_status rulejit_engine_close(rulejit_engine* engine);

/* ------------------------------------------------------------------------
 * Hot reload
 * ------------------------------------------------------------------------ */

typedef struct rulejit_reload_info {
  size_t struct_size;       /* set to sizeof(rulejit_reload_info) before the call */
  uint32_t rules;           /* rules in the new pack */
  uint32_t state_carried;   /* rules whose aggregation state moved to the new pack */
  uint32_t rules_added;     /* rule ids not in the old pack */
  uint32_t rules_changed;   /* same id, different compiled plan: state starts empty */
  uint32_t rules_removed;   /* rule ids no longer in the pack */
} rulejit_reload_info;

/* Compiles `sources` (NULL: the sources the engine was created with, read
 * again) and swaps the new pack in atomically: every event is processed by
 * exactly one pack, events pushed concurrently are never lost. Aggregation
 * state (open groups, buffered rows, per-rule counters) of rules whose id
 * and compiled plan are unchanged carries over; other rules start empty.
 * On failure the old pack keeps running, RULEJIT_E_COMPILE (or NOT_FOUND)
 * is returned and the engine's last error says why. Options are those of
 * create. info may be NULL. [reload] */
RULEJIT_API rulejit_status rulejit_engine_reload(rulejit_engine* engine, const rulejit_sources* sources,
                                                 rulejit_reload_info* info);

/* Like rulejit_engine_reload, from a pack artifact. An engine created from
 * rule folders may reload from an artifact and the reverse; reload(NULL)
 * re-reads whatever the engine was created from. [reload] */
RULEJIT_API rulejit_status rulejit_engine_reload_pack(rulejit_engine* engine, const char* pack_path,
                                                      rulejit_reload_info* info);

/* ------------------------------------------------------------------------
 * Counters
 * ------------------------------------------------------------------------ */

typedef struct rulejit_stats {
  size_t struct_size;         /* set to sizeof(rulejit_stats) before the call */
  uint64_t events;            /* events pushed (non-empty lines), including malformed */
  uint64_t bytes;             /* bytes of those events */
  uint64_t malformed;         /* skipped: invalid JSON or UTF-8, too deep, too long */
  uint64_t unrouted;          /* well-formed events no field map claims */
  uint64_t late_events;       /* dropped: their window was already closed */
  uint64_t untimed_events;    /* window mode: events without a usable _time */
  uint64_t results;           /* result rows produced (callback or queue) */
  uint64_t results_queued;    /* results waiting in the poll queue now */
  uint64_t results_dropped;   /* results dropped because the poll queue was full */
  uint64_t eval_errors;       /* expression errors (target nulled / row dropped), all rules */
  uint64_t memory_bytes;      /* aggregation state held now */
  uint64_t memory_budget_exceeded; /* 1 once the state went over the budget (it is enforced:
                                      see windows_closed_early) */
  uint64_t windows_open;      /* windows currently aggregating */
  uint64_t windows_closed;    /* windows emitted so far (flushes included) */
  uint64_t reloads;           /* successful reloads */
  uint64_t reload_failures;   /* failed reloads (old pack kept) */
  uint32_t rule_count;        /* rules in the running pack */
  /* Added later: a caller built with an older header (smaller struct_size) gets the
     members above only. */
  uint64_t groups;            /* aggregation groups held now */
  uint64_t memory_peak_bytes; /* the largest aggregation state measured */
  uint64_t windows_closed_early; /* windows closed early by the memory budget (results partial) */
} rulejit_stats;

/* Fills *out up to out->struct_size bytes. Counters are cumulative over the
 * engine's life, across reloads. [engine] */
RULEJIT_API rulejit_status rulejit_engine_stats(rulejit_engine* engine, rulejit_stats* out);

typedef struct rulejit_rule_info {
  size_t struct_size;        /* set to sizeof(rulejit_rule_info) before the call */
  const char* id;            /* valid until the engine is destroyed */
  const char* name;          /* valid until the engine is destroyed */
  const char* file;          /* detection file; valid until the engine is destroyed */
  uint64_t events;           /* events routed to the rule */
  uint64_t matches;          /* events that passed its per-event stages */
  uint64_t results;          /* result rows it produced */
  uint64_t eval_errors;
} rulejit_rule_info;

/* Rule `index` (0 .. rule_count-1) of the running pack; counters carry over
 * reloads by rule id. [engine] */
RULEJIT_API rulejit_status rulejit_engine_rule_info(rulejit_engine* engine, uint32_t index,
                                                    rulejit_rule_info* out);

/* Copies the engine's last error message (also set by non-fatal problems such
 * as skipped rules at create/reload) into buf, truncated to size-1 bytes and
 * NUL-terminated; *out_length (may be NULL) gets the full length. buf may be
 * NULL when size is 0 (to ask for the length). [engine] */
RULEJIT_API rulejit_status rulejit_engine_last_error(rulejit_engine* engine, char* buf, size_t size,
                                                     size_t* out_length);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* RULEJIT_RULEJIT_H */
