// rulejit-gen: writes a deterministic synthetic Tetragon NDJSON stream and a
// ground-truth JSON summary (see bench/generator/tetragon_generator.h).
#include <CLI/CLI.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "bench/generator/tetragon_generator.h"

namespace {

using rulejit::bench::Behavior;
using rulejit::bench::GeneratorOptions;

// "512M", "1G", "100K", "12345" (suffixes are powers of 1024).
bool parse_size(std::string_view s, uint64_t& out) {
  uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr == s.data()) return false;
  std::string_view suffix(r.ptr, static_cast<size_t>(s.data() + s.size() - r.ptr));
  if (suffix.size() == 2 && (suffix[1] == 'B' || suffix[1] == 'b')) suffix.remove_suffix(1);
  uint64_t mul = 1;
  if (suffix.empty() || suffix == "B" || suffix == "b") {
    mul = 1;
  } else if (suffix == "K" || suffix == "k") {
    mul = 1ULL << 10;
  } else if (suffix == "M" || suffix == "m") {
    mul = 1ULL << 20;
  } else if (suffix == "G" || suffix == "g") {
    mul = 1ULL << 30;
  } else {
    return false;
  }
  if (v > (~0ULL) / mul) return false;
  out = v * mul;
  return true;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds).
bool parse_time(const std::string& s, uint64_t& out_ns) {
  unsigned y, mo, d, h, mi, se;
  char z = 0;
  if (std::sscanf(s.c_str(), "%4u-%2u-%2uT%2u:%2u:%2u%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 || z != 'Z' ||
      s.size() != 20)
    return false;
  if (y < 1971 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return false;
  const int64_t days = days_from_civil(y, mo, d);
  out_ns = static_cast<uint64_t>(days * 86400 + h * 3600 + mi * 60 + se) * 1000000000ULL;
  return true;
}

// "curl_insecure=0.01,all=0.001" (later entries override earlier ones).
bool parse_rates(std::string_view spec, GeneratorOptions& o, std::string& err) {
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      err = "rate '" + std::string(item) + "' is not NAME=VALUE";
      return false;
    }
    const auto name = item.substr(0, eq);
    const auto value = item.substr(eq + 1);
    double v = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), v);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || !(v >= 0.0 && v <= 1.0)) {
      err = "rate for '" + std::string(name) + "' must be a number in [0, 1], got '" + std::string(value) + "'";
      return false;
    }
    if (name == "all") {
      for (size_t i = 1; i < rulejit::bench::kBehaviorCount; ++i) o.rates[i] = v;
      continue;
    }
    Behavior b;
    if (!rulejit::bench::behavior_from_name(name, b) || b == Behavior::None) {
      err = "unknown behavior '" + std::string(name) + "' (see --list-behaviors)";
      return false;
    }
    if (rulejit::bench::behavior_is_derived(b)) {
      err = "behavior '" + std::string(name) + "' is produced by another behavior and has no rate of its own";
      return false;
    }
    o.rates[static_cast<size_t>(b)] = v;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  GeneratorOptions o;
  CLI::App app{
      "rulejit-gen: deterministic synthetic Tetragon / Isovalent Runtime Security NDJSON with injected\n"
      "attack behaviors and a ground-truth summary. The same options always give the same bytes."};
  std::string bytes_spec, output = "-", truth_path, profile = "mixed", profile_weights, rates_spec, start_time;
  uint64_t events = 0;
  bool no_cluster_name = false, list_behaviors = false, quiet = false;
  app.add_option("--seed", o.seed, "PRNG seed (default 1)");
  app.add_option("--events", events, "number of events to write (default 10000 unless --bytes is given)");
  app.add_option("--bytes", bytes_spec,
                 "stop once this many bytes (newlines included) are written: 12345, 100K, 512M, 1G (powers of 1024)");
  app.add_option("--output,-o", output, "NDJSON output file, or - for stdout (default -)");
  app.add_option("--truth", truth_path, "write the ground-truth JSON summary to this file");
  app.add_option("--profile", profile,
                 "Tetragon output shape: oss2022 (ms times, refcnt, optional cap), oss2024 (tid, workload, "
                 "maybe_exec_probe), ent2025 (Isovalent Enterprise: ancestors, in_init_tree, node_labels, "
                 "process_connect/close) or mixed (one profile per cluster, default)");
  app.add_option("--profile-weights", profile_weights,
                 "with --profile mixed: weights OSS2022,OSS2024,ENT2025; nodes are shared out in proportion (default 2,3,1)");
  app.add_option("--clusters", o.clusters, "number of clusters, 1-3 (EKS, GKE, kind; default 3)");
  app.add_option("--nodes", o.nodes, "total number of nodes over all clusters (default 9)");
  app.add_option("--pods-per-node", o.pods_per_node, "application pods per node besides DaemonSets (default 12)");
  app.add_flag("--no-cluster-name", no_cluster_name,
               "omit the top-level cluster_name (OSS default; stats by cluster_name then drops every event)");
  app.add_flag("--comma-space", o.comma_space, "write \", \" after every comma (protojson detrand mode)");
  app.add_option("--max-ancestors", o.max_ancestors, "cap on the ancestors list in ent2025 exec events; 0 = none (default 6)");
  app.add_option("--jitter-ms", o.jitter_ms,
                 "max per-node log delay in ms: events of different nodes are out of order by up to this (default 250)");
  app.add_option("--start-time", start_time, "stream start, YYYY-MM-DDTHH:MM:SSZ (default 2025-08-14T00:00:00Z)");
  app.add_option("--exit-fraction", o.exit_fraction, "share of finished processes that get a process_exit (default 0.5)");
  app.add_option("--kprobe-per-exec", o.kprobe_per_exec, "background process_kprobe events per exec (default 0.04)");
  app.add_option("--connect-per-exec", o.connect_per_exec,
                 "background process_connect events per exec, ent2025 only (default 0.08)");
  app.add_option("--close-fraction", o.close_fraction, "share of connects followed by process_close (default 0.5)");
  app.add_option("--activity", o.activity, "multiplier for all background event rates per second (default 1)");
  app.add_option("--rates", rates_spec,
                 "attack injection rates as BEHAVIOR=P,... where P is the expected number of scenario starts per "
                 "background event written (default about 0.0002 each); 'all=P' sets every behavior (see "
                 "--list-behaviors)");
  app.add_flag("--regular-injection", o.regular_injection,
               "start each behavior exactly every 1/P background events (random phase) instead of at random "
               "gaps: predictable counts for small samples");
  app.add_flag("--list-behaviors", list_behaviors, "print the behavior names and their signatures, then exit");
  app.add_flag("--quiet,-q", quiet, "do not print the summary line on stderr");
  CLI11_PARSE(app, argc, argv);

  if (list_behaviors) {
    for (size_t i = 1; i < rulejit::bench::kBehaviorCount; ++i) {
      const auto b = static_cast<Behavior>(i);
      std::printf("%-26s %s%s\n", std::string(rulejit::bench::behavior_name(b)).c_str(),
                  std::string(rulejit::bench::behavior_signature(b)).c_str(),
                  rulejit::bench::behavior_is_derived(b) ? " (derived)" : "");
    }
    return 0;
  }
  auto fail = [](const std::string& msg) {
    std::fprintf(stderr, "rulejit-gen: %s\n", msg.c_str());
    return 2;
  };
  o.cluster_name = !no_cluster_name;
  o.max_events = events;
  if (!bytes_spec.empty() && !parse_size(bytes_spec, o.target_bytes))
    return fail("--bytes: cannot parse '" + bytes_spec + "' (examples: 4096, 100K, 512M, 1G)");
  if (o.max_events == 0 && o.target_bytes == 0) o.max_events = 10000;
  if (!start_time.empty() && !parse_time(start_time, o.start_time_ns))
    return fail("--start-time: expected YYYY-MM-DDTHH:MM:SSZ, got '" + start_time + "'");
  if (profile != "mixed") {
    rulejit::bench::Profile p;
    if (!rulejit::bench::profile_from_name(profile, p))
      return fail("--profile: expected oss2022, oss2024, ent2025 or mixed, got '" + profile + "'");
    o.profile_weights = {0, 0, 0};
    o.profile_weights[static_cast<size_t>(p)] = 1;
  } else if (!profile_weights.empty()) {
    unsigned a, b, c;
    char extra;
    if (std::sscanf(profile_weights.c_str(), "%u,%u,%u%c", &a, &b, &c, &extra) != 3 || a + b + c == 0)
      return fail("--profile-weights: expected three non-negative integers like 1,2,2");
    o.profile_weights = {a, b, c};
  }
  if (o.clusters < 1 || o.clusters > 3) return fail("--clusters must be 1, 2 or 3");
  if (o.nodes < 1 || o.nodes > 500) return fail("--nodes must be between 1 and 500");
  if (o.pods_per_node < 1 || o.pods_per_node > 200) return fail("--pods-per-node must be between 1 and 200");
  if (o.jitter_ms > 10000) return fail("--jitter-ms must be at most 10000");
  for (double f : {o.exit_fraction, o.close_fraction})
    if (!(f >= 0.0 && f <= 1.0)) return fail("--exit-fraction / --close-fraction must be in [0, 1]");
  for (double f : {o.kprobe_per_exec, o.connect_per_exec})
    if (!(f >= 0.0 && f <= 1.0)) return fail("--kprobe-per-exec / --connect-per-exec must be in [0, 1]");
  if (!(o.activity > 0.0 && o.activity <= 1000.0)) return fail("--activity must be in (0, 1000]");
  if (!rates_spec.empty()) {
    std::string err;
    if (!parse_rates(rates_spec, o, err)) return fail("--rates: " + err);
  }

  FILE* out = stdout;
  if (output != "-") {
    out = std::fopen(output.c_str(), "wb");
    if (!out) return fail("cannot open '" + output + "' for writing");
  }
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

  const auto t0 = std::chrono::steady_clock::now();
  rulejit::bench::TetragonGenerator gen(o);
  std::string line;
  line.reserve(16384);
  while (!gen.finished()) {
    gen.next(line);
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) return fail("write error on '" + output + "'");
  }
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0))
    return fail("write error on '" + output + "'");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const auto& truth = gen.truth();
  if (!truth_path.empty()) {
    const std::string json = truth.to_json(rulejit::bench::options_to_json(o));
    FILE* tf = std::fopen(truth_path.c_str(), "wb");
    if (!tf) return fail("cannot open '" + truth_path + "' for writing");
    const bool ok = std::fwrite(json.data(), 1, json.size(), tf) == json.size();
    if (std::fclose(tf) != 0 || !ok) return fail("write error on '" + truth_path + "'");
  }
  if (!quiet) {
    std::fprintf(stderr, "rulejit-gen: %llu events, %llu bytes in %.2f s (%.1f MB/s)\n",
                 static_cast<unsigned long long>(truth.events), static_cast<unsigned long long>(truth.bytes), secs,
                 secs > 0 ? static_cast<double>(truth.bytes) / 1e6 / secs : 0.0);
  }
  return 0;
}
