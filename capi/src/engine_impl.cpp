#include "capi/src/engine_impl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "capi/src/bundled.h"
#include "capi/src/registry.h"
#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/stream/parallel_engine.h"

namespace rulejit::capi {
namespace fs = std::filesystem;

namespace {

thread_local int t_callback_depth = 0;

double wall_now() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1e6;
}

// Messages for create/reload failures are bounded: a broken pack of 500
// rules must not produce megabytes of text.
constexpr size_t kMaxMessages = 40;

struct Messages {
  std::vector<std::string> lines;
  size_t dropped = 0;
  void add(std::string m) {
    while (!m.empty() && m.back() == '\n') m.pop_back();
    if (lines.size() < kMaxMessages) lines.push_back(std::move(m));
    else ++dropped;
  }
  std::string text() const {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    if (dropped) out += "(" + std::to_string(dropped) + " more)\n";
    return out;
  }
  bool empty() const { return lines.empty() && dropped == 0; }
};

// One path: as given (must exist), or the bundled sub-folder when left empty
// (may be absent, except for the rules themselves).
rulejit_status resolve(const std::string& given, const std::string& bundled, const char* sub, const char* what,
                       std::vector<std::string>* out, std::string* error) {
  std::error_code ec;
  if (!given.empty()) {
    if (!fs::exists(given, ec)) {
      *error = std::string(what) + " path '" + given + "' does not exist";
      return RULEJIT_E_NOT_FOUND;
    }
    out->push_back(given);
    return RULEJIT_OK;
  }
  if (!bundled.empty() && fs::is_directory(fs::path(bundled) / sub, ec)) out->push_back((fs::path(bundled) / sub).string());
  return RULEJIT_OK;
}

// Keys, plan texts, visible rules and sourcetypes of out->pack.
void describe_pack(LoadedPack* out) {
  const auto& rules = out->pack->rules;
  for (uint32_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    out->keys.push_back(r.key());
    out->plan_texts.push_back(ir::print_plan(*r.plan));
    out->visible_of.push_back(r.hidden ? -1 : static_cast<int32_t>(out->visible.size()));
    if (!r.hidden) out->visible.push_back(i);
  }
  for (const auto& fm : out->pack->fieldmaps) out->sourcetypes.insert(fm.sourcetype);
}

rulejit_status load_artifact(const std::string& path, const EngineConfig& config, LoadedPack* out,
                             std::string* error) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    *error = "pack artifact '" + path + "' does not exist";
    return RULEJIT_E_NOT_FOUND;
  }
  std::string err;
  auto artifact = jit::read_pack_artifact(path, &err, config.trusted_keys);
  if (!artifact || !artifact->pack) {
    *error = "cannot load pack artifact '" + path + "': " + err;
    return RULEJIT_E_COMPILE;
  }
  if (artifact->pack->rules.empty()) {
    *error = "pack artifact '" + path + "' has no rules";
    return RULEJIT_E_COMPILE;
  }
  out->pack = artifact->pack;
  out->artifact = std::make_shared<const jit::PackArtifact>(std::move(*artifact));
  describe_pack(out);
  return RULEJIT_OK;
}

rulejit_status load_folders(const SourcePaths& src, const EngineConfig& config, LoadedPack* out,
                            std::string* error) {
  PackSources ps;
  std::string bundled;
  if (src.rules.empty() || src.macros.empty() || src.lookups.empty() || src.fieldmaps.empty())
    bundled = bundled_rules_dir();
  rulejit_status st;
  if ((st = resolve(src.rules, bundled, "isovalent", "rules", &ps.rule_paths, error)) != RULEJIT_OK) return st;
  if (ps.rule_paths.empty()) {
    *error = bundled.empty() ? "no rules given and no bundled pack found (set RULEJIT_HOME to the folder holding rules/)"
                             : "no rules given and the bundled pack at '" + bundled + "' has no isovalent/ folder";
    return RULEJIT_E_NOT_FOUND;
  }
  if ((st = resolve(src.macros, bundled, "macros", "macros", &ps.macro_dirs, error)) != RULEJIT_OK) return st;
  if ((st = resolve(src.lookups, bundled, "lookups", "lookups", &ps.lookup_dirs, error)) != RULEJIT_OK) return st;
  if ((st = resolve(src.fieldmaps, bundled, "fieldmaps", "fieldmaps", &ps.fieldmap_dirs, error)) != RULEJIT_OK)
    return st;

  BuildResult built = build_pack(ps);
  Messages errors, warnings;
  for (const auto& d : built.diagnostics) {
    if (d.severity == Severity::Error) errors.add(format_diagnostic(d));
  }
  size_t failed = 0;
  for (const auto& r : built.rules) {
    if (r.state == RuleState::Ok) continue;
    const Diagnostic* d = r.first_error();
    std::string m = d ? format_diagnostic(*d) : r.file + ": " + rule_state_name(r.state);
    if (r.state == RuleState::Unsupported) {
      warnings.add("skipped (unsupported): " + m);
    } else {
      ++failed;
      if (config.allow_rule_errors) warnings.add("skipped: " + m);
      else errors.add(m);
    }
  }
  if (!built.pack || built.pack->rules.empty()) {
    *error = "no detection compiled (" + std::to_string(built.rules.size()) + " found)\n" + errors.text() +
             warnings.text();
    return RULEJIT_E_COMPILE;
  }
  if (!errors.empty()) {
    *error = std::to_string(failed) + " detection(s) failed to compile (set allow_rule_errors to skip them)\n" +
             errors.text();
    return RULEJIT_E_COMPILE;
  }
  out->pack = built.pack;
  describe_pack(out);
  out->warnings = warnings.text();
  return RULEJIT_OK;
}

rulejit_status load_pack(const PackOrigin& origin, const EngineConfig& config, LoadedPack* out,
                         std::string* error) {
  if (!origin.artifact_path.empty()) return load_artifact(origin.artifact_path, config, out, error);
  return load_folders(origin.sources, config, out, error);
}

}  // namespace

bool in_result_callback() { return t_callback_depth > 0; }

EngineImpl::EngineImpl(EngineConfig config, PackOrigin origin)
    : config_(std::move(config)), origin_(std::move(origin)) {}

EngineImpl::~EngineImpl() = default;

rulejit_status EngineImpl::create(const PackOrigin& origin, const EngineConfig& config,
                                  std::shared_ptr<EngineImpl>* out, std::string* error) {
  EngineConfig cfg = config;
  if (cfg.now <= 0) cfg.now = wall_now();
  auto lp = std::make_shared<LoadedPack>();
  rulejit_status st = load_pack(origin, cfg, lp.get(), error);
  if (st != RULEJIT_OK) return st;
  std::shared_ptr<EngineImpl> impl(new EngineImpl(cfg, origin));
  std::shared_ptr<const LoadedPack> pack = lp;
  auto engine = impl->new_engine(pack, error);
  if (!engine) return RULEJIT_E_COMPILE;
  if (!engine->setup_errors().empty()) {
    Messages m;
    for (const auto& e : engine->setup_errors()) m.add(e);
    if (!cfg.allow_rule_errors) {
      *error = "the pack compiled but cannot run (set allow_rule_errors to run it anyway)\n" + m.text();
      return RULEJIT_E_COMPILE;
    }
    lp->warnings += m.text();
  }
  std::lock_guard lock(impl->mu_);
  impl->pack_ = pack;
  impl->windows_ = std::make_unique<rt::WindowedEngine>(
      pack->pack, rt::WindowOptions{cfg.window_span, cfg.lateness, cfg.now, cfg.memory_budget}, impl->factory_of(pack),
      std::move(engine));
  if (!pack->warnings.empty()) impl->set_last_error(pack->warnings);
  *out = std::move(impl);
  return RULEJIT_OK;
}

std::unique_ptr<rt::Engine> EngineImpl::new_engine(const std::shared_ptr<const LoadedPack>& pack,
                                                   std::string* error) {
  rt::EngineOptions eo;
  eo.now = config_.now;
  eo.memory_budget = config_.memory_budget;
  eo.memory_budget_enforced = true;  // by windows_ (rt::WindowedEngine)
  eo.max_line_bytes = config_.max_event_bytes;
  eo.code_cache_dir = config_.code_cache_dir;
  eo.validate_every_line = config_.validate_every_event;
  // The sink keeps its own pack alive: rule indexes are that pack's.
  rt::ResultSink sink = [this, pack](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    on_result(*pack, rule, plan, row);
  };
  std::string err;
  // The pack's code is prepared once per engine made here; worker threads
  // (config_.threads > 1) share it. Batches are small: a push_batch call of
  // a few hundred KB still spreads over every worker.
  rt::SinkEngineFactory maker =
      engine_maker(config_.executor, pack->pack, pack->artifact ? &*pack->artifact : nullptr, eo, &err);
  const size_t batch = rt::parallel_batch_bytes(size_t{64} << 10, config_.threads, config_.memory_budget);
  auto engine = maker ? rt::make_parallel_engine(pack->pack, rt::ParallelOptions{config_.threads, batch}, maker,
                                                 std::move(sink), &err)
                      : nullptr;
  if (!engine) *error = "cannot create the " + config_.executor + " engine: " + err;
  return engine;
}

rt::EngineFactory EngineImpl::factory_of(const std::shared_ptr<const LoadedPack>& pack) {
  return [this, pack](std::string* error) { return new_engine(pack, error); };
}

// ---- results

void EngineImpl::on_result(const LoadedPack& pack, uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
  const auto& pr = pack.pack->rules[rule];
  if (pack.visible_of[rule] < 0) return;  // a subsearch's rows are not results
  const rt::Window w = windows_->current_window();
  auto r = std::make_shared<ResultData>(
      ResultData::build(static_cast<uint32_t>(pack.visible_of[rule]), pr.id, pr.name, plan, row, w.partial));
  r->window_start = w.start;
  r->window_end = w.end;
  ++results_;
  if (callback_) {
    r->from_callback = true;
    uintptr_t h = result_table().insert(r);
    if (h == 0) {
      ++dropped_;
      return;
    }
    // Undone even if a (C++) callback throws through us.
    struct Guard {
      uintptr_t h;
      Guard(uintptr_t handle) : h(handle) { ++t_callback_depth; }
      ~Guard() {
        --t_callback_depth;
        result_table().remove(h);
      }
    } guard(h);
    callback_(callback_user_, reinterpret_cast<const rulejit_result*>(h));
    return;
  }
  if (queue_.size() >= config_.max_queued) {
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(r));
}

std::shared_ptr<ResultData> EngineImpl::poll() {
  std::lock_guard lock(mu_);
  if (queue_.empty()) return nullptr;
  auto r = std::move(queue_.front());
  queue_.pop_front();
  return r;
}

rulejit_status EngineImpl::set_callback(rulejit_result_fn fn, void* user) {
  std::lock_guard lock(mu_);
  callback_ = fn;
  callback_user_ = fn ? user : nullptr;
  return RULEJIT_OK;
}

// ---- pushing

rulejit_status EngineImpl::push(std::string_view event, std::string_view sourcetype, std::string* error) {
  std::lock_guard lock(mu_);
  if (closed_) {
    *error = "the engine is closed (rulejit_engine_close was called); no more events";
    return RULEJIT_E_INVALID_STATE;
  }
  rulejit_status st = push_locked(event, sourcetype, error);
  windows_->sync();  // results before the call returns (worker threads: parallel_engine.h)
  return st;
}

rulejit_status EngineImpl::push_batch(std::string_view data, std::string_view sourcetype, std::string* error) {
  std::lock_guard lock(mu_);
  if (closed_) {
    *error = "the engine is closed (rulejit_engine_close was called); no more events";
    return RULEJIT_E_INVALID_STATE;
  }
  rulejit_status first_error = RULEJIT_OK;
  for (size_t pos = 0; pos < data.size();) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    std::string line_error;
    rulejit_status st = push_locked(data.substr(pos, end - pos), sourcetype, &line_error);
    if (st != RULEJIT_OK && first_error == RULEJIT_OK) {
      first_error = st;
      *error = line_error;
    }
    pos = nl == std::string_view::npos ? data.size() : nl + 1;
  }
  windows_->sync();  // results before the call returns (worker threads: parallel_engine.h)
  return first_error;
}

rulejit_status EngineImpl::push_locked(std::string_view event, std::string_view sourcetype, std::string* error) {
  if (!event.empty() && event.back() == '\n') event.remove_suffix(1);
  if (!event.empty() && event.back() == '\r') event.remove_suffix(1);
  if (event.find_first_not_of(" \t\r\n") == std::string_view::npos) return RULEJIT_OK;  // blank line
  ++events_;
  bytes_ += event.size();
  if (event.size() > config_.max_event_bytes) {
    ++oversized_;
    return RULEJIT_OK;
  }
  if (!sourcetype.empty() && !pack_->sourcetypes.count(std::string(sourcetype))) {
    ++unknown_sourcetype_;
    std::string known;
    for (const auto& s : pack_->sourcetypes) known += (known.empty() ? "" : ", ") + s;
    *error = "no field map has sourcetype '" + std::string(sourcetype) + "' (known: " + known + ")";
    return RULEJIT_E_NOT_FOUND;
  }
  // A padded copy: the JSON parser reads up to kJsonPadding bytes past the end.
  rt::Line line = rt::padded_line(buf_, event, "<push>");
  line.line_number = ++line_no_;

  if (!windows_->push(line, sourcetype, error)) return RULEJIT_E_INTERNAL;
  if (!budget_exceeded_ && windows_->windows_closed_early() > 0) check_memory(nullptr);  // O(1) until it fires
  return RULEJIT_OK;
}

rulejit_status EngineImpl::flush(bool close, std::string* error) {
  std::lock_guard lock(mu_);
  if (closed_) {
    *error = close ? "the engine is already closed" : "the engine is closed; nothing to flush";
    return RULEJIT_E_INVALID_STATE;
  }
  windows_->finish();
  if (close) closed_ = true;
  check_memory(nullptr);
  return RULEJIT_OK;
}

// ---- reload

rulejit_status EngineImpl::reload(const PackOrigin* origin, rulejit_reload_info* info, std::string* error) {
  std::lock_guard reload_lock(reload_mu_);
  {
    std::lock_guard lock(mu_);
    if (closed_) {
      *error = "the engine is closed; reload is not possible";
      return RULEJIT_E_INVALID_STATE;
    }
  }
  // Compile without the engine lock: events keep flowing to the old pack.
  auto lp = std::make_shared<LoadedPack>();
  rulejit_status st = load_pack(origin ? *origin : origin_, config_, lp.get(), error);
  std::shared_ptr<const LoadedPack> pack = lp;
  std::unique_ptr<rt::Engine> fresh;
  if (st == RULEJIT_OK) {
    fresh = new_engine(pack, error);
    if (!fresh) st = RULEJIT_E_COMPILE;
  }
  if (st == RULEJIT_OK && !fresh->setup_errors().empty()) {
    std::string m;
    for (const auto& e : fresh->setup_errors()) m += e + "\n";
    if (!config_.allow_rule_errors) {
      *error = "the new pack compiled but cannot run\n" + m;
      st = RULEJIT_E_COMPILE;
    } else {
      lp->warnings += m;
    }
  }
  if (st != RULEJIT_OK) {
    std::lock_guard lock(mu_);
    ++reload_failures_;
    *error = "reload failed; the previous pack keeps running: " + *error;
    return st;
  }

  // What changed, by rule key and plan text.
  rulejit_reload_info ri{};
  {
    std::map<std::string, std::string> old_plans;
    std::lock_guard lock(mu_);
    for (uint32_t i : pack_->visible) old_plans.emplace(pack_->keys[i], pack_->plan_texts[i]);
    std::set<std::string> new_keys;
    ri.rules = static_cast<uint32_t>(pack->visible.size());
    for (uint32_t i : pack->visible) {
      new_keys.insert(pack->keys[i]);
      auto it = old_plans.find(pack->keys[i]);
      if (it == old_plans.end()) ++ri.rules_added;
      else if (it->second == pack->plan_texts[i]) ++ri.state_carried;
      else ++ri.rules_changed;
    }
    for (const auto& [k, _] : old_plans)
      if (!new_keys.count(k)) ++ri.rules_removed;
  }

  rt::WindowedEngine::Retired retired;  // destroyed after the lock is released
  {
    std::lock_guard lock(mu_);
    if (closed_) {
      *error = "the engine was closed while the new pack compiled; reload abandoned";
      ++reload_failures_;
      return RULEJIT_E_INVALID_STATE;
    }
    if (!windows_->replace_pack(pack->pack, factory_of(pack), std::move(fresh), &retired, error)) {
      // Cannot happen once one engine of this pack was built; the old pack keeps running.
      ++reload_failures_;
      return RULEJIT_E_INTERNAL;
    }
    fold_counters(retired);  // with the old pack's rule keys
    pack_ = pack;
    ++reloads_;
    if (!pack->warnings.empty()) set_last_error("reloaded with warnings:\n" + pack->warnings);
  }
  if (info) {
    size_t n = std::min(info->struct_size, sizeof ri);
    ri.struct_size = info->struct_size;
    std::memcpy(info, &ri, n);
  }
  return RULEJIT_OK;
}

// ---- counters

void EngineImpl::fold_counters(const rt::WindowedEngine::Retired& retired) {
  for (const auto& e : retired.engines) {
    const auto& s = e->stats();
    base_malformed_ += s.read.events_skipped;
    base_unrouted_ += s.unrouted;
    for (size_t i = 0; i < s.rules.size() && i < pack_->keys.size(); ++i) {
      auto& b = base_rules_[pack_->keys[i]];
      b.events += s.rules[i].events_in;
      b.matches += s.rules[i].matched;
      b.results += s.rules[i].results;
      b.eval_errors += s.rules[i].eval_errors;
      base_eval_errors_ += s.rules[i].eval_errors;
    }
  }
  if (retired.probe) base_malformed_ += retired.probe->stats().events_skipped;
}

void EngineImpl::check_memory(const rt::StateStats* measured) {
  if (budget_exceeded_) return;
  // windows_ enforces the budget (runtime/stream/state_budget.h); this only reports it.
  const bool over = windows_->windows_closed_early() > 0 || (measured && measured->bytes > config_.memory_budget);
  if (!over) return;
  budget_exceeded_ = true;
  set_last_error("aggregation state exceeded the memory budget (" + std::to_string(config_.memory_budget) +
                 " bytes); enforced: the oldest open windows are closed early, their results marked partial "
                 "(rulejit_result_partial); events keep being processed");
}

void EngineImpl::stats(rulejit_stats* out) {
  rulejit_stats s{};
  {
    std::lock_guard lock(mu_);
    const rt::StateStats state = windows_->state_stats();
    check_memory(&state);
    s.events = events_;
    s.bytes = bytes_;
    const rt::ReadStats* probe = windows_->probe_stats();
    s.malformed = base_malformed_ + oversized_ + (probe ? probe->events_skipped : 0);
    s.unrouted = base_unrouted_ + unknown_sourcetype_;
    s.eval_errors = base_eval_errors_;
    for (rt::Engine* e : windows_->engines()) {
      const auto& es = e->stats();
      s.malformed += es.read.events_skipped;
      s.unrouted += es.unrouted;
      for (const auto& r : es.rules) s.eval_errors += r.eval_errors;
    }
    s.memory_bytes = state.bytes;
    s.groups = state.groups;
    s.memory_peak_bytes = state.peak_bytes;
    s.windows_closed_early = state.closed_early;
    s.late_events = windows_->late_events();
    s.untimed_events = windows_->untimed_events();
    s.results = results_;
    s.results_queued = queue_.size();
    s.results_dropped = dropped_;
    s.memory_budget_exceeded = budget_exceeded_ ? 1 : 0;
    s.windows_open = windows_->windows_open();
    s.windows_closed = windows_->windows_closed();
    s.reloads = reloads_;
    s.reload_failures = reload_failures_;
    s.rule_count = static_cast<uint32_t>(pack_->visible.size());
  }
  size_t n = std::min(out->struct_size, sizeof s);
  s.struct_size = out->struct_size;
  std::memcpy(out, &s, n);
}

const char* EngineImpl::intern(const std::string& s) { return interned_.insert(s).first->c_str(); }

rulejit_status EngineImpl::rule_info(uint32_t index, rulejit_rule_info* out, std::string* error) {
  rulejit_rule_info ri{};
  {
    std::lock_guard lock(mu_);
    if (index >= pack_->visible.size()) {
      *error = "rule index " + std::to_string(index) + " out of range (the pack has " +
               std::to_string(pack_->visible.size()) + " rules)";
      return RULEJIT_E_NOT_FOUND;
    }
    const uint32_t pi = pack_->visible[index];
    const auto& pr = pack_->pack->rules[pi];
    ri.id = intern(pr.id);
    ri.name = intern(pr.name);
    ri.file = intern(pr.file);
    auto b = base_rules_.find(pack_->keys[pi]);
    if (b != base_rules_.end()) {
      ri.events = b->second.events;
      ri.matches = b->second.matches;
      ri.results = b->second.results;
      ri.eval_errors = b->second.eval_errors;
    }
    for (rt::Engine* e : windows_->engines()) {
      const auto& rs = e->stats().rules.at(pi);
      ri.events += rs.events_in;
      ri.matches += rs.matched;
      ri.results += rs.results;
      ri.eval_errors += rs.eval_errors;
    }
  }
  size_t n = std::min(out->struct_size, sizeof ri);
  ri.struct_size = out->struct_size;
  std::memcpy(out, &ri, n);
  return RULEJIT_OK;
}

// ---- errors

void EngineImpl::set_last_error(const std::string& message) {
  std::lock_guard lock(err_mu_);
  last_error_ = message;
}

std::string EngineImpl::last_error() const {
  std::lock_guard lock(err_mu_);
  return last_error_;
}

}  // namespace rulejit::capi
