#include "bench/generator/tetragon_generator.h"

#include <algorithm>

#include "bench/generator/generator_impl.h"

namespace rulejit::bench {

namespace {

constexpr std::string_view kProfileNames[kProfileCount] = {"oss2022", "oss2024", "ent2025"};

// Background events between two injections of `rate`: geometric
// distribution, or exactly 1/rate in regular mode.
uint64_t draw_gap(Rng& rng, double rate, bool regular) {
  if (!(rate > 0.0)) return ~0ULL;
  if (rate >= 1.0) return 1;
  if (regular) return static_cast<uint64_t>(1.0 / rate + 0.5);
  const double g = Rng::neg_log(1.0 - rng.unit()) / Rng::neg_log(1.0 - rate);
  return g > 1e15 ? ~0ULL : 1 + static_cast<uint64_t>(g);
}

}  // namespace

std::string_view profile_name(Profile p) { return kProfileNames[static_cast<size_t>(p)]; }

bool profile_from_name(std::string_view name, Profile& out) {
  for (size_t i = 0; i < kProfileCount; ++i) {
    if (kProfileNames[i] == name) {
      out = static_cast<Profile>(i);
      return true;
    }
  }
  return false;
}

std::array<double, kBehaviorCount> GeneratorOptions::default_rates() {
  std::array<double, kBehaviorCount> r{};
  for (size_t i = 1; i < kBehaviorCount; ++i) r[i] = 0.0002;
  // Slightly more of the behaviors with several shapes (near misses, negatives).
  r[static_cast<size_t>(Behavior::CurlInsecure)] = 0.0003;
  r[static_cast<size_t>(Behavior::CurlNearMiss)] = 0.0003;
  r[static_cast<size_t>(Behavior::ShellInContainer)] = 0.0003;
  r[static_cast<size_t>(Behavior::NsenterHostShell)] = 0.0;
  return r;
}

TetragonGenerator::Impl::Impl(const GeneratorOptions& o) : opt_(o), rng_(o.seed) {
  opt_.activity = opt_.activity > 0 ? opt_.activity : 1.0;
  // Every node's clock lags the global one by at most jitter_ms: start the
  // global clock that much later so no written time precedes start_time.
  now_ = opt_.start_time_ns + static_cast<uint64_t>(opt_.jitter_ms) * kMs;
  build_world();
  for (size_t i = 1; i < kBehaviorCount; ++i) {
    if (behavior_is_derived(static_cast<Behavior>(i))) {
      countdown_[i] = ~0ULL;
      continue;
    }
    countdown_[i] = draw_gap(rng_, opt_.rates[i], opt_.regular_injection);
    if (opt_.regular_injection && countdown_[i] != ~0ULL) countdown_[i] = 1 + rng_.below(countdown_[i]);
  }
}

void TetragonGenerator::Impl::next(std::string& line) {
  const auto later = [](const Task& x, const Task& y) { return x.t != y.t ? x.t > y.t : x.seq > y.seq; };
  for (;;) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Task task = heap_.back();
    heap_.pop_back();
    now_ = std::max(now_, task.t);
    line.clear();
    if (!execute(task, line)) continue;
    truth_.observe(facts_, line.size());
    // Only background events drive injection, so attack events never start
    // more attacks (any rate stays stable).
    if (last_injected_) return;
    for (size_t i = 1; i < kBehaviorCount; ++i) {
      if (countdown_[i] == ~0ULL || --countdown_[i] != 0) continue;
      start_scenario(static_cast<Behavior>(i));
      countdown_[i] = draw_gap(rng_, opt_.rates[i], opt_.regular_injection);
    }
    return;
  }
}

bool TetragonGenerator::Impl::finished() const {
  return (opt_.max_events && truth_.events >= opt_.max_events) ||
         (opt_.target_bytes && truth_.bytes >= opt_.target_bytes);
}

const GroundTruth& TetragonGenerator::Impl::truth() {
  truth_.finalize();
  return truth_;
}

TetragonGenerator::TetragonGenerator(const GeneratorOptions& options) : impl_(std::make_unique<Impl>(options)) {}
TetragonGenerator::~TetragonGenerator() = default;
void TetragonGenerator::next(std::string& line_out) { impl_->next(line_out); }
bool TetragonGenerator::finished() const { return impl_->finished(); }
const GroundTruth& TetragonGenerator::truth() { return impl_->truth(); }
const GeneratorOptions& TetragonGenerator::options() const { return impl_->options(); }

std::string options_to_json(const GeneratorOptions& o) {
  std::string out;
  JsonOut j(out, true);
  j.begin_obj();
  j.key("seed");
  j.u64(o.seed);
  j.key("max_events");
  j.u64(o.max_events);
  j.key("target_bytes");
  j.u64(o.target_bytes);
  j.key("start_time");
  j.timestamp(o.start_time_ns);
  j.key("clusters");
  j.u64(o.clusters);
  j.key("nodes");
  j.u64(o.nodes);
  j.key("pods_per_node");
  j.u64(o.pods_per_node);
  j.key("cluster_name");
  j.boolean(o.cluster_name);
  j.key("profile_weights");
  j.begin_obj();
  for (size_t i = 0; i < kProfileCount; ++i) {
    j.key(kProfileNames[i]);
    j.u64(o.profile_weights[i]);
  }
  j.end_obj();
  j.key("max_ancestors");
  j.u64(o.max_ancestors);
  j.key("comma_space");
  j.boolean(o.comma_space);
  j.key("jitter_ms");
  j.u64(o.jitter_ms);
  j.key("exit_fraction");
  j.f64(o.exit_fraction);
  j.key("kprobe_per_exec");
  j.f64(o.kprobe_per_exec);
  j.key("connect_per_exec");
  j.f64(o.connect_per_exec);
  j.key("close_fraction");
  j.f64(o.close_fraction);
  j.key("activity");
  j.f64(o.activity);
  j.key("regular_injection");
  j.boolean(o.regular_injection);
  j.key("rates");
  j.begin_obj();
  for (size_t i = 1; i < kBehaviorCount; ++i) {
    if (behavior_is_derived(static_cast<Behavior>(i))) continue;
    j.key(behavior_name(static_cast<Behavior>(i)));
    j.f64(o.rates[i]);
  }
  j.end_obj();
  j.end_obj();
  return out;
}

}  // namespace rulejit::bench
