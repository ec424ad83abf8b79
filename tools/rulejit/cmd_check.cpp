// rulejit check: compile detections and report, per detection, how far each
// got (ok / error / unsupported) with file:line:col diagnostics. In a rule
// tree (security_content's or rules/), macros, lookup definitions, field maps
// and data sources are checked as what they are (content_tree.h), and the
// tree's own macros/lookups/field maps feed its detections.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "compiler/codegen/native_pack.h"
#include "compiler/pack/content_tree.h"
#include "compiler/pack/lints.h"
#include "runtime/engine/result_format.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

// A JSON string literal (quotes included), escaped like result rows.
std::string json_quoted(std::string_view s) {
  std::string out;
  rt::append_json_string(out, s);
  return out;
}

struct CheckOptions {
  PackOptions pack;
  std::string format = "text";
  std::string stage = "codegen";
  bool warnings = false;
  bool lint = false;
};

// --lint: the lints (compiler/pack/lints.h) over what was built, printed
// after the detections. Warnings never change the exit status.
void print_lints(const ContentTree& tree, const BuildResult& result, bool linked, const CheckOptions& o) {
  LintInput in;
  in.rules = &result.rules;
  in.pack = linked ? result.pack.get() : nullptr;
  for (const auto& path : tree.paths_of(ContentKind::DataSource))
    if (auto ds = read_lint_data_source(path)) in.data_sources.push_back(std::move(*ds));
  in.macro_files = tree.paths_of(ContentKind::Macro);
  in.lookup_files = tree.paths_of(ContentKind::Lookup);
  std::vector<LintWarning> warnings = run_lints(in);
  std::map<std::string, size_t> counts;
  for (const auto& w : warnings) {
    ++counts[w.lint];
    if (o.format == "json") {
      std::fputs(fmt::format(R"({{"file":{},"kind":"lint","lint":"{}","severity":"warning","message":{},"line":{},"col":{}}})"
                             "\n",
                             json_quoted(w.diag.file), w.lint, json_quoted(w.diag.message), w.diag.line, w.diag.col)
                     .c_str(),
                 stdout);
      continue;
    }
    Diagnostic d = w.diag;
    d.message += " [" + w.lint + "]";
    std::fputs(format_diagnostic(d).c_str(), stdout);
  }
  if (o.format == "json") return;
  std::string line = fmt::format("lint: {} warning{}", warnings.size(), warnings.size() == 1 ? "" : "s");
  std::string sep = " (";
  for (const auto& [name, n] : counts) {
    line += fmt::format("{}{} {}", sep, name, n);
    sep = ", ";
  }
  std::fputs((line + (counts.empty() ? "\n" : ")\n")).c_str(), stdout);
}

// The non-detection files of the tree, checked; JSON rows or diagnostics
// printed. Returns the reports for the summary.
std::vector<ContentReport> check_other_files(const ContentTree& tree, const CheckOptions& o) {
  std::vector<ContentReport> out;
  for (const auto& f : tree.files) {
    if (f.kind == ContentKind::Detection) continue;
    ContentReport r = check_content_file(f);
    if (o.format == "json") {
      std::string line = fmt::format(R"({{"file":{},"kind":{},"name":{},"status":"{}")", json_quoted(r.file),
                                     json_quoted(content_kind_name(r.kind)), json_quoted(r.name),
                                     r.ok ? "ok" : "error");
      if (const Diagnostic* d = r.ok ? nullptr : r.first_error()) {
        line += fmt::format(R"(,"stage":"{}","message":{},"line":{},"col":{})", stage_name(d->stage),
                            json_quoted(d->message), d->line, d->col);
      }
      std::fputs((line + "}\n").c_str(), stdout);
    } else {
      for (const auto& d : r.diagnostics) {
        if (d.severity != Severity::Error && !o.warnings) continue;
        std::fputs(format_diagnostic(d).c_str(), stdout);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

// "5 macros: 5 ok, 0 errors" per kind present (field maps also count fragments).
void print_other_summary(const std::vector<ContentReport>& reports) {
  for (ContentKind k : {ContentKind::Macro, ContentKind::Lookup, ContentKind::FieldMap, ContentKind::DataSource}) {
    size_t n = 0, ok = 0, fragments = 0;
    for (const auto& r : reports) {
      if (r.kind != k) continue;
      ++n;
      ok += r.ok;
      fragments += r.fragment;
    }
    if (n == 0) continue;
    std::string line = fmt::format("{} {}{}: {} ok", n, content_kind_name(k), n == 1 ? "" : "s", ok);
    if (fragments) line += fmt::format(" ({} fragment{})", fragments, fragments == 1 ? "" : "s");
    line += fmt::format(", {} error{}\n", n - ok, n - ok == 1 ? "" : "s");
    std::fputs(line.c_str(), stdout);
  }
}

int run_check(const CheckOptions& o) {
  BuildOptions bo;
  // check compiles a KV store lookup against its declared fields and warns
  // that running needs its rows (or --empty-lookup).
  bo.unfilled_lookups_are_warnings = true;
  if (o.stage == "parse") bo.last_stage = Stage::Parse;
  else if (o.stage == "lower") bo.last_stage = Stage::Lower;
  auto sources = o.pack.sources();
  if (sources.rule_paths.empty()) {
    std::fputs("rulejit check: no detection paths given and no bundled pack found (set RULEJIT_HOME)\n", stderr);
    return 2;
  }
  std::vector<Diagnostic> scan_diags;
  ContentTree tree = scan_content_tree(sources.rule_paths, scan_diags);
  print_diagnostics(scan_diags, o.warnings);
  o.pack.use_tree_folders(tree, sources);
  sources.rule_paths = tree.paths_of(ContentKind::Detection);
  std::vector<ContentReport> others = check_other_files(tree, o);

  bo.add_generic_source = bo.last_stage == Stage::Codegen;
  BuildResult result = build_pack(sources, bo);
  // Problems in files checked above were reported there, once.
  std::set<std::string> reported;
  for (const auto& r : others) reported.insert(r.file);
  std::erase_if(result.diagnostics, [&](const Diagnostic& d) { return reported.count(d.file) != 0; });
  print_diagnostics(result.diagnostics, o.warnings);
  if (bo.last_stage == Stage::Codegen && !result.pack->rules.empty()) {
    // "ok" means compiled to native code: JIT-compile the whole pack once.
    std::string err;
    auto native = jit::compile_native_pack(*result.pack, jit::CompileOptions{}, &err);
    if (!native) {
      for (auto& r : result.rules) {
        if (r.state != RuleState::Ok) continue;
        r.state = RuleState::Error;
        r.stage = Stage::Codegen;
        Diagnostic d;
        d.stage = Stage::Codegen;
        d.file = r.file;
        d.message = "native code generation failed: " + err;
        r.diagnostics.insert(r.diagnostics.begin(), d);
      }
    }
  }
  size_t ok = 0, errors = 0, unsupported = 0;
  for (const auto& r : result.rules) {
    switch (r.state) {
      case RuleState::Ok: ++ok; break;
      case RuleState::Error: ++errors; break;
      case RuleState::Unsupported: ++unsupported; break;
    }
    if (o.format == "json") {
      std::string line = fmt::format(R"({{"file":{},"kind":"detection","id":{},"name":{},"status":"{}")",
                                     json_quoted(r.file), json_quoted(r.id), json_quoted(r.name),
                                     rule_state_name(r.state));
      if (r.state != RuleState::Ok) {
        const Diagnostic* d = r.first_error();
        line += fmt::format(R"(,"stage":"{}","message":{},"line":{},"col":{})", stage_name(r.stage),
                            json_quoted(d ? d->message : "unknown error"), d ? d->line : 0, d ? d->col : 0);
      }
      std::fputs((line + "}\n").c_str(), stdout);
      continue;
    }
    if (r.state != RuleState::Ok || o.warnings) {
      for (const auto& d : r.diagnostics) {
        if (d.severity != Severity::Error && !o.warnings) continue;
        std::fputs(format_diagnostic(d).c_str(), stdout);
      }
    }
  }
  if (o.format != "json") {
    std::fputs(fmt::format("{} detection{}: {} ok, {} error{}, {} unsupported\n", result.rules.size(),
                           result.rules.size() == 1 ? "" : "s", ok, errors, errors == 1 ? "" : "s", unsupported)
                   .c_str(),
               stdout);
    print_other_summary(others);
  }
  if (o.lint) print_lints(tree, result, bo.last_stage == Stage::Codegen, o);
  bool others_ok = std::all_of(others.begin(), others.end(), [](const ContentReport& r) { return r.ok; });
  return (errors == 0 && unsupported == 0 && others_ok) ? 0 : 1;
}

}  // namespace

void register_check(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Compile detections and report errors per detection");
  cmd->footer(
      "Each detection is loaded (YAML), its macros expanded, its SPL parsed and lowered to IR.\n"
      "In a folder laid out like security_content (detections/ macros/ lookups/ data_sources/)\n"
      "or like rules/ (fieldmaps/ too), every YAML file is checked as what it is (by its folder,\n"
      "else by its keys), and the folder's macros, lookups and field maps serve its detections\n"
      "unless --macros/--lookups/--fieldmaps are given.\n"
      "Text output: one compiler-style diagnostic (file:line:col, caret) per failing file,\n"
      "then a summary per kind. JSON output: one object per file with file, kind, name, status\n"
      "(ok|error|unsupported; detections also id) and, for failures, stage, message, line, col.\n"
      "--lint also warns about detections that can never fire on their data source and about\n"
      "macros and lookups nothing uses; each warning names its lint (text: `[name]`, JSON:\n"
      "{\"kind\":\"lint\",\"lint\":name,...}). A detection acknowledges one with\n"
      "`lint_ignore: [{lint: NAME, reason: TEXT}]`.\n"
      "Exit status: 0 when every file is ok (lint warnings do not count), 1 otherwise, 2 on\n"
      "usage errors.");
  opts->pack.add_to(*cmd, true);
  cmd->add_option("--format", opts->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--stage", opts->stage, "Last stage to run: parse, lower or codegen (default: all)")
      ->check(CLI::IsMember({"parse", "lower", "codegen"}));
  cmd->add_flag("-W,--warnings", opts->warnings, "Also print warnings");
  cmd->add_flag("--lint", opts->lint, "Also run the lints (detections that can never fire, unused macros/lookups)");
  cmd->callback([opts] { throw CLI::RuntimeError(run_check(*opts)); });
}

}  // namespace rulejit::cli
