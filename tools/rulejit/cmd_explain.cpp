// rulejit explain: show what the compiler makes of one detection — the
// expanded SPL, the AST, the IR (and, with the JIT, LLVM IR and assembly).
#include <cstdio>

#include "compiler/codegen/native_pack.h"
#include "compiler/ir/plan.h"
#include "compiler/pack/prefilter_plan.h"
#include "compiler/spl/ast_printer.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

struct ExplainOptions {
  PackOptions pack;
  std::string file;
  bool spl = false, ast = false, ir = false, llvm = false, asm_ = false, prefilter = false;
};

// The pack's raw-line prefilter: which literals each rule needs per data source.
int explain_prefilter(const ExplainOptions& o) {
  BuildResult result = build_pack(o.pack.sources());
  print_diagnostics(result.diagnostics, false);
  std::printf("## raw-line prefilter (%zu rules, %zu bindings to data sources)\n", result.pack->rules.size(),
              result.pack->bindings.size());
  std::fputs(print_prefilter(*result.pack, plan_prefilter(*result.pack)).c_str(), stdout);
  return result.pack->rules.empty() ? 1 : 0;
}

int run_explain(ExplainOptions o) {
  o.pack.rules = {o.file};
  if (o.prefilter) return explain_prefilter(o);
  if (!o.spl && !o.ast && !o.ir && !o.llvm && !o.asm_) o.spl = o.ir = true;
  BuildOptions bo;
  bo.keep_ast = true;
  bo.last_stage = (o.llvm || o.asm_) ? Stage::Codegen : Stage::Lower;
  bo.add_generic_source = o.llvm || o.asm_;
  BuildResult result = build_pack(o.pack.sources(), bo);
  std::string native_text;
  if ((o.llvm || o.asm_) && !result.pack->rules.empty()) {
    jit::CompileOptions co;
    co.keep_ir = o.llvm;
    co.keep_asm = o.asm_;
    std::string err;
    auto native = jit::compile_native_pack(*result.pack, co, &err);
    if (!native) {
      std::fprintf(stderr, "rulejit explain: native code generation failed: %s\n", err.c_str());
      return 1;
    }
    if (o.llvm) native_text += "## LLVM IR (optimized; one function per data source the rule reads)\n" + native->llvm_ir();
    if (o.asm_) native_text += "## assembly (host CPU)\n" + native->assembly();
  }
  print_diagnostics(result.diagnostics, false);
  int status = 0;
  for (const auto& r : result.rules) {
    std::printf("# %s (%s)\n", r.name.c_str(), r.file.c_str());
    if ((o.spl || o.ast) && !r.expanded_spl.empty()) std::printf("## expanded SPL\n%s\n", r.expanded_spl.c_str());
    if (o.ast && r.ast) std::printf("## AST\n%s\n", spl::print_ast(*r.ast).c_str());
    if (o.ir && r.plan) std::printf("## IR\n%s", ir::print_plan(*r.plan).c_str());
    if (!native_text.empty()) std::fputs(native_text.c_str(), stdout);
    for (const auto& d : r.diagnostics) std::fputs(format_diagnostic(d).c_str(), stderr);
    if (r.state != RuleState::Ok) status = 1;
  }
  return status;
}

}  // namespace

void register_explain(CLI::App& app) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand("explain", "Show the expanded SPL, AST and IR of a detection");
  cmd->add_option("file", opts->file, "Detection YAML file (with --prefilter: a file or a folder of them)")->required();
  opts->pack.add_to(*cmd, false);
  cmd->add_flag("--spl", opts->spl, "Print the SPL after comment removal and macro expansion");
  cmd->add_flag("--ast", opts->ast, "Print the expanded SPL and the syntax tree");
  cmd->add_flag("--ir", opts->ir, "Print the lowered IR");
  cmd->add_flag("--llvm", opts->llvm, "Print the optimized LLVM IR the JIT generates");
  cmd->add_flag("--asm", opts->asm_, "Print the native assembly for this machine");
  cmd->add_flag("--prefilter", opts->prefilter,
                "Print the pack's raw-line prefilter: per rule and data source, the literals one of which an "
                "event's line must hold for the rule's leading filters to pass");
  cmd->footer("Without a view flag, prints the expanded SPL and the IR.");
  cmd->callback([opts] { throw CLI::RuntimeError(run_explain(*opts)); });
}

}  // namespace rulejit::cli
