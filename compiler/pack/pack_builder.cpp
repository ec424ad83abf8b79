#include "compiler/pack/pack_builder.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <filesystem>
#include <map>
#include <set>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/expand.h"
#include "compiler/frontend/lookup_file.h"
#include "compiler/frontend/lookups.h"
#include "compiler/frontend/macros.h"
#include "compiler/lower/lowerer.h"
#include "compiler/pack/fieldmap_loader.h"
#include "compiler/pack/linker.h"
#include "compiler/spl/parser.h"
#include "runtime/lookup/lookup_table.h"

namespace rulejit {
namespace fs = std::filesystem;

const char* rule_state_name(RuleState s) {
  switch (s) {
    case RuleState::Ok: return "ok";
    case RuleState::Error: return "error";
    case RuleState::Unsupported: return "unsupported";
  }
  return "error";
}

const Diagnostic* RuleReport::first_error() const {
  for (const auto& d : diagnostics)
    if (d.severity == Severity::Error) return &d;
  return nullptr;
}

std::vector<std::string> find_detection_files(const std::vector<std::string>& paths,
                                              std::vector<Diagnostic>& diags) {
  std::set<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        auto ext = it->path().extension().string();
        if (it->is_regular_file(ec) && (ext == ".yml" || ext == ".yaml")) files.insert(it->path().string());
      }
    } else if (fs::exists(p, ec)) {
      files.insert(p);
    } else {
      Diagnostic d;
      d.stage = Stage::Yaml;
      d.file = p;
      d.message = "no such file or folder";
      diags.push_back(d);
    }
  }
  return {files.begin(), files.end()};
}

namespace {

// Lookup definitions -> IR lookup references. Each lookup's file is read and
// parsed once here, confined to the lookup folders (lookup_file.h); a file
// that cannot be read or parsed is an error of every rule that uses it.
class LookupResolver {
 public:
  LookupResolver(const LookupTable& defs, std::vector<std::string> roots, std::vector<std::string> empty,
                 bool unfilled_warn)
      : defs_(defs), roots_(std::move(roots)), empty_(std::move(empty)), unfilled_warn_(unfilled_warn) {}

  lower::LowerEnv::LookupResolution find(std::string_view name) {
    std::string key(name);
    auto it = found_.find(key);
    if (it == found_.end()) it = found_.emplace(key, resolve(name)).first;
    const Found& f = it->second;
    return {f.ref ? &*f.ref : nullptr, f.error, f.warning};
  }

 private:
  struct Found {
    std::optional<ir::LookupRef> ref;
    std::string error;
    std::string warning;
  };

  bool listed_empty(const std::string& name) const {
    return std::find(empty_.begin(), empty_.end(), name) != empty_.end() ||
           std::find(empty_.begin(), empty_.end(), "*") != empty_.end();
  }

  // A KV store collection: rows from `<name>.csv` in a lookup folder when
  // one is there, else an empty table with the declared fields when the user
  // asked for it (--empty-lookup), else an error saying both ways.
  Found resolve_collection(const LookupDefinition& def) const {
    Found out;
    const std::string csv = def.name + ".csv";
    for (const auto& root : roots_) {
      std::error_code ec;
      if (!fs::is_regular_file(fs::path(root) / csv, ec)) continue;
      LookupFileRead file = read_lookup_file(root, csv, roots_);
      if (!file.ok) {
        out.error = file.error + " (rows of KV store collection `" + def.collection + "`)";
        return out;
      }
      return from_csv(def, (fs::path(root) / csv).string(), std::move(file.bytes));
    }
    std::string how = "it is a KV store collection (`collection: " + def.collection + "` in " + def.file +
                      ") whose rows are not shipped: put them in " + csv +
                      " in a folder given with --lookups, or run with --empty-lookup " + def.name +
                      " to use an empty table";
    if (def.fields_list.empty()) {
      out.error = how + " (the definition has no fields_list, so its columns are unknown)";
      return out;
    }
    if (!listed_empty(def.name) && !unfilled_warn_) {
      out.error = how;
      return out;
    }
    std::string header;
    for (const auto& f : def.fields_list) header += (header.empty() ? "" : ",") + f;
    out = from_csv(def, def.file, header + "\n");
    if (!listed_empty(def.name)) out.warning = how;
    return out;
  }

  Found from_csv(const LookupDefinition& def, const std::string& path, std::string bytes) const {
    Found out;
    std::vector<std::vector<std::string>> rows;
    std::string err;
    if (!rt::parse_csv(bytes, rows, &err)) {
      out.error = "file `" + path + "` is not valid CSV: " + err;
      return out;
    }
    if (rows.empty()) {
      out.error = "file `" + path + "` has no header row";
      return out;
    }
    ir::LookupRef ref;
    ref.name = def.name;
    ref.csv_path = path;
    ref.case_sensitive = def.case_sensitive();
    for (const auto& m : def.match_type) {
      if (m.kind == "WILDCARD") ref.wildcard_columns.push_back(m.field);
      if (m.kind == "CIDR") ref.cidr_columns.push_back(m.field);
    }
    ref.max_matches = static_cast<uint32_t>(std::max<int64_t>(1, def.effective_max_matches()));
    ref.min_matches = static_cast<uint32_t>(std::max<int64_t>(0, def.effective_min_matches()));
    ref.default_match = def.default_match;
    ref.columns = std::move(rows[0]);
    ref.csv_text = std::make_shared<const std::string>(std::move(bytes));
    out.ref = std::move(ref);
    return out;
  }

  Found resolve(std::string_view name) const {
    Found out;
    const LookupDefinition* def = defs_.find(name);
    if (!def) return out;
    if (def->filename.empty()) return resolve_collection(*def);
    const std::string dir = fs::path(def->file).parent_path().string();
    LookupFileRead file = read_lookup_file(dir, def->filename, roots_);
    if (!file.ok) {
      out.error = file.error + " (lookup defined in " + def->file + ")";
      return out;
    }
    return from_csv(*def, def->csv_path, std::move(file.bytes));
  }

  const LookupTable& defs_;
  std::vector<std::string> roots_;
  std::vector<std::string> empty_;
  bool unfilled_warn_ = false;
  std::map<std::string, Found> found_;
};

void sort_diagnostics(std::vector<Diagnostic>& d) {
  std::stable_partition(d.begin(), d.end(), [](const Diagnostic& x) { return x.severity == Severity::Error; });
}

// Compiles one detection; on success *plan_out holds its (still mutable) plan.
RuleReport compile_one(const std::string& path, const MacroTable& macros, const lower::LowerEnv& env,
                       const BuildOptions& options, std::shared_ptr<ir::Plan>* plan_out) {
  RuleReport rep;
  rep.file = path;
  auto load = load_detection_file(path);
  rep.diagnostics = load.diagnostics;
  if (load.detection) {
    rep.id = load.detection->id;
    rep.name = load.detection->name;
    rep.data_sources = load.detection->data_source;
    rep.lint_ignore = load.detection->lint_ignore;
  }
  if (!load.detection || has_errors(load.diagnostics)) {
    rep.state = RuleState::Error;
    rep.stage = Stage::Yaml;
    sort_diagnostics(rep.diagnostics);
    return rep;
  }
  const Detection& det = *load.detection;
  auto exp = expand_search(det, macros);
  rep.diagnostics.insert(rep.diagnostics.end(), exp.diagnostics.begin(), exp.diagnostics.end());
  if (!exp.result || has_errors(exp.diagnostics)) {
    rep.state = RuleState::Error;
    rep.stage = Stage::Macro;
    sort_diagnostics(rep.diagnostics);
    return rep;
  }
  rep.expanded_spl = exp.result->text;
  rep.source_map = std::make_shared<const SourceMap>(exp.result->map);
  const SourceMap& map = *rep.source_map;
  auto parsed = spl::parse_spl(exp.result->text);
  if (!parsed.errors.empty()) {
    bool all_unsupported = true;
    for (const auto& e : parsed.errors) {
      Diagnostic d = map.locate(e.span.begin, Stage::Parse, e.message);
      d.unsupported = e.unsupported;
      all_unsupported = all_unsupported && e.unsupported;
      rep.diagnostics.push_back(std::move(d));
    }
    rep.state = all_unsupported ? RuleState::Unsupported : RuleState::Error;
    rep.stage = Stage::Parse;
    sort_diagnostics(rep.diagnostics);
    return rep;
  }
  std::shared_ptr<spl::Pipeline> ast(std::move(parsed.pipeline));
  if (options.keep_ast) rep.ast = ast;
  if (options.last_stage == Stage::Parse) return rep;

  auto lowered = lower::lower_pipeline(*ast, env);
  bool any_error = false, all_unsupported = true;
  for (const auto& is : lowered.issues) {
    Diagnostic d = map.locate(is.span.begin, Stage::Lower, is.message,
                              is.warning ? Severity::Warning : Severity::Error);
    d.unsupported = is.unsupported;
    if (!is.warning) {
      any_error = true;
      all_unsupported = all_unsupported && is.unsupported;
    }
    rep.diagnostics.push_back(std::move(d));
  }
  sort_diagnostics(rep.diagnostics);
  if (any_error || !lowered.plan) {
    rep.state = (any_error && all_unsupported) ? RuleState::Unsupported : RuleState::Error;
    rep.stage = Stage::Lower;
    return rep;
  }
  lowered.plan->rule_name = det.name;
  lowered.plan->rule_id = det.id;
  *plan_out = std::make_shared<ir::Plan>(std::move(*lowered.plan));
  rep.plan = *plan_out;
  return rep;
}

// Threads for the detections of one pack: BuildOptions::threads, else the
// machine's cores; one for small packs, where starting threads costs more.
size_t front_end_threads(const BuildOptions& options, size_t files) {
  constexpr size_t kFilesPerThread = 16;
  size_t n = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(n, files / kFilesPerThread));
}

// Calls fn(i) for every i < n on `threads` threads (the caller is one of them).
void for_each_index(size_t n, size_t threads, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// Subsearches (join, append) run as hidden rules fed by the same events.
// Children are added before their parent, so finishing rules in index order
// finishes every subsearch before the rule that uses its rows.
void hoist_subsearches(ir::Plan& plan, ir::Pack& pack, const RuleReport& rep, int& counter) {
  for (auto& st : plan.stages) {
    auto* sp = std::get_if<ir::SubplanStage>(&st);
    if (!sp || !sp->sub) continue;
    hoist_subsearches(*sp->sub, pack, rep, counter);
    ++counter;
    sp->sub->rule_name = rep.name + " (subsearch " + std::to_string(counter) + ")";
    sp->sub->rule_id = rep.id + "#sub" + std::to_string(counter);
    ir::PackRule hidden{sp->sub->rule_name, sp->sub->rule_id, rep.file, sp->sub, true};
    sp->sub_rule = static_cast<uint32_t>(pack.rules.size());
    pack.rules.push_back(std::move(hidden));
  }
}

}  // namespace

BuildResult build_pack(const PackSources& sources, const BuildOptions& options) {
  BuildResult out;
  out.pack = std::make_shared<ir::Pack>();
  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); };
  auto t0 = Clock::now();
  MacroTable macros;
  for (const auto& d : sources.macro_dirs) macros.load_directory(d, out.diagnostics);
  LookupTable lookup_defs;
  for (const auto& d : sources.lookup_dirs) lookup_defs.load_directory(d, out.diagnostics);
  LookupResolver resolver(lookup_defs, sources.lookup_dirs, sources.empty_lookups,
                          options.unfilled_lookups_are_warnings);
  std::mutex resolver_mutex;  // the resolver reads and caches each lookup once
  lower::LowerEnv env;
  env.find_lookup = [&](std::string_view name) {
    std::lock_guard<std::mutex> lock(resolver_mutex);
    return resolver.find(name);
  };
  env.parse_lookup_rows = [](const ir::LookupRef& ref, std::vector<std::vector<std::string>>& rows, std::string* err) {
    return ref.csv_text && rt::parse_csv(*ref.csv_text, rows, err);
  };

  // Detections are independent (YAML, macros, parse, lower): compiled on
  // several threads (yaml-cpp is most of the time), then added in file order
  // so the pack is the same whatever the thread count.
  out.times.definitions_ms = ms_since(t0);
  t0 = Clock::now();
  const std::vector<std::string> files = find_detection_files(sources.rule_paths, out.diagnostics);
  std::vector<RuleReport> reports(files.size());
  std::vector<std::shared_ptr<ir::Plan>> plans(files.size());
  for_each_index(files.size(), front_end_threads(options, files.size()),
                 [&](size_t i) { reports[i] = compile_one(files[i], macros, env, options, &plans[i]); });
  for (size_t i = 0; i < files.size(); ++i) {
    RuleReport& rep = reports[i];
    if (plans[i]) {
      int counter = 0;
      hoist_subsearches(*plans[i], *out.pack, rep, counter);
      out.pack->rules.push_back({rep.name, rep.id, rep.file, plans[i], false});
    }
    out.rules.push_back(std::move(rep));
  }
  out.times.rules_ms = ms_since(t0);
  if (options.last_stage == Stage::Parse || options.last_stage == Stage::Lower) return out;
  t0 = Clock::now();
  for (const auto& d : sources.fieldmap_dirs) {
    auto maps = load_fieldmaps(d, out.diagnostics);
    for (auto& m : maps) out.pack->fieldmaps.push_back(std::move(m));
  }
  if (options.add_generic_source) {
    ir::FieldMapProgram generic;
    generic.name = "generic-json";
    generic.sourcetype = "_json";
    generic.match_key = "*";
    generic.derive.stages.push_back(ir::EvalStage{});
    out.pack->fieldmaps.push_back(std::move(generic));
  }
  link_pack(*out.pack);
  out.times.link_ms = ms_since(t0);
  return out;
}

}  // namespace rulejit
