#include "runtime/engine/geoip_setup.h"
#include "tools/rulejit/test_runner.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <optional>

#include "compiler/codegen/engine_factory.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/result_format.h"
#include "runtime/events/line_source.h"
#include "tools/rulejit/row_compare.h"
#include "tools/rulejit/test_data.h"

namespace rulejit::cli {
namespace {

// One stream of events for the engine.
struct Input {
  std::string file;        // read from here, or
  std::string text;        // inline NDJSON
  std::string sourcetype;  // empty: route by key
  std::string name() const { return file.empty() ? "inline events" : file; }
};

// The row as the test compares it: the result columns, without rule/rule_id.
std::string row_json(const ir::Plan& plan, const rt::Row& row) {
  std::string out = "{";
  for (ir::SlotId c : rt::result_columns(plan, row)) {
    if (out.size() > 1) out += ',';
    rt::append_json_string(out, plan.slots[c]);
    out += ':';
    rt::append_json_value(out, row.slots[c]);
  }
  return out + "}";
}

struct EngineRun {
  std::vector<std::string> rows;
  std::string error;            // the run could not be done (a test error)
  std::string note;             // context for a failure (events nobody read)
};

EngineRun run_engine(const std::string& engine_name, const std::shared_ptr<ir::Pack>& pack,
                     const std::vector<Input>& inputs, double now, const std::string& cache_dir,
                     const std::string& geoip) {
  EngineRun out;
  rt::EngineOptions eo;
  eo.now = now;
  eo.code_cache_dir = cache_dir;
  eo.geoip_path = geoip;
  const ir::Pack& p = *pack;
  auto sink = [&](uint32_t rule, const ir::Plan& plan, const rt::Row& row) {
    if (p.rules[rule].hidden) return;  // a subsearch feeding the rule
    out.rows.push_back(canonical_json(row_json(plan, row)));
  };
  std::string err;
  std::unique_ptr<rt::Engine> engine = make_engine(engine_name, pack, eo, sink, &err);
  if (!engine) {
    out.error = engine_name + " engine: " + err;
    return out;
  }
  if (!engine->setup_errors().empty()) {
    out.error = "rule setup: " + engine->setup_errors().front();
    return out;
  }
  for (const Input& in : inputs) {
    rt::LineSource source = in.file.empty() ? rt::LineSource::from_memory(in.text, "inline events")
                                            : rt::LineSource({in.file});
    const uint64_t events_before = engine->stats().events;
    rt::Line line;
    while (source.next(line)) {
      if (in.sourcetype.empty()) engine->push(line);
      else engine->push_routed(line, in.sourcetype);
    }
    const rt::ReadStats& rs = source.stats();
    for (const auto& problem : rs.problems)
      if (problem.kind == rt::ErrorKind::ReadError) {
        out.error = "cannot read " + in.name() + ": " + problem.reason;
        return out;
      }
    const uint64_t text_lines = rs.lines - rs.empty_lines;
    if (engine->stats().events == events_before) {
      out.error = text_lines == 0 ? in.name() + " holds no events"
                                  : fmt::format("not one of the {} lines of {} is a JSON event", text_lines, in.name());
      return out;
    }
  }
  engine->finish();
  const rt::EngineStats& st = engine->stats();
  if (st.unrouted > 0)
    out.note = fmt::format("{} of {} events were claimed by no field map (unknown data source)", st.unrouted,
                           st.events);
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Up to 10 rows as diff-style "+ row" lines.
std::string list_rows(const std::vector<std::string>& rows) {
  std::string out;
  for (size_t i = 0; i < rows.size() && i < 10; ++i) out += "  + " + rows[i] + "\n";
  if (rows.size() > 10) out += fmt::format("  ({} more rows)\n", rows.size() - 10);
  return out;
}

// Judges the rows against what the test expects.
void judge(const RuleTest& t, const std::vector<std::string>& rows, TestReport& r) {
  if (t.expect) {
    std::vector<std::string> expected;
    for (size_t i = 0; i < t.expect->size(); ++i) {
      std::string row = canonical_json((*t.expect)[i]);
      if (row.empty()) {
        r.status = TestStatus::Error;
        r.message = fmt::format("expect row {} is not a JSON object: {}", i + 1, (*t.expect)[i]);
        return;
      }
      expected.push_back(std::move(row));
    }
    RowDiff d = diff_rows(expected, rows);
    if (d.equal()) {
      r.status = TestStatus::Pass;
      return;
    }
    r.status = TestStatus::Fail;
    r.message = fmt::format("rows differ: expected {}, got {} ({} missing -, {} unexpected +)", expected.size(),
                            rows.size(), d.missing.size(), d.unexpected.size());
    r.detail = format_row_diff(d) + r.detail;
    return;
  }
  if (t.expect_count) {
    if (rows.size() == *t.expect_count) {
      r.status = TestStatus::Pass;
      return;
    }
    r.status = TestStatus::Fail;
    r.message = fmt::format("expected {} rows, got {}", *t.expect_count, rows.size());
    r.detail = list_rows(rows) + r.detail;
    return;
  }
  if (!rows.empty()) {
    r.status = TestStatus::Pass;
    return;
  }
  r.status = TestStatus::Fail;
  r.message = "no result: the detection returned no rows (a true-positive test needs at least one)";
}

}  // namespace

const RuleTestRunner::BuiltRule& RuleTestRunner::build(const std::string& file) {
  if (auto it = built_.find(file); it != built_.end()) return it->second;
  PackSources src = options_.sources;
  src.rule_paths = {file};
  BuildResult b = build_pack(src);
  BuiltRule out;
  for (const auto& r : b.rules) {
    out.name = r.name;
    if (r.state == RuleState::Ok) continue;
    const Diagnostic* d = r.first_error();
    out.error = fmt::format("the rule does not compile ({}): {}", rule_state_name(r.state),
                            d ? format_diagnostic(*d) : std::string("unknown error"));
  }
  if (out.error.empty() && (b.rules.empty() || b.pack->rules.empty())) out.error = "the rule did not compile";
  if (out.error.empty()) out.pack = b.pack;
  return built_.emplace(file, std::move(out)).first->second;
}

TestReport RuleTestRunner::run(const RuleTest& t) {
  const auto t0 = std::chrono::steady_clock::now();
  TestReport r;
  r.file = t.file;
  r.rule = t.rule;
  r.test = t.name;
  for (const auto& e : options_.engines) r.engine += (r.engine.empty() ? "" : "+") + e;
  auto error = [&](std::string message, std::string detail = {}) {
    r.status = TestStatus::Error;
    r.message = std::move(message);
    r.detail = std::move(detail);
    r.seconds = seconds_since(t0);
    return r;
  };
  if (!t.problem.empty()) return error(fmt::format("{}:{}: {}", t.file, t.line, t.problem));

  const BuiltRule& rule = build(t.file);
  if (!rule.pack) {
    // First line as the message, the whole diagnostic (with caret) as detail.
    return error(rule.error.substr(0, rule.error.find('\n')), rule.error);
  }
  auto known_sourcetype = [&](const std::string& st) {
    for (const auto& fm : rule.pack->fieldmaps)
      if (fm.sourcetype == st) return true;
    return false;
  };

  std::vector<Input> inputs;
  for (const auto& a : t.attack_data) {
    DataLookup found = find_test_data(a.data, t.file, options_.data_dirs);
    if (found.path.empty()) return error(found.not_found_message(a.data));
    if (a.sourcetype.empty()) return error("attack_data " + a.data + " has no sourcetype");
    if (!known_sourcetype(a.sourcetype))
      return error("no field map reads sourcetype " + a.sourcetype + " (the events of " + found.path +
                   " cannot be read as any data source; add a field map with this sourcetype)");
    inputs.push_back({found.path, "", a.sourcetype});
  }
  if (t.has_events) {
    if (!t.sourcetype.empty() && !known_sourcetype(t.sourcetype))
      return error("no field map reads sourcetype " + t.sourcetype);
    if (!t.events_file.empty()) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(t.events_file, ec))
        return error("events file not found: " + t.events_file);
    }
    inputs.push_back({t.events_file, t.events_inline, t.sourcetype});
  }

  if (std::string why = rt::geoip_requirement(*rule.pack, options_.geoip); !why.empty()) return error(why);
  const double now = t.now ? *t.now : options_.now;
  std::optional<EngineRun> first;
  for (const auto& engine : options_.engines) {
    EngineRun run = run_engine(engine, rule.pack, inputs, now, options_.code_cache_dir, options_.geoip);
    if (!run.error.empty()) return error(run.error);
    if (!first) {
      first = std::move(run);
      continue;
    }
    RowDiff d = diff_rows(first->rows, run.rows);
    if (!d.equal()) {
      r.status = TestStatus::Fail;
      r.message = fmt::format("the executors disagree: {} returned {} rows, {} returned {}", options_.engines[0],
                              first->rows.size(), engine, run.rows.size());
      r.detail = fmt::format("  - only {}, + only {}:\n", options_.engines[0], engine) + format_row_diff(d);
      r.rows = first->rows.size();
      r.seconds = seconds_since(t0);
      return r;
    }
  }
  r.rows = first->rows.size();
  if (!first->note.empty()) r.detail = "  note: " + first->note + "\n";
  judge(t, first->rows, r);
  if (r.status == TestStatus::Pass) r.detail.clear();
  r.seconds = seconds_since(t0);
  return r;
}

}  // namespace rulejit::cli
