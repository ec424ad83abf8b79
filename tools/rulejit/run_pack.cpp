#include "tools/rulejit/run_pack.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "compiler/codegen/engine_factory.h"
#include "compiler/codegen/signing_key.h"
#include "runtime/engine/geoip_setup.h"
#include "runtime/stream/parallel_engine.h"

namespace rulejit::cli {

std::optional<LoadedPack> load_run_pack(const RunPackSpec& spec, int* status) {
  LoadedPack lp;
  *status = 2;
  if (!spec.pack_file.empty()) {
    std::string err;
    std::vector<jit::PublicKey> trusted;
    for (const auto& file : spec.trusted_keys) {
      auto key = jit::read_public_key(file, &err);
      if (!key) {
        std::fprintf(stderr, "rulejit run: --trusted-key: %s\n", err.c_str());
        return std::nullopt;
      }
      trusted.push_back(std::move(*key));
    }
    lp.artifact = jit::read_pack_artifact(spec.pack_file, &err, trusted);
    if (!lp.artifact) {
      std::fprintf(stderr, "rulejit run: %s\n", err.c_str());
      return std::nullopt;
    }
    lp.pack = lp.artifact->pack;
  } else {
    PackSources sources = spec.pack.sources();
    if (sources.rule_paths.empty()) {
      std::fputs("rulejit run: no rules given and no bundled pack found (set RULEJIT_HOME)\n", stderr);
      return std::nullopt;
    }
    BuildResult built = build_pack(sources);
    print_diagnostics(built.diagnostics, false);
    for (const auto& r : built.rules) {
      if (r.state == RuleState::Ok) continue;
      ++lp.failed;
      if (const Diagnostic* d = r.first_error()) std::fputs(format_diagnostic(*d).c_str(), stderr);
    }
    lp.pack = built.pack;
  }
  if (lp.pack->rules.empty()) {
    *status = 1;  // the caller says so: at start the run ends, on reload the old pack stays
    return std::nullopt;
  }
  if (std::string why = rt::geoip_requirement(*lp.pack, spec.geoip); !why.empty()) {
    std::fprintf(stderr, "rulejit run: %s\n", why.c_str());
    return std::nullopt;
  }
  *status = 0;
  return lp;
}

void warn_rows_at_exit(const ir::Pack& pack) {
  size_t holding = 0;
  for (const auto& r : pack.rules)
    if (!r.hidden && r.plan && r.plan->stages.size() > r.plan->event_stages) ++holding;
  if (holding == 0) return;
  std::fprintf(stderr,
               "rulejit run: --follow without --window: %zu rule(s) aggregate and write their rows only when the "
               "run stops (SIGINT/SIGTERM); --window SPAN writes them as each window closes\n",
               holding);
}

bool PackReloader::reload(const RunPackSpec& spec, const std::string& executor, const rt::EngineOptions& eo,
                          size_t threads, const rt::ResultSink& sink, rt::WindowedEngine& windows,
                          LoadedPack& current) {
  ++reloads_;
  std::fputs("rulejit run: SIGHUP: reloading the rules\n", stderr);
  auto fail = [&](const std::string& why) {
    ++failures_;
    std::fprintf(stderr, "rulejit run: reload failed; the previous rules keep running: %s\n", why.c_str());
    return false;
  };
  int status = 0;
  std::optional<LoadedPack> loaded = load_run_pack(spec, &status);
  if (!loaded) return fail(status == 1 ? "no rule compiled" : "the pack could not be loaded (see above)");
  // Held by the factory: the prepared code may refer to the artifact.
  auto next = std::make_shared<const LoadedPack>(std::move(*loaded));
  std::string error;
  rt::SinkEngineFactory maker =
      engine_maker(executor, next->pack, next->artifact ? &*next->artifact : nullptr, eo, &error);
  if (!maker) return fail(error);
  rt::EngineFactory factory = [next, maker, threads, sink](std::string* err) {
    return rt::make_parallel_engine(next->pack, rt::ParallelOptions{threads}, maker, sink, err);
  };
  auto fresh = factory(&error);
  if (!fresh) return fail(error);
  for (const auto& e : fresh->setup_errors()) std::fprintf(stderr, "rulejit run: %s\n", e.c_str());
  {
    rt::WindowedEngine::Retired retired;  // gone before the old pack is
    if (!windows.replace_pack(next->pack, std::move(factory), std::move(fresh), &retired, &error))
      return fail(error);
    keep_counters(retired, *current.pack);
  }
  current = *next;
  size_t visible = 0;
  for (const auto& r : current.pack->rules) visible += r.hidden ? 0 : 1;
  std::fprintf(stderr, "rulejit run: reloaded: %zu rules%s\n", visible,
               current.failed ? fmt::format(" ({} failed to compile)", current.failed).c_str() : "");
  return true;
}

void PackReloader::keep_counters(const rt::WindowedEngine::Retired& retired, const ir::Pack& old_pack) {
  for (const auto& e : retired.engines) {
    const rt::EngineStats& s = e->stats();
    totals_.read.merge(s.read);
    totals_.events += s.events;
    totals_.prefiltered += s.prefiltered;
    totals_.read_once += s.read_once;
    totals_.unrouted += s.unrouted;
    for (const auto& w : s.warnings)
      if (std::find(totals_.warnings.begin(), totals_.warnings.end(), w) == totals_.warnings.end())
        totals_.warnings.push_back(w);
    for (size_t i = 0; i < s.rules.size() && i < old_pack.rules.size(); ++i) {
      auto& r = rules_[old_pack.rules[i].key()];
      r.events_in += s.rules[i].events_in;
      r.matched += s.rules[i].matched;
      r.results += s.rules[i].results;
      r.eval_errors += s.rules[i].eval_errors;
      r.seconds += s.rules[i].seconds;
    }
  }
  if (retired.probe) {
    // The probe's dropped events (malformed); its warnings are met again by the engines.
    const rt::ReadStats& p = retired.probe->stats();
    totals_.read.events_skipped += p.events_skipped;
    for (size_t k = 1; k < rt::kErrorKindCount; ++k)
      if (!rt::keeps_event(static_cast<rt::ErrorKind>(k))) totals_.read.errors[k] += p.errors[k];
  }
}

void PackReloader::add_retired(rt::EngineStats& st, const ir::Pack& pack) const {
  if (reloads_ == 0) return;
  st.read.merge(totals_.read);
  st.events += totals_.events;
  st.prefiltered += totals_.prefiltered;
  st.read_once += totals_.read_once;
  st.unrouted += totals_.unrouted;
  for (const auto& w : totals_.warnings)
    if (std::find(st.warnings.begin(), st.warnings.end(), w) == st.warnings.end()) st.warnings.push_back(w);
  if (st.rules.size() < pack.rules.size()) st.rules.resize(pack.rules.size());
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    auto it = rules_.find(pack.rules[i].key());
    if (it == rules_.end()) continue;
    auto& r = st.rules[i];
    r.events_in += it->second.events_in;
    r.matched += it->second.matched;
    r.results += it->second.results;
    r.eval_errors += it->second.eval_errors;
    r.seconds += it->second.seconds;
  }
}

std::string PackReloader::summary() const {
  if (reloads_ == 0) return {};
  return fmt::format("  rule reloads (SIGHUP): {} done, {} failed (the previous rules kept running)\n",
                     reloads_ - failures_, failures_);
}

}  // namespace rulejit::cli
