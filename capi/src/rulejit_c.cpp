// The C functions of include/rulejit/rulejit.h: argument and handle checks,
// error reporting, and an exception firewall (no C++ exception crosses the
// C boundary). The work is done by EngineImpl.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <new>
#include <string>

#include "capi/src/engine_impl.h"
#include "capi/src/registry.h"
#include "include/rulejit/rulejit.h"

using rulejit::capi::EngineImpl;
using rulejit::capi::ResultData;

namespace rulejit::capi {

// Leaked on purpose: handles may be used (and rejected) during static
// destruction; the tables stay reachable, so leak checkers do not complain.
HandleTable<EngineImpl>& engine_table() {
  static auto* t = new HandleTable<EngineImpl>(0xE);
  return *t;
}
HandleTable<ResultData>& result_table() {
  static auto* t = new HandleTable<ResultData>(0x5);
  return *t;
}

}  // namespace rulejit::capi

namespace {

using namespace rulejit::capi;

thread_local std::string t_last_error;

rulejit_status fail(rulejit_status st, std::string message, EngineImpl* engine = nullptr) {
  if (engine) engine->set_last_error(message);
  t_last_error = std::move(message);
  return st;
}

// Runs `fn`, turning exceptions into status codes.
template <class Fn>
rulejit_status guarded(const char* what, EngineImpl* engine, Fn&& fn) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return fail(RULEJIT_E_NO_MEMORY, std::string(what) + ": out of memory", engine);
  } catch (const std::exception& e) {
    return fail(RULEJIT_E_INTERNAL, std::string(what) + ": internal error: " + e.what(), engine);
  } catch (...) {
    return fail(RULEJIT_E_INTERNAL, std::string(what) + ": internal error (unknown exception)", engine);
  }
}

// The engine behind a handle, or an error status in *st.
std::shared_ptr<EngineImpl> lookup(const char* what, rulejit_engine* handle, rulejit_status* st) {
  if (!handle) {
    *st = fail(RULEJIT_E_INVALID_ARGUMENT, std::string(what) + ": engine is NULL");
    return nullptr;
  }
  auto impl = engine_table().get(reinterpret_cast<uintptr_t>(handle));
  if (!impl) {
    *st = fail(RULEJIT_E_INVALID_HANDLE,
               std::string(what) + ": not a live engine handle (destroyed, or never created by rulejit)");
    return nullptr;
  }
  if (in_result_callback()) {
    *st = fail(RULEJIT_E_INVALID_STATE,
               std::string(what) + ": engine calls are not allowed inside a result callback (they would deadlock)",
               impl.get());
    return nullptr;
  }
  return impl;
}

std::shared_ptr<ResultData> lookup_result(const char* what, const rulejit_result* handle, rulejit_status* st) {
  if (!handle) {
    *st = fail(RULEJIT_E_INVALID_ARGUMENT, std::string(what) + ": result is NULL");
    return nullptr;
  }
  auto r = result_table().get(reinterpret_cast<uintptr_t>(handle));
  if (!r) {
    *st = fail(RULEJIT_E_INVALID_HANDLE, std::string(what) +
                                             ": not a live result handle (freed, or a callback's result used "
                                             "after the callback returned)");
    return nullptr;
  }
  return r;
}

// rulejit_options.trusted_public_key_files: a NULL-terminated list. An empty
// list is an error rather than "no check", so a caller whose list came out
// empty does not silently load unsigned packs.
rulejit_status read_trusted_keys(const char* const* files, EngineConfig* cfg) {
  if (!files) return RULEJIT_OK;
  for (size_t i = 0; files[i]; ++i) {
    const std::string what = "options: trusted_public_key_files[" + std::to_string(i) + "]";
    if (!*files[i]) return fail(RULEJIT_E_INVALID_ARGUMENT, what + " is an empty path");
    std::error_code ec;
    if (!std::filesystem::exists(files[i], ec))
      return fail(RULEJIT_E_NOT_FOUND, what + ": key file '" + files[i] + "' does not exist");
    std::string err;
    auto key = rulejit::jit::read_public_key(files[i], &err);
    if (!key) return fail(RULEJIT_E_INVALID_ARGUMENT, what + ": " + err);
    cfg->trusted_keys.push_back(std::move(*key));
  }
  if (cfg->trusted_keys.empty())
    return fail(RULEJIT_E_INVALID_ARGUMENT,
                "options: trusted_public_key_files is an empty list (set it to NULL to load packs unchecked)");
  return RULEJIT_OK;
}

rulejit_status read_options(const rulejit_options* in, EngineConfig* cfg) {
  if (!in) return RULEJIT_OK;
  if (in->struct_size < sizeof(size_t))
    return fail(RULEJIT_E_INVALID_ARGUMENT, "options: struct_size is not set (call rulejit_options_init first)");
  if (in->struct_size > sizeof(rulejit_options))
    return fail(RULEJIT_E_UNSUPPORTED, "options: struct_size " + std::to_string(in->struct_size) +
                                           " is larger than this library knows (" +
                                           std::to_string(sizeof(rulejit_options)) + "): header newer than library");
  rulejit_options o;
  std::memset(&o, 0, sizeof o);
  std::memcpy(&o, in, in->struct_size);
  if (o.executor) {
    std::string ex = o.executor;
    if (ex != "interp" && ex != "jit")
      return fail(RULEJIT_E_INVALID_ARGUMENT, "options: unknown executor '" + ex + "' (use interp or jit)");
    cfg->executor = ex;
  }
  if (o.threads > 256)
    return fail(RULEJIT_E_INVALID_ARGUMENT, "options: threads = " + std::to_string(o.threads) + " (at most 256)");
  cfg->threads = o.threads;
  if (!std::isfinite(o.window_span_seconds) || o.window_span_seconds < 0)
    return fail(RULEJIT_E_INVALID_ARGUMENT, "options: window_span_seconds must be >= 0 and finite");
  if (!std::isfinite(o.allowed_lateness_seconds) || o.allowed_lateness_seconds < 0)
    return fail(RULEJIT_E_INVALID_ARGUMENT, "options: allowed_lateness_seconds must be >= 0 and finite");
  if (o.allowed_lateness_seconds > 0 && o.window_span_seconds <= 0)
    return fail(RULEJIT_E_INVALID_ARGUMENT, "options: allowed_lateness_seconds needs window_span_seconds > 0");
  if (o.window_span_seconds > 0 && o.allowed_lateness_seconds > 256 * o.window_span_seconds)
    return fail(RULEJIT_E_INVALID_ARGUMENT,
                "options: allowed_lateness_seconds may cover at most 256 windows (each open window holds its "
                "own aggregation state)");
  if (!std::isfinite(o.now) || o.now < 0) return fail(RULEJIT_E_INVALID_ARGUMENT, "options: now must be >= 0");
  cfg->window_span = o.window_span_seconds;
  cfg->lateness = o.allowed_lateness_seconds;
  if (o.memory_budget_bytes) cfg->memory_budget = static_cast<size_t>(o.memory_budget_bytes);
  cfg->now = o.now;
  if (o.max_event_bytes) cfg->max_event_bytes = o.max_event_bytes;
  if (o.max_queued_results) cfg->max_queued = o.max_queued_results;
  if (o.code_cache_dir) cfg->code_cache_dir = o.code_cache_dir;
  cfg->allow_rule_errors = o.allow_rule_errors != 0;
  cfg->validate_every_event = o.validate_every_event != 0;
  return read_trusted_keys(o.trusted_public_key_files, cfg);
}

SourcePaths read_sources(const rulejit_sources* s) {
  SourcePaths p;
  if (!s) return p;
  if (s->rules) p.rules = s->rules;
  if (s->macros) p.macros = s->macros;
  if (s->lookups) p.lookups = s->lookups;
  if (s->fieldmaps) p.fieldmaps = s->fieldmaps;
  return p;
}

rulejit_status check_sources(const char* what, const rulejit_sources* s) {
  if (!s) return RULEJIT_OK;
  for (const char* p : {s->rules, s->macros, s->lookups, s->fieldmaps})
    if (p && !*p)
      return fail(RULEJIT_E_INVALID_ARGUMENT,
                  std::string(what) + ": an empty path in rulejit_sources (use NULL for the bundled default)");
  return RULEJIT_OK;
}

bool struct_size_ok(size_t size) { return size >= sizeof(size_t); }

}  // namespace

extern "C" {

#define RULEJIT_STR2(x) #x
#define RULEJIT_STR(x) RULEJIT_STR2(x)
const char* rulejit_version(void) {
  return RULEJIT_STR(RULEJIT_VERSION_MAJOR) "." RULEJIT_STR(RULEJIT_VERSION_MINOR) "." RULEJIT_STR(
      RULEJIT_VERSION_PATCH);
}

const char* rulejit_status_name(rulejit_status status) {
  switch (status) {
    case RULEJIT_OK: return "RULEJIT_OK";
    case RULEJIT_EMPTY: return "RULEJIT_EMPTY";
    case RULEJIT_E_INVALID_ARGUMENT: return "RULEJIT_E_INVALID_ARGUMENT";
    case RULEJIT_E_INVALID_HANDLE: return "RULEJIT_E_INVALID_HANDLE";
    case RULEJIT_E_INVALID_STATE: return "RULEJIT_E_INVALID_STATE";
    case RULEJIT_E_UNSUPPORTED: return "RULEJIT_E_UNSUPPORTED";
    case RULEJIT_E_NOT_FOUND: return "RULEJIT_E_NOT_FOUND";
    case RULEJIT_E_COMPILE: return "RULEJIT_E_COMPILE";
    case RULEJIT_E_NO_MEMORY: return "RULEJIT_E_NO_MEMORY";
    case RULEJIT_E_INTERNAL: return "RULEJIT_E_INTERNAL";
  }
  return "unknown status";
}

const char* rulejit_last_error(void) { return t_last_error.c_str(); }

rulejit_status rulejit_engine_create(const rulejit_sources* sources, const rulejit_options* options,
                                     rulejit_engine** out_engine) {
  return guarded("rulejit_engine_create", nullptr, [&]() -> rulejit_status {
    if (!out_engine) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_create: out_engine is NULL");
    *out_engine = nullptr;
    if (in_result_callback())
      return fail(RULEJIT_E_INVALID_STATE, "rulejit_engine_create: not allowed inside a result callback");
    EngineConfig cfg;
    rulejit_status st = read_options(options, &cfg);
    if (st != RULEJIT_OK) return st;
    if ((st = check_sources("rulejit_engine_create", sources)) != RULEJIT_OK) return st;
    std::shared_ptr<EngineImpl> impl;
    std::string error;
    st = EngineImpl::create(PackOrigin{read_sources(sources), {}}, cfg, &impl, &error);
    if (st != RULEJIT_OK) return fail(st, "rulejit_engine_create: " + error);
    uintptr_t h = engine_table().insert(impl);
    if (!h) return fail(RULEJIT_E_NO_MEMORY, "rulejit_engine_create: too many live engines");
    *out_engine = reinterpret_cast<rulejit_engine*>(h);
    return RULEJIT_OK;
  });
}

rulejit_status rulejit_engine_create_from_pack(const char* pack_path, const rulejit_options* options,
                                               rulejit_engine** out_engine) {
  return guarded("rulejit_engine_create_from_pack", nullptr, [&]() -> rulejit_status {
    if (!out_engine) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_create_from_pack: out_engine is NULL");
    *out_engine = nullptr;
    if (!pack_path || !*pack_path)
      return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_create_from_pack: pack_path is NULL or empty");
    if (in_result_callback())
      return fail(RULEJIT_E_INVALID_STATE, "rulejit_engine_create_from_pack: not allowed inside a result callback");
    EngineConfig cfg;
    rulejit_status st = read_options(options, &cfg);
    if (st != RULEJIT_OK) return st;
    std::shared_ptr<EngineImpl> impl;
    std::string error;
    st = EngineImpl::create(PackOrigin{{}, pack_path}, cfg, &impl, &error);
    if (st != RULEJIT_OK) return fail(st, "rulejit_engine_create_from_pack: " + error);
    uintptr_t h = engine_table().insert(impl);
    if (!h) return fail(RULEJIT_E_NO_MEMORY, "rulejit_engine_create_from_pack: too many live engines");
    *out_engine = reinterpret_cast<rulejit_engine*>(h);
    return RULEJIT_OK;
  });
}

rulejit_status rulejit_engine_destroy(rulejit_engine* engine) {
  return guarded("rulejit_engine_destroy", nullptr, [&]() -> rulejit_status {
    rulejit_status st;
    if (!lookup("rulejit_engine_destroy", engine, &st)) return st;
    auto impl = engine_table().remove(reinterpret_cast<uintptr_t>(engine));
    if (!impl) return fail(RULEJIT_E_INVALID_HANDLE, "rulejit_engine_destroy: engine already destroyed");
    return RULEJIT_OK;  // freed when the last running call on it returns
  });
}

rulejit_status rulejit_engine_set_callback(rulejit_engine* engine, rulejit_result_fn fn, void* user_data) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_set_callback", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_set_callback", impl.get(), [&] { return impl->set_callback(fn, user_data); });
}

rulejit_status rulejit_engine_poll(rulejit_engine* engine, rulejit_result** out_result) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_poll", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_poll", impl.get(), [&]() -> rulejit_status {
    if (!out_result) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_poll: out_result is NULL", impl.get());
    *out_result = nullptr;
    auto r = impl->poll();
    if (!r) return RULEJIT_EMPTY;
    uintptr_t h = result_table().insert(r);
    if (!h) return fail(RULEJIT_E_NO_MEMORY, "rulejit_engine_poll: too many unfreed results", impl.get());
    *out_result = reinterpret_cast<rulejit_result*>(h);
    return RULEJIT_OK;
  });
}

rulejit_status rulejit_result_free(rulejit_result* result) {
  return guarded("rulejit_result_free", nullptr, [&]() -> rulejit_status {
    rulejit_status st;
    auto r = lookup_result("rulejit_result_free", result, &st);
    if (!r) return st;
    if (r->from_callback)
      return fail(RULEJIT_E_INVALID_ARGUMENT,
                  "rulejit_result_free: a callback's result belongs to the engine; do not free it");
    if (!result_table().remove(reinterpret_cast<uintptr_t>(result)))
      return fail(RULEJIT_E_INVALID_HANDLE, "rulejit_result_free: result already freed");
    return RULEJIT_OK;
  });
}

rulejit_status rulejit_result_json(const rulejit_result* result, const char** out_json, size_t* out_length) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_json", result, &st);
  if (!r) return st;
  if (!out_json) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_result_json: out_json is NULL");
  *out_json = r->json.c_str();
  if (out_length) *out_length = r->json.size();
  return RULEJIT_OK;
}

rulejit_status rulejit_result_rule(const rulejit_result* result, uint32_t* out_rule_index, const char** out_rule_id,
                                   const char** out_rule_name) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_rule", result, &st);
  if (!r) return st;
  if (out_rule_index) *out_rule_index = r->rule_index;
  if (out_rule_id) *out_rule_id = r->rule_id.c_str();
  if (out_rule_name) *out_rule_name = r->rule_name.c_str();
  return RULEJIT_OK;
}

rulejit_status rulejit_result_window(const rulejit_result* result, double* out_start, double* out_end) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_window", result, &st);
  if (!r) return st;
  if (out_start) *out_start = r->window_start;
  if (out_end) *out_end = r->window_end;
  return RULEJIT_OK;
}

rulejit_status rulejit_result_partial(const rulejit_result* result, int* out_partial) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_partial", result, &st);
  if (!r) return st;
  if (!out_partial) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_result_partial: out_partial is NULL");
  *out_partial = r->partial ? 1 : 0;
  return RULEJIT_OK;
}

rulejit_status rulejit_result_field_count(const rulejit_result* result, size_t* out_count) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_field_count", result, &st);
  if (!r) return st;
  if (!out_count) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_result_field_count: out_count is NULL");
  *out_count = r->fields.size();
  return RULEJIT_OK;
}

rulejit_status rulejit_result_field(const rulejit_result* result, size_t index, const char** out_name,
                                    rulejit_value_kind* out_kind, size_t* out_value_count) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_field", result, &st);
  if (!r) return st;
  if (index >= r->fields.size())
    return fail(RULEJIT_E_NOT_FOUND, "rulejit_result_field: field index " + std::to_string(index) +
                                         " out of range (" + std::to_string(r->fields.size()) + " fields)");
  const auto& f = r->fields[index];
  if (out_name) *out_name = f.name.c_str();
  if (out_kind) *out_kind = static_cast<rulejit_value_kind>(f.kind);
  if (out_value_count) *out_value_count = f.values.size();
  return RULEJIT_OK;
}

rulejit_status rulejit_result_value(const rulejit_result* result, size_t field_index, size_t value_index,
                                    const char** out_text, size_t* out_length) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_value", result, &st);
  if (!r) return st;
  if (!out_text) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_result_value: out_text is NULL");
  if (field_index >= r->fields.size())
    return fail(RULEJIT_E_NOT_FOUND, "rulejit_result_value: field index " + std::to_string(field_index) +
                                         " out of range (" + std::to_string(r->fields.size()) + " fields)");
  const auto& f = r->fields[field_index];
  if (value_index >= f.values.size())
    return fail(RULEJIT_E_NOT_FOUND, "rulejit_result_value: value index " + std::to_string(value_index) +
                                         " out of range (field '" + f.name + "' has " +
                                         std::to_string(f.values.size()) + " values)");
  *out_text = f.values[value_index].c_str();
  if (out_length) *out_length = f.values[value_index].size();
  return RULEJIT_OK;
}

rulejit_status rulejit_result_find_field(const rulejit_result* result, const char* name, size_t* out_index) {
  rulejit_status st;
  auto r = lookup_result("rulejit_result_find_field", result, &st);
  if (!r) return st;
  if (!name || !out_index)
    return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_result_find_field: name or out_index is NULL");
  for (size_t i = 0; i < r->fields.size(); ++i)
    if (r->fields[i].name == name) {
      *out_index = i;
      return RULEJIT_OK;
    }
  return fail(RULEJIT_E_NOT_FOUND, std::string("rulejit_result_find_field: no field '") + name + "'");
}

rulejit_status rulejit_engine_push(rulejit_engine* engine, const char* data, size_t length, const char* sourcetype) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_push", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_push", impl.get(), [&]() -> rulejit_status {
    if (!data) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_push: data is NULL", impl.get());
    if (length == 0) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_push: length is 0", impl.get());
    std::string error;
    rulejit_status s = impl->push({data, length}, sourcetype ? sourcetype : "", &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_push: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_push_batch(rulejit_engine* engine, const char* data, size_t length,
                                         const char* sourcetype) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_push_batch", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_push_batch", impl.get(), [&]() -> rulejit_status {
    if (!data) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_push_batch: data is NULL", impl.get());
    if (length == 0) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_push_batch: length is 0", impl.get());
    std::string error;
    rulejit_status s = impl->push_batch({data, length}, sourcetype ? sourcetype : "", &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_push_batch: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_flush(rulejit_engine* engine) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_flush", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_flush", impl.get(), [&]() -> rulejit_status {
    std::string error;
    rulejit_status s = impl->flush(false, &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_flush: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_close(rulejit_engine* engine) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_close", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_close", impl.get(), [&]() -> rulejit_status {
    std::string error;
    rulejit_status s = impl->flush(true, &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_close: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_reload(rulejit_engine* engine, const rulejit_sources* sources,
                                     rulejit_reload_info* info) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_reload", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_reload", impl.get(), [&]() -> rulejit_status {
    if (info && !struct_size_ok(info->struct_size))
      return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_reload: info->struct_size is not set", impl.get());
    rulejit_status s = check_sources("rulejit_engine_reload", sources);
    if (s != RULEJIT_OK) return fail(s, rulejit_last_error(), impl.get());
    PackOrigin origin{read_sources(sources), {}};
    std::string error;
    s = impl->reload(sources ? &origin : nullptr, info, &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_reload: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_reload_pack(rulejit_engine* engine, const char* pack_path,
                                          rulejit_reload_info* info) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_reload_pack", engine, &st);
  if (!impl) return st;
  if (!pack_path || !*pack_path)
    return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_reload_pack: pack_path is NULL or empty", impl.get());
  return guarded("rulejit_engine_reload_pack", impl.get(), [&]() -> rulejit_status {
    if (info && !struct_size_ok(info->struct_size))
      return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_reload_pack: info->struct_size is not set",
                  impl.get());
    PackOrigin origin{{}, pack_path};
    std::string error;
    rulejit_status s = impl->reload(&origin, info, &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_reload_pack: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_stats(rulejit_engine* engine, rulejit_stats* out) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_stats", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_stats", impl.get(), [&]() -> rulejit_status {
    if (!out) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_stats: out is NULL", impl.get());
    if (!struct_size_ok(out->struct_size))
      return fail(RULEJIT_E_INVALID_ARGUMENT,
                  "rulejit_engine_stats: out->struct_size is not set (set it to sizeof(rulejit_stats))", impl.get());
    impl->stats(out);
    return RULEJIT_OK;
  });
}

rulejit_status rulejit_engine_rule_info(rulejit_engine* engine, uint32_t index, rulejit_rule_info* out) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_rule_info", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_rule_info", impl.get(), [&]() -> rulejit_status {
    if (!out) return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_rule_info: out is NULL", impl.get());
    if (!struct_size_ok(out->struct_size))
      return fail(RULEJIT_E_INVALID_ARGUMENT,
                  "rulejit_engine_rule_info: out->struct_size is not set (set it to sizeof(rulejit_rule_info))",
                  impl.get());
    std::string error;
    rulejit_status s = impl->rule_info(index, out, &error);
    if (s != RULEJIT_OK) return fail(s, "rulejit_engine_rule_info: " + error, impl.get());
    return s;
  });
}

rulejit_status rulejit_engine_last_error(rulejit_engine* engine, char* buf, size_t size, size_t* out_length) {
  rulejit_status st;
  auto impl = lookup("rulejit_engine_last_error", engine, &st);
  if (!impl) return st;
  return guarded("rulejit_engine_last_error", nullptr, [&]() -> rulejit_status {
    if (!buf && size > 0)
      return fail(RULEJIT_E_INVALID_ARGUMENT, "rulejit_engine_last_error: buf is NULL but size > 0");
    std::string msg = impl->last_error();
    if (out_length) *out_length = msg.size();
    if (size > 0) {
      size_t n = std::min(msg.size(), size - 1);
      std::memcpy(buf, msg.data(), n);
      buf[n] = '\0';
    }
    return RULEJIT_OK;
  });
}

}  // extern "C"
