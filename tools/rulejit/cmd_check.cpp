// rulejit check: compile detections and report, per detection, how far each
// got (ok / error / unsupported) with file:line:col diagnostics.
#include <fmt/format.h>

#include <cstdio>

#include "compiler/codegen/native_pack.h"
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
};

int run_check(const CheckOptions& o) {
  BuildOptions bo;
  if (o.stage == "parse") bo.last_stage = Stage::Parse;
  else if (o.stage == "lower") bo.last_stage = Stage::Lower;
  auto sources = o.pack.sources();
  if (sources.rule_paths.empty()) {
    std::fputs("rulejit check: no detection paths given and no bundled pack found (set RULEJIT_HOME)\n", stderr);
    return 2;
  }
  bo.add_generic_source = bo.last_stage == Stage::Codegen;
  BuildResult result = build_pack(sources, bo);
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
      std::string line = fmt::format(R"({{"file":{},"id":{},"name":{},"status":"{}")", json_quoted(r.file),
                                     json_quoted(r.id), json_quoted(r.name), rule_state_name(r.state));
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
  }
  return (errors == 0 && unsupported == 0) ? 0 : 1;
}

}  // namespace

void register_check(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Compile detections and report errors per detection");
  cmd->footer(
      "Each detection is loaded (YAML), its macros expanded, its SPL parsed and lowered to IR.\n"
      "Text output: one compiler-style diagnostic (file:line:col, caret) per failing detection,\n"
      "then a summary. JSON output: one object per detection with file, id, name, status\n"
      "(ok|error|unsupported) and, for failures, stage, message, line, col.\n"
      "Exit status: 0 when every detection is ok, 1 otherwise, 2 on usage errors.");
  opts->pack.add_to(*cmd, true);
  cmd->add_option("--format", opts->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--stage", opts->stage, "Last stage to run: parse, lower or codegen (default: all)")
      ->check(CLI::IsMember({"parse", "lower", "codegen"}));
  cmd->add_flag("-W,--warnings", opts->warnings, "Also print warnings");
  cmd->callback([opts] { throw CLI::RuntimeError(run_check(*opts)); });
}

}  // namespace rulejit::cli
